"""A live class's buttons: restart-safe, their custom_ids holding only the session's id and positions.

Answer, My result and My score sit on the public card; a student's options on their private screen; the
teacher's steps on their private panel. Which option is right is never in a custom_id. A choose-all,
put-in-order or typed question is answered with the multi-tap widgets every flow shares
(bot/exts/answering.py), in the live flow "l": their custom_ids hold the session, the question's place
and the student's own picks.
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING, Any

import discord

from bot.content import limits
from bot.exts import answering, live_embeds
from bot.exts.buttons import SafeButton
from bot.exts.context import reader_of, tutor_of, who_of
from bot.exts.live_cards import CardKeeper
from bot.exts.registry import ID, button
from bot.exts.rows import MULTI_TAP, Rows, multi_tap_rows, option_rows
from bot.i18n import ENGLISH, Language
from bot.live import Phase, Step

if TYPE_CHECKING:
    from bot.quiz.engine import Given, QuestionView
    from bot.tutor.live import Choice, LiveView

_POSITION = "[0-9]{1,4}"
STEPS = (Step.CLOSE, Step.REVEAL, Step.NEXT, Step.END)  # a step's number in a custom_id is its place here
_STEP_STYLE = {
    Step.CLOSE: discord.ButtonStyle.secondary,
    Step.REVEAL: discord.ButtonStyle.primary,
    Step.NEXT: discord.ButtonStyle.success,
    Step.END: discord.ButtonStyle.danger,
}
_KEEPERS: weakref.WeakKeyDictionary[discord.Client, CardKeeper] = weakref.WeakKeyDictionary()


def keeper_of(client: discord.Client) -> CardKeeper:
    """The process's keeper of live cards, made on first use."""
    keeper = _KEEPERS.get(client)
    if keeper is None:
        keeper = _KEEPERS[client] = CardKeeper(client, getattr(client, "tutor"), card_buttons)  # noqa: B009
    return keeper


def _button(
    label: str, custom_id: str, style: discord.ButtonStyle, *, disabled: bool = False
) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(
        label=label[: limits.BUTTON_LABEL], style=style, custom_id=custom_id, disabled=disabled
    )


@button
class LiveJoinButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:live-join:(?P<session>{ID})",
):
    private = False

    def __init__(self, session_id: int, lang: Language = ENGLISH) -> None:
        super().__init__(
            _button(lang("live.answer_button"), f"tutor:live-join:{session_id}", discord.ButtonStyle.success)
        )
        self.session_id = session_id

    async def respond(self, interaction: discord.Interaction) -> None:
        chosen = await tutor_of(interaction).live.choice(await who_of(interaction), self.session_id)
        embed, view = render_choice(chosen, reader_of(interaction))
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


@button
class LivePickButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:live-pick:(?P<session>{ID}):(?P<position>{_POSITION}):(?P<option>[0-9])",
):
    def __init__(
        self, session_id: int, position: int, option: int, label: str = "?", *, chosen: bool = False
    ) -> None:
        style = discord.ButtonStyle.success if chosen else discord.ButtonStyle.secondary
        super().__init__(_button(label, f"tutor:live-pick:{session_id}:{position}:{option}", style))
        self.session_id, self.position, self.option = session_id, position, option

    async def respond(self, interaction: discord.Interaction) -> None:
        live = tutor_of(interaction).live
        chosen = await live.answer(await who_of(interaction), self.session_id, self.position, self.option)
        embed, view = render_choice(chosen, reader_of(interaction))
        await interaction.response.edit_message(embed=embed, view=view)
        keeper_of(interaction.client).changed(self.session_id)


@button
class LiveStepButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:live-step:(?P<session>{ID}):(?P<position>{_POSITION}):(?P<step>[0-3])",
):
    def __init__(
        self, session_id: int, position: int, step: int, lang: Language = ENGLISH, *, disabled: bool = False
    ) -> None:
        kind = STEPS[step]
        custom_id = f"tutor:live-step:{session_id}:{position}:{step}"
        super().__init__(
            _button(lang(f"live.step.{kind.value}"), custom_id, _STEP_STYLE[kind], disabled=disabled)
        )
        self.session_id, self.position, self.step = session_id, position, kind

    async def respond(self, interaction: discord.Interaction) -> None:
        view = await tutor_of(interaction).live.step(
            await who_of(interaction), self.session_id, self.position, self.step
        )
        lang = reader_of(interaction)
        await interaction.response.edit_message(
            embed=render_panel(view, lang), view=panel_buttons(view, lang)
        )
        keeper_of(interaction.client).changed(self.session_id, urgent=True)
        if self.step is Step.END:
            from bot.exts.live import send_report  # noqa: PLC0415 - the cog module imports this one

            await send_report(interaction, view.session.quiz_id)


