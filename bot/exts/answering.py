"""Answering the questions that take more than one tap: choose all, put in order, and a typed answer.

Each is restart-safe as every button is: a custom_id holds the attempt, the question's position and the
student's own picks so far (the slots ticked as a bitmask, or tapped as digits), never the answer. A
tick or a tap redraws the question from its custom_id; Check sends the picks to the core, which judges
them. A typed answer is written in a modal whose submit is routed by custom_id like a click (its
opening button must be on the message), and judged in the core, never here.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Protocol

import discord

from bot.content import limits
from bot.exts.buttons import AnswerButton, SafeButton, show_step
from bot.exts.context import guild_of, reader_of, tutor_of
from bot.exts.embeds import clip
from bot.exts.registry import ID, button, modal
from bot.exts.rows import mask_slots, sequence_of, sequence_text
from bot.i18n import ENGLISH, Language
from bot.quiz.engine import Given, Placed, QuestionView, Ticked

# The flow a widget answers in, as a letter before its target's id: "" a quiz's attempt (as every
# custom_id sent before there were other flows), "r" a review item, "d" a redemption round, "l" a live class.
_WHERE = f"(?P<flow>[rdl]?)(?P<attempt>{ID}):(?P<position>[0-9]{{1,4}})"
_SLOT = "(?P<slot>[0-5])"
_MASK = "(?P<mask>[0-9]{1,2})"
_SEQUENCE = "(?P<sequence>[0-9]{1,5})"
_TEXT_INPUT = 4
# Discord's limits on a modal's title and on its text input's label.
_MODAL_TITLE = 45
_INPUT_LABEL = 45


class Flow(Protocol):
    """What asks a question with these widgets: how a screen is drawn again with the student's picks so
    far, how an answer is taken, and which question a typed answer's box is for."""

    async def redraw(
        self, interaction: discord.Interaction, target: int, position: int, picked: tuple[int, ...]
    ) -> None: ...

    async def answer(
        self, interaction: discord.Interaction, target: int, position: int, given: Given
    ) -> None: ...

    async def question(
        self, interaction: discord.Interaction, target: int, position: int
    ) -> QuestionView | None:
        """The question asked at `position`, to title the box; None (having shown where it stands) if the
        screen has moved on."""
        ...

    def stands_for(self, clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        """Whether a late press of a widget (`clicked`) from an earlier screen of a message stands for the
        message now that it shows the button `shown` of `kind` (bot/exts/dispatch.py): the press is then
        judged by the core, which shows where things stand ("answered already") rather than a refusal."""
        ...


class _Quiz:
    """A quiz's attempt: its questions one after another (bot/tutor/sessions.py)."""

    async def redraw(
        self, interaction: discord.Interaction, target: int, position: int, picked: tuple[int, ...]
    ) -> None:
        step = await tutor_of(interaction).sessions.showing(
            guild_of(interaction), target, interaction.user.id, position
        )
        asked = step.question is not None and step.question.position == position
        await show_step(interaction, step, picked=picked if asked else ())

    async def answer(
        self, interaction: discord.Interaction, target: int, position: int, given: Given
    ) -> None:
        step = await tutor_of(interaction).sessions.answer(
            guild_of(interaction), target, interaction.user.id, position, given
        )
        await show_step(interaction, step)

    async def question(
        self, interaction: discord.Interaction, target: int, position: int
    ) -> QuestionView | None:
        step = await tutor_of(interaction).sessions.showing(
            guild_of(interaction), target, interaction.user.id, position
        )
        if step.question is None or step.question.position != position:
            await show_step(interaction, step)
            return None
        return step.question

    def stands_for(self, clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        return AnswerButton.stands_for(clicked, kind, shown)  # as a late tap on an option of the quiz


FLOWS: dict[str, Flow] = {"": _Quiz()}


def flow(letter: str) -> Any:
    """Registers a flow's handler under its letter (the exts module of review or live does, at import)."""

    def register(cls: type[Flow]) -> type[Flow]:
        FLOWS[letter] = cls()
        return cls

    return register


class _Answering(SafeButton):
    # What a late press from an earlier screen checks (AnswerButton.stands_for and the flows' own).
    flow_widget: ClassVar[bool] = True
    flow: str
    attempt_id: int  # the flow's target: an attempt, a review item, a redemption round's try or a live class
    position: int

    @classmethod
    def from_match(cls, match: Any, /) -> Any:
        # The flow is a letter; a sequence's digits are slots, not a number ("0", none yet, and "31" stay
        # as written); every other group is an id or a position.
        values = match.groupdict()
        given = [
            sequence_of(values[name]) if name == "sequence" else int(values[name])
            for name in sorted(match.re.groupindex, key=match.re.groupindex.get)
            if name != "flow"
        ]
        return cls(*given, flow=values["flow"] or "")  # type: ignore[call-arg]

    @property
    def _flow(self) -> Flow:
        return FLOWS[self.flow]

    # Whether a press only draws the question again (a tick, a tap, Start over), never answering it.
    redraws: ClassVar[bool] = False

    @classmethod
    def stands_for(cls, clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        """A late press from an earlier screen (a second Check, a box submitted twice): as its flow says.
        A tick or a tap a redraw behind (two quick taps on a phone) stands for the same question too: it
        is drawn again from its own picks, which the student then sees before pressing Check."""
        flow = FLOWS.get(clicked["flow"])  # routing must never raise, whatever a client sends
        if flow is None:
            return False
        if cls.redraws and getattr(kind, "flow_widget", False):
            where = ("flow", "attempt", "position")
            if all(shown[name] == clicked[name] for name in where):
                return True
        return flow.stands_for(clicked, kind, shown)

    async def _redraw(self, interaction: discord.Interaction, picked: tuple[int, ...]) -> None:
        """The question again with these picks; or, if it was answered meanwhile, where it stands."""
        await self._flow.redraw(interaction, self.attempt_id, self.position, picked)

    async def _answer(self, interaction: discord.Interaction, given: Given) -> None:
        await self._flow.answer(interaction, self.attempt_id, self.position, given)


def _where(attempt_id: int, position: int, flow: str = "") -> str:
    return f"{flow}{attempt_id}:{position}"


@button
class TickButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:tick:{_WHERE}:{_SLOT}:{_MASK}",
):
    """Ticks or unticks one option of a choose-all question; `mask` is what was ticked before."""

    redraws = True

    def __init__(self, attempt_id: int, position: int, slot: int, mask: int, *, flow: str = "") -> None:
        custom_id = f"tutor:tick:{_where(attempt_id, position, flow)}:{slot}:{mask}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.slot, self.mask, self.flow = (
            attempt_id,
            position,
            slot,
            mask,
            flow,
        )

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._redraw(interaction, mask_slots(self.mask ^ (1 << self.slot)))


@button
class CheckTickedButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:check:{_WHERE}:{_MASK}",
):
    def __init__(self, attempt_id: int, position: int, mask: int, *, flow: str = "") -> None:
        custom_id = f"tutor:check:{_where(attempt_id, position, flow)}:{mask}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.mask, self.flow = attempt_id, position, mask, flow

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, Ticked(frozenset(mask_slots(self.mask))))


