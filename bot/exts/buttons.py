"""Buttons that keep working after a restart: ids in the custom_id, everything else in the database.

A custom_id holds quiz or attempt ids and positions, never which option is right: anyone can read a
custom_id. Patterns accept ASCII digits only (`\\d` would take other scripts' digits too).
Each button acts only on
its own kind of message: Start on a channel card, the rest on a student's private messages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Self

import discord

from bot.content import limits
from bot.errors import UserError
from bot.exts import student_embeds
from bot.exts.context import guild_of, member_of, reader_of, tutor_of, who_of
from bot.exts.errors import handle_error, respond_on_time
from bot.exts.registry import ID, Routed, button
from bot.exts.rows import Rows, answer_custom_id, question_rows
from bot.i18n import ENGLISH, Language
from bot.tutor.messages import NOT_HERE

if TYPE_CHECKING:
    from bot.tutor import ReviewPage, Step


def _check_message_kind(interaction: discord.Interaction, *, private: bool) -> None:
    """Refuse a button carried on the wrong kind of message (a forged custom_id) before any write."""
    message = interaction.message
    if message is None or message.flags.ephemeral is not private:
        raise UserError(NOT_HERE)


class SafeButton(Routed):
    """A button's callback, with every failure turned into a private reply by handle_error.

    discord.py only logs what a DynamicItem callback raises, and the student would see
    "This interaction failed"; so buttons implement `respond` and inherit this `callback`.
    A first response that could only arrive after Discord's deadline is skipped (handle_error
    logs it once); what `respond` saved before it stays saved.
    """

    # Where the button may be clicked: on a private (ephemeral) message, or on a public card.
    private: ClassVar[bool] = True

    @classmethod
    def from_match(cls, match: re.Match[str], /) -> Self:
        # Every button's constructor takes its custom_id's ids first, in the template's order; the rest
        # (a label, a language) does not matter for a button rebuilt only to handle its click.
        return cls(*(int(value) for value in match.groups()))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        # discord.py's own dynamic-item dispatch, should a click ever reach it.
        return cls.from_match(match)

    async def respond(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction) -> None:
        respond_on_time(interaction)
        try:
            # Refused before any read or write: a forged id carried on the wrong kind of message.
            member_of(interaction)
            _check_message_kind(interaction, private=self.private)
            await self.respond(interaction)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a private reply in handle_error
            await handle_error(interaction, exc)


@button
class StartButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:start:(?P<quiz>{ID})",
):
    private = False

    def __init__(self, quiz_id: int, lang: Language = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=lang("button.start"),
                style=discord.ButtonStyle.success,
                emoji="📝",
                custom_id=f"tutor:start:{quiz_id}",
            )
        )
        self.quiz_id = quiz_id

    async def respond(self, interaction: discord.Interaction) -> None:
        step = await tutor_of(interaction).sessions.start(await who_of(interaction), self.quiz_id)
        await show_step(interaction, step, new=True)


@button
class AnswerButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:answer:(?P<attempt>{ID}):(?P<position>[0-9]{{1,4}}):(?P<slot>[0-9])",
):
    # Sent as payload by answer_rows (bot/exts/rows.py); built only to handle a click.
    def __init__(self, attempt_id: int, position: int, slot: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=answer_custom_id(attempt_id, position, slot),
            )
        )
        self.attempt_id = attempt_id
        self.position = position
        self.slot = slot

    @staticmethod
    def stands_for(clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        """A late tap on an earlier question of the attempt whose message has moved on since (see
        bot/exts/dispatch.py): to a later question, or to its result. The student sees the stored answer
        again, or the result, rather than a refusal."""
        same_attempt = kind in (AnswerButton, ReviewButton) and shown["attempt"] == clicked["attempt"]
        return same_attempt and (kind is ReviewButton or int(shown["position"]) > int(clicked["position"]))

    async def respond(self, interaction: discord.Interaction) -> None:
        step = await tutor_of(interaction).sessions.answer(
            guild_of(interaction), self.attempt_id, interaction.user.id, self.position, self.slot
        )
        await show_step(interaction, step)


@button
class TryAgainButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:retry:(?P<quiz>{ID})",
):
    def __init__(self, quiz_id: int, lang: Language = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=lang("button.try_again"),
                style=discord.ButtonStyle.success,
                emoji="🔁",
                custom_id=f"tutor:retry:{quiz_id}",
            )
        )
        self.quiz_id = quiz_id

    async def respond(self, interaction: discord.Interaction) -> None:
        step = await tutor_of(interaction).sessions.retry(await who_of(interaction), self.quiz_id)
        await show_step(interaction, step)


@button
class KeepScoreButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:keep:(?P<quiz>{ID})",
):
    def __init__(self, quiz_id: int, lang: Language = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=lang("button.keep"),
                style=discord.ButtonStyle.secondary,
                custom_id=f"tutor:keep:{quiz_id}",
            )
        )
        self.quiz_id = quiz_id

    async def respond(self, interaction: discord.Interaction) -> None:
        step = await tutor_of(interaction).sessions.keep(await who_of(interaction), self.quiz_id)
        await show_step(interaction, step)


@button
class ReviewButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:review:(?P<attempt>{ID})",
):
    """Opens a finished attempt's answers in a new private message, so the result stays in view."""

    def __init__(self, attempt_id: int, label: str = ENGLISH("button.review")) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[: limits.BUTTON_LABEL],
                style=discord.ButtonStyle.primary,
                emoji="🔎",
                custom_id=f"tutor:review:{attempt_id}",
            )
        )
        self.attempt_id = attempt_id

    async def respond(self, interaction: discord.Interaction) -> None:
        page = await tutor_of(interaction).sessions.review(
            guild_of(interaction), self.attempt_id, interaction.user.id, 0
        )
        embed, view = render_review(page, reader_of(interaction))
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


