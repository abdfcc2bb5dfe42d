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
from bot.exts import embeds, student_embeds
from bot.exts.context import guild_of, member_of, reader_of, tutor_of, who_of
from bot.exts.errors import count_click, handle_error, outcome_label, respond_on_time
from bot.exts.registry import ID, Routed, button
from bot.exts.rows import Rows, answer_custom_id, question_rows
from bot.i18n import ENGLISH, Language
from bot.tutor.messages import NOT_HERE

if TYPE_CHECKING:
    from bot.quiz.engine import Summary
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
        outcome = "answered"
        try:
            # Refused before any read or write: a forged id carried on the wrong kind of message.
            member_of(interaction)
            _check_message_kind(interaction, private=self.private)
            await self.respond(interaction)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a private reply in handle_error
            outcome = outcome_label(exc)
            await handle_error(interaction, exc)
        finally:
            count_click(interaction, outcome)


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
        if kind in (TryAgainButton, KeepScoreButton):  # its result, which names no attempt
            return True
        # The next question may take several taps: its widgets (bot/exts/answering.py) are the quiz's
        # when their flow letter is none.
        widget = getattr(kind, "flow_widget", False)
        ours = kind in (AnswerButton, ReviewButton, LessonButton) or (widget and not shown["flow"])
        same_attempt = ours and shown["attempt"] == clicked["attempt"]
        later = int(shown["position"]) > int(clicked["position"]) if kind is AnswerButton or widget else True
        return same_attempt and later

    async def respond(self, interaction: discord.Interaction) -> None:
        step = await tutor_of(interaction).sessions.answer(
            guild_of(interaction), self.attempt_id, interaction.user.id, self.position, self.slot
        )
        await show_step(interaction, step)


class StaleSafe(SafeButton):
    """A button a late tap may press from an earlier screen of a student's quiz message (see
    on_quiz_message): it shows where the attempt stands now, never "isn't one of your buttons"."""

    @staticmethod
    def stands_for(clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        del clicked, shown  # judged by its own ids and its presser once called
        return on_quiz_message(kind)


@button
class TryAgainButton(
    StaleSafe,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:retry:(?P<quiz>{ID})",
):
    def __init__(self, quiz_id: int, lang: Language = ENGLISH, *, first: bool = True) -> None:
        super().__init__(
            discord.ui.Button(
                label=lang("button.try_again"),
                # Green when it is the way on; grey after the way back to the lesson, for a low score.
                style=discord.ButtonStyle.success if first else discord.ButtonStyle.secondary,
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
    StaleSafe,
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
    StaleSafe,
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


@button
class LessonButton(
    StaleSafe,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:lesson:(?P<attempt>{ID})",
):
    """The lesson an attempt was taken on, shown again privately in a new message, the result kept in view.

    The channel's copy is not linked: /lesson post keeps no message id, and it may be far up the channel.
    """

    def __init__(self, attempt_id: int, lang: Language = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=lang("button.lesson"),
                style=discord.ButtonStyle.primary,
                emoji="📖",
                custom_id=f"tutor:lesson:{attempt_id}",
            )
        )
        self.attempt_id = attempt_id

    async def respond(self, interaction: discord.Interaction) -> None:
        lesson = await tutor_of(interaction).sessions.lesson(
            guild_of(interaction), self.attempt_id, interaction.user.id
        )
        lang = reader_of(interaction)
        embed = embeds.lesson(lesson, lang)
        embed.set_footer(text=lang("lesson_card.again"))
        await interaction.response.send_message(embed=embed, ephemeral=True)


def on_quiz_message(kind: type) -> bool:
    """Whether a button of this kind shows that a message is a student's quiz message.

    A late tap on a Try again, Keep my score, Review or lesson button from an earlier screen of it
    stands for that message now: the press is then judged by its own ids and its presser, as any.
    """
    return kind in (AnswerButton, TryAgainButton, KeepScoreButton, ReviewButton, LessonButton)


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
    summary = step.summary
    assert summary is not None
    shown.append(
        student_embeds.result(
            summary, step.lesson, step.offer, step.results_visible, lang, follows=bool(shown)
        )
    )
    return shown, _result_view(step, summary, lang)


def _result_view(step: Step, summary: Summary, lang: Language) -> discord.ui.View:
    """Only what the student may do now (the offer's standing): a low score leads back to the lesson."""
    view = discord.ui.View(timeout=None)
    offer = step.offer
    reviewable = step.results_visible and summary.finished
    low = reviewable and student_embeds.low_score(summary)
    if low:
        view.add_item(LessonButton(step.attempt_id, lang))
        view.add_item(ReviewButton(step.attempt_id, lang("button.review")))
    if offer is not None and offer.standing.may_retry:
        view.add_item(TryAgainButton(step.quiz_id, lang, first=not low))
        if offer.asking:
            view.add_item(KeepScoreButton(step.quiz_id, lang))
    if reviewable and not low:
        view.add_item(ReviewButton(step.attempt_id, lang("button.review")))
    from bot.exts.review_buttons import redemption_offer  # noqa: PLC0415 - it builds on SafeButton here

    redemption_offer(view, step, lang)
    return view


def render_review(page: ReviewPage, lang: Language = ENGLISH) -> tuple[discord.Embed, discord.ui.View]:
    view = discord.ui.View(timeout=None)
    if page.page > 0:
        view.add_item(PageButton(page.attempt_id, page.page - 1, lang("button.back")))
    if page.page + 1 < page.pages:
        view.add_item(PageButton(page.attempt_id, page.page + 1, lang("button.next")))
    return student_embeds.review_page(page, lang), view