@button
class TapButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:tap:{_WHERE}:{_SLOT}:{_SEQUENCE}",
):
    """Puts one option of a put-in-order question next; `placed` are the slots tapped before, in order."""

    redraws = True

    def __init__(
        self, attempt_id: int, position: int, slot: int, placed: tuple[int, ...], *, flow: str = ""
    ) -> None:
        custom_id = f"tutor:tap:{_where(attempt_id, position, flow)}:{slot}:{sequence_text(placed)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.slot, self.placed, self.flow = (
            attempt_id,
            position,
            slot,
            placed,
            flow,
        )

    async def respond(self, interaction: discord.Interaction) -> None:
        placed = self.placed if self.slot in self.placed else (*self.placed, self.slot)
        await self._redraw(interaction, placed)


@button
class CheckOrderButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:placed:{_WHERE}:{_SEQUENCE}",
):
    def __init__(self, attempt_id: int, position: int, placed: tuple[int, ...], *, flow: str = "") -> None:
        custom_id = f"tutor:placed:{_where(attempt_id, position, flow)}:{sequence_text(placed)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.placed, self.flow = attempt_id, position, placed, flow

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, Placed(self.placed))


@button
class StartOverButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:unplace:{_WHERE}",
):
    redraws = True

    def __init__(self, attempt_id: int, position: int, *, flow: str = "") -> None:
        custom_id = f"tutor:unplace:{_where(attempt_id, position, flow)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.flow = attempt_id, position, flow

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._redraw(interaction, ())


@button
class TypeButton(
    _Answering,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:type:{_WHERE}",
):
    """Opens the box a typed answer is written in."""

    def __init__(self, attempt_id: int, position: int, *, flow: str = "") -> None:
        custom_id = f"tutor:type:{_where(attempt_id, position, flow)}"
        super().__init__(discord.ui.Button(label="?", custom_id=custom_id))
        self.attempt_id, self.position, self.flow = attempt_id, position, flow

    async def respond(self, interaction: discord.Interaction) -> None:
        # Read first: the box names the question (on a phone it covers the message), and a question
        # answered meanwhile shows where it stands instead.
        asked = await self._flow.question(interaction, self.attempt_id, self.position)
        if asked is not None:
            box = AnswerBox(self.attempt_id, self.position, reader_of(interaction), asked, flow=self.flow)
            await interaction.response.send_modal(box)


class AnswerBox(discord.ui.Modal):
    """The modal a typed answer is written in, sent as payload; its submit goes to TypedAnswer."""

    def __init__(
        self,
        attempt_id: int,
        position: int,
        lang: Language = ENGLISH,
        view: QuestionView | None = None,
        *,
        flow: str = "",
    ) -> None:
        self._custom_id = f"tutor:typed:{_where(attempt_id, position, flow)}"
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

    def __init__(self, attempt_id: int, position: int, *, flow: str = "") -> None:
        self.attempt_id, self.position, self.flow = attempt_id, position, flow

    @staticmethod
    def opened_by(match: Any) -> str:
        """The custom_id of the button that opens this box: it must be on the message submitted from."""
        return f"tutor:type:{match['flow']}{match['attempt']}:{match['position']}"

    async def respond(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, typed_value(interaction.data)[: limits.TYPED_ANSWER])