@button
class PageButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:page:(?P<attempt>{ID}):(?P<page>[0-9]{{1,3}})",
):
    def __init__(self, attempt_id: int, page: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary, custom_id=f"tutor:page:{attempt_id}:{page}"
            )
        )
        self.attempt_id = attempt_id
        self.page = page

    async def respond(self, interaction: discord.Interaction) -> None:
        page = await tutor_of(interaction).sessions.review(
            guild_of(interaction), self.attempt_id, interaction.user.id, self.page
        )
        embed, view = render_review(page, reader_of(interaction))
        await interaction.response.edit_message(embed=embed, view=view)


async def show_step(
    interaction: discord.Interaction, step: Step, *, new: bool = False, picked: tuple[int, ...] = ()
) -> None:
    """A student's quiz message in their language: a new private message, or the clicked one edited.
    `picked`: the options ticked or put in order so far on a question that takes several taps."""
    lang = reader_of(interaction)
    embeds, view = render_step(step, lang, picked)
    if new:
        await interaction.response.send_message(
            content=_note(step, lang), embeds=embeds, view=view, ephemeral=True
        )
    else:
        await interaction.response.edit_message(content=_note(step, lang), embeds=embeds, view=view)


def start_view(quiz_id: int, lang: Language = ENGLISH) -> discord.ui.View:
    """The Start quiz button of a card in the channel, in the server's language."""
    view = discord.ui.View(timeout=None)
    view.add_item(StartButton(quiz_id, lang))
    return view


def _note(step: Step, lang: Language) -> str | None:
    return None if step.note is None else lang.render(step.note)


def render_step(
    step: Step, lang: Language = ENGLISH, picked: tuple[int, ...] = ()
) -> tuple[list[discord.Embed], discord.ui.View]:
    """A student's quiz message: feedback (or "saved"), then the next question or the result."""
    shown = []
    if step.feedback is not None:
        shown.append(student_embeds.feedback(step.feedback, lang))
    elif step.saved:
        shown.append(student_embeds.saved(lang))
    if step.question is not None:
        shown.append(student_embeds.question(step.question, step.lesson, lang, follows=bool(shown)))
        return shown, Rows(question_rows(step.attempt_id, step.question, lang, picked))
    view = discord.ui.View(timeout=None)
    assert step.summary is not None
    shown.append(
        student_embeds.result(
            step.summary, step.lesson, step.offer, step.results_visible, lang, follows=bool(shown)
        )
    )
    offer = step.offer
    if offer is not None and offer.can_retry:
        view.add_item(TryAgainButton(step.quiz_id, lang))
        if offer.asking:
            view.add_item(KeepScoreButton(step.quiz_id, lang))
    if step.results_visible:
        view.add_item(ReviewButton(step.attempt_id, lang("button.review")))
    return shown, view


def render_review(page: ReviewPage, lang: Language = ENGLISH) -> tuple[discord.Embed, discord.ui.View]:
    view = discord.ui.View(timeout=None)
    if page.page > 0:
        view.add_item(PageButton(page.attempt_id, page.page - 1, lang("button.back")))
    if page.page + 1 < page.pages:
        view.add_item(PageButton(page.attempt_id, page.page + 1, lang("button.next")))
    return student_embeds.review_page(page, lang), view
