"""Answering the questions that take more than one tap: choose all, put in order, and a typed answer.

Each is restart-safe as every button is: a custom_id holds the attempt, the question's position and the
student's own picks so far (the slots ticked as a bitmask, or tapped as digits), never the answer. A
tick or a tap redraws the question from its custom_id; Check sends the picks to the core, which judges
them. A typed answer is written in a modal whose submit is routed by custom_id like a click (its
opening button must be on the message), and judged in the core, never here.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.content import limits
from bot.exts.buttons import SafeButton, show_step
from bot.exts.context import guild_of, reader_of, tutor_of
from bot.exts.embeds import clip
from bot.exts.registry import ID, button, modal
from bot.exts.rows import mask_slots, sequence_of, sequence_text
from bot.i18n import ENGLISH, Language
from bot.quiz.engine import Given, Placed, QuestionView, Ticked

_WHERE = f"(?P<attempt>{ID}):(?P<position>[0-9]{{1,4}})"
_SLOT = "(?P<slot>[0-5])"
_MASK = "(?P<mask>[0-9]{1,2})"
_SEQUENCE = "(?P<sequence>[0-9]{1,5})"
_TEXT_INPUT = 4
# Discord's limits on a modal's title and on its text input's label.
_MODAL_TITLE = 45
_INPUT_LABEL = 45


class _Answering(SafeButton):
    attempt_id: int
    position: int

    async def _redraw(self, interaction: discord.Interaction, picked: tuple[int, ...]) -> None:
        """The question again with these picks; or, if it was answered meanwhile, where the attempt is."""
        step = await tutor_of(interaction).sessions.showing(
            guild_of(interaction), self.attempt_id, interaction.user.id, self.position
        )
        asked = step.question is not None and step.question.position == self.position
        await show_step(interaction, step, picked=picked if asked else ())

    async def _answer(self, interaction: discord.Interaction, given: Given) -> None:
        step = await tutor_of(interaction).sessions.answer(
            guild_of(interaction), self.attempt_id, interaction.user.id, self.position, given
        )
        await show_step(interaction, step)


def _where(attempt_id: int, position: int) -> str:
    return f"{attempt_id}:{position}"


@button
class TickButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:tick:{_WHERE}:{_SLOT}:{_MASK}",
):
    """Ticks or unticks one option of a choose-all question; `mask` is what was ticked before."""

    def __init__(self, attempt_id: int, position: int, slot: int, mask: int) -> None:
        custom_id = f"tutor:tick:{_where(attempt_id, position)}:{slot}:{mask}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.slot, self.mask = attempt_id, position, slot, mask

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._redraw(interaction, mask_slots(self.mask ^ (1 << self.slot)))


@button
class CheckTickedButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:check:{_WHERE}:{_MASK}",
):
    def __init__(self, attempt_id: int, position: int, mask: int) -> None:
        custom_id = f"tutor:check:{_where(attempt_id, position)}:{mask}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.mask = attempt_id, position, mask

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, Ticked(frozenset(mask_slots(self.mask))))


class _Sequenced(_Answering):
    @classmethod
    def from_match(cls, match: Any, /) -> Any:
        # The sequence's digits are slots, not a number: "0" (none yet) and "31" must stay as written.
        values = match.groupdict()
        ids = (int(values["attempt"]), int(values["position"]))
        rest = [int(values[name]) for name in ("slot",) if name in values]
        return cls(*ids, *rest, sequence_of(values["sequence"]))  # type: ignore[call-arg]


@button
class TapButton(
    _Sequenced,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:tap:{_WHERE}:{_SLOT}:{_SEQUENCE}",
):
    """Puts one option of a put-in-order question next; `placed` are the slots tapped before, in order."""

    def __init__(self, attempt_id: int, position: int, slot: int, placed: tuple[int, ...]) -> None:
        custom_id = f"tutor:tap:{_where(attempt_id, position)}:{slot}:{sequence_text(placed)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.slot, self.placed = attempt_id, position, slot, placed

    async def respond(self, interaction: discord.Interaction) -> None:
        placed = self.placed if self.slot in self.placed else (*self.placed, self.slot)
        await self._redraw(interaction, placed)


@button
class CheckOrderButton(
    _Sequenced,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:placed:{_WHERE}:{_SEQUENCE}",
):
    def __init__(self, attempt_id: int, position: int, placed: tuple[int, ...]) -> None:
        custom_id = f"tutor:placed:{_where(attempt_id, position)}:{sequence_text(placed)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.placed = attempt_id, position, placed

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, Placed(self.placed))


@button
class StartOverButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:unplace:{_WHERE}",
):
    def __init__(self, attempt_id: int, position: int) -> None:
        custom_id = f"tutor:unplace:{_where(attempt_id, position)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position = attempt_id, position

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._redraw(interaction, ())


@button
class TypeButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:type:{_WHERE}",
):
    """Opens the box a typed answer is written in."""

    def __init__(self, attempt_id: int, position: int) -> None:
        custom_id = f"tutor:type:{_where(attempt_id, position)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position = attempt_id, position

    async def respond(self, interaction: discord.Interaction) -> None:
        # Read first: the box names the question (on a phone it covers the message), and a question
        # answered meanwhile shows where the attempt is instead.
        step = await tutor_of(interaction).sessions.showing(
            guild_of(interaction), self.attempt_id, interaction.user.id, self.position
        )
        if step.question is None or step.question.position != self.position:
            await show_step(interaction, step)
            return
        box = AnswerBox(self.attempt_id, self.position, reader_of(interaction), step.question)
        await interaction.response.send_modal(box)


class AnswerBox(discord.ui.Modal):
    """The modal a typed answer is written in, sent as payload; its submit goes to TypedAnswer."""

    def __init__(
        self, attempt_id: int, position: int, lang: Language = ENGLISH, view: QuestionView | None = None
    ) -> None:
        self._custom_id = f"tutor:typed:{_where(attempt_id, position)}"
        # The title says which question; the input's label repeats as much of the prompt as fits (on a
        # phone the box covers the message).
        title = lang("question.title", number=view.number, total=view.total) if view else ""
        self._title = clip(title or lang("question.typed_title"), _MODAL_TITLE)
        self._label = clip(view.prompt if view else lang("question.typed_label"), _INPUT_LABEL)
        super().__init__(title=self._title, custom_id=self._custom_id, timeout=None)

    def to_dict(self) -> dict[str, Any]:
        text_input = {
            "type": _TEXT_INPUT,
            "custom_id": "answer",
            "style": discord.TextStyle.short.value,
            "label": self._label,
            "min_length": 1,
            "max_length": limits.TYPED_ANSWER,
            "required": True,
        }
        rows = [{"type": 1, "components": [text_input]}]
        return {"custom_id": self._custom_id, "title": self._title, "components": rows}

    def is_finished(self) -> bool:
        return True  # nothing to keep: its submit is routed by custom_id (bot/exts/dispatch.py)


def typed_value(data: Any) -> str:
    """The text of the modal's one input, as Discord sends it in a submit (in a row or a label)."""
    stack = list(data.get("components") or []) if isinstance(data, dict) else []
    while stack:
        item = stack.pop(0)
        if not isinstance(item, dict):
            continue
        if item.get("custom_id") == "answer" and isinstance(item.get("value"), str):
            return str(item["value"])
        stack += [*(item.get("components") or []), *([item["component"]] if "component" in item else [])]
    return ""


@modal(f"tutor:typed:{_WHERE}")
class TypedAnswer(_Answering):
    """The submit of an AnswerBox: the text goes to the core as typed (cut to what the box allows)."""

    def __init__(self, attempt_id: int, position: int) -> None:
        self.attempt_id, self.position = attempt_id, position

    @staticmethod
    def opened_by(match: Any) -> str:
        """The custom_id of the button that opens this box: it must be on the message submitted from."""
        return f"tutor:type:{match['attempt']}:{match['position']}"

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, typed_value(interaction.data)[: limits.TYPED_ANSWER])