@button
class LiveResultButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:live-result:(?P<session>{ID}):(?P<position>{_POSITION})",
):
    private = False

    def __init__(self, session_id: int, position: int, lang: Language = ENGLISH) -> None:
        custom_id = f"tutor:live-result:{session_id}:{position}"
        super().__init__(_button(lang("live.result_button"), custom_id, discord.ButtonStyle.primary))
        self.session_id, self.position = session_id, position

    async def respond(self, interaction: discord.Interaction) -> None:
        who = await who_of(interaction)
        mine = await tutor_of(interaction).live.result(who, self.session_id, self.position)
        embed = live_embeds.result(mine, reader_of(interaction))
        await interaction.response.send_message(embed=embed, ephemeral=True)


@button
class LiveScoreButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:live-score:(?P<session>{ID})",
):
    private = False

    def __init__(self, session_id: int, lang: Language = ENGLISH) -> None:
        custom_id = f"tutor:live-score:{session_id}"
        super().__init__(_button(lang("live.score_button"), custom_id, discord.ButtonStyle.primary))
        self.session_id = session_id

    async def respond(self, interaction: discord.Interaction) -> None:
        mine = await tutor_of(interaction).live.score(await who_of(interaction), self.session_id)
        await interaction.response.send_message(
            embed=live_embeds.score(mine, reader_of(interaction)), ephemeral=True
        )


def _view(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


def card_buttons(view: LiveView, lang: Language) -> discord.ui.View:
    """The card's button: Answer while a question runs, My result once revealed, My score at the end."""
    session = view.session
    if view.phase is Phase.ENDED:
        return _view(LiveScoreButton(session.id, lang))
    if view.phase is Phase.REVEALED:
        return _view(LiveResultButton(session.id, session.position, lang))
    return _view(LiveJoinButton(session.id, lang))


def panel_buttons(view: LiveView, lang: Language) -> discord.ui.View | None:
    """The teacher's steps, those that do not apply now shown disabled; none once ended."""
    if view.phase is Phase.ENDED:
        return None
    session, allowed = view.session, view.steps
    return _view(
        *(
            LiveStepButton(session.id, session.position, n, lang, disabled=step not in allowed)
            for n, step in enumerate(STEPS)
        )
    )


def render_panel(view: LiveView, lang: Language) -> discord.Embed:
    """The panel, naming who answered (never when anonymous)."""
    return live_embeds.panel(view, [discord.utils.escape_markdown(name) for name in view.answered_by], lang)


def render_choice(
    chosen: Choice, lang: Language, picked: tuple[int, ...] | None = None
) -> tuple[discord.Embed, discord.ui.View]:
    """A student's private screen: one button per option, lettered as on the card, theirs highlighted;
    or, for more than a tap, the shared widgets showing `picked` (by default their answer as saved)."""
    embed = live_embeds.choice(chosen, lang)
    if chosen.question.kind in MULTI_TAP:
        view = chosen.asked.view(chosen.position, chosen.total)
        shown = chosen.picked if picked is None else picked
        return embed, Rows(multi_tap_rows("l", chosen.session_id, view, lang, shown))
    # As payload, not Button objects: every answer in a burst of a class redraws this screen.
    labels = [
        f"{live_embeds.letter(option)} · {text}"[: limits.BUTTON_LABEL]
        for option, text in enumerate(chosen.asked.options)
    ]
    prefix = f"tutor:live-pick:{chosen.session_id}:{chosen.position}"
    return embed, Rows(option_rows(prefix, labels, chosen.chosen))


@answering.flow("l")
class LiveFlow:
    """A live class's private screen answered with the multi-tap widgets: the target is the session."""

    async def redraw(
        self, interaction: discord.Interaction, target: int, position: int, picked: tuple[int, ...]
    ) -> None:
        chosen = await tutor_of(interaction).live.choice(await who_of(interaction), target, position)
        embed, view = render_choice(chosen, reader_of(interaction), picked)
        await interaction.response.edit_message(embed=embed, view=view)

    async def answer(
        self, interaction: discord.Interaction, target: int, position: int, given: Given
    ) -> None:
        chosen = await tutor_of(interaction).live.answer(await who_of(interaction), target, position, given)
        embed, view = render_choice(chosen, reader_of(interaction))
        await interaction.response.edit_message(embed=embed, view=view)
        keeper_of(interaction.client).changed(target)

    def stands_for(self, clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        del clicked, kind, shown  # a live screen stays on its question: a press is never from before
        return False

    async def question(
        self, interaction: discord.Interaction, target: int, position: int
    ) -> QuestionView | None:
        # Refused (and said so) once answers are closed: no box is opened for an answer that can't count.
        chosen = await tutor_of(interaction).live.choice(await who_of(interaction), target, position)
        return chosen.asked.view(position, chosen.total)
