"""Spaced review's buttons and screens: Start my review on the class's card, a review's answers, and the
redemption round of a practice try.

Every button is a restart-safe DynamicItem whose custom_id holds ids and positions only: an item's row
id (or a try's) and the step, and the option's place on the screen; never a question key or an answer.
Choice and true/false questions are answered with the buttons here; choose-all, order and typed ones with
the quiz's own multi-tap widgets (bot/exts/answering.py), whose flows "r" (a review item) and "d" (a
redemption round) are registered here and keep the student's picks in their custom_ids.
A review is one private message that updates: each answer edits it to the feedback and the next question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.content import limits
from bot.exts import answering, student_embeds
from bot.exts.buttons import SafeButton
from bot.exts.context import reader_of, tutor_of, who_of
from bot.exts.embeds import NEUTRAL, clip
from bot.exts.registry import ID, button
from bot.exts.rows import MULTI_TAP, Rows, multi_tap_rows, option_rows
from bot.i18n import ENGLISH, Language
from bot.quiz.engine import Given, QuestionView

if TYPE_CHECKING:
    from bot.tutor import Step
    from bot.tutor.redemption import Redemption
    from bot.tutor.review import Review, ReviewProgress, ReviewScreen
    from bot.tutor.review_cards import Card

STEP = "[0-9]{1,4}"


@button
class StartReviewButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:rvstart:(?P<channel>{ID})",
):
    """On the class's public card: opens the presser's own review, privately."""

    private = False

    def __init__(self, channel_id: int, lang: Language = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=lang("spaced.start_button"),
                style=discord.ButtonStyle.success,
                emoji="📚",
                custom_id=f"tutor:rvstart:{channel_id}",
            )
        )
        self.channel_id = channel_id

    async def respond(self, interaction: discord.Interaction) -> None:
        screen = await tutor_of(interaction).review.start(await who_of(interaction))
        await show_review(interaction, screen, new=True)


@button
class ReviewAnswerButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:rvans:(?P<item>{ID}):(?P<step>{STEP}):(?P<slot>[0-9])",
):
    def __init__(self, item_id: int, step: int, slot: int) -> None:
        super().__init__(discord.ui.Button(label="?", custom_id=f"tutor:rvans:{item_id}:{step}:{slot}"))
        self.item_id, self.step, self.slot = item_id, step, slot

    @staticmethod
    def stands_for(clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        """A late tap on an earlier question of the review whose message has moved on (see
        bot/exts/dispatch.py): the student sees where the review stands, their answer kept once."""
        return _late(kind, shown, redemption=False, step=int(clicked["step"]), attempt=None)

    async def respond(self, interaction: discord.Interaction) -> None:
        who = await who_of(interaction)
        screen = await tutor_of(interaction).review.answer(who, self.item_id, self.step, self.slot)
        await show_review(interaction, screen)


@button
class RedoButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:rvredo:(?P<attempt>{ID})",
):
    """On a practice try's result: "Try the N you missed again", in a new private message."""

    def __init__(self, attempt_id: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label[: limits.BUTTON_LABEL],
                style=discord.ButtonStyle.primary,
                emoji="🔁",
                custom_id=f"tutor:rvredo:{attempt_id}",
            )
        )
        self.attempt_id = attempt_id

    async def respond(self, interaction: discord.Interaction) -> None:
        screen = await tutor_of(interaction).redemption.start(await who_of(interaction), self.attempt_id)
        await show_review(interaction, screen, new=True)


@button
class RedoAnswerButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:rvredoans:(?P<attempt>{ID}):(?P<step>{STEP}):(?P<slot>[0-9])",
):
    def __init__(self, attempt_id: int, step: int, slot: int) -> None:
        super().__init__(
            discord.ui.Button(label="?", custom_id=f"tutor:rvredoans:{attempt_id}:{step}:{slot}")
        )
        self.attempt_id, self.step, self.slot = attempt_id, step, slot

    @staticmethod
    def stands_for(clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        """As ReviewAnswerButton's: a late tap on an earlier question of the same round."""
        return _late(kind, shown, redemption=True, step=int(clicked["step"]), attempt=clicked["attempt"])

    async def respond(self, interaction: discord.Interaction) -> None:
        who = await who_of(interaction)
        screen = await tutor_of(interaction).redemption.answer(who, self.attempt_id, self.step, self.slot)
        await show_review(interaction, screen)


# The shared widgets a multi-tap question's screen shows (bot/exts/answering.py).
_WIDGETS = (
    answering.TickButton,
    answering.CheckTickedButton,
    answering.TapButton,
    answering.CheckOrderButton,
    answering.StartOverButton,
    answering.TypeButton,
)


def _late(kind: type, shown: re.Match[str], *, redemption: bool, step: int, attempt: str | None) -> bool:
    """Whether a press on `step` of a review (or of the redemption round of `attempt`) comes from a
    screen before the one showing `shown`: a later step of the same review or round, whatever its kind."""
    own, flow = (RedoAnswerButton, "d") if redemption else (ReviewAnswerButton, "r")
    later = _step_of(kind, shown, own, flow)  # None first: `shown` may have no attempt to read
    if later is None:
        return False
    return later > step and (not redemption or shown["attempt"] == attempt)


def _step_of(kind: type, shown: re.Match[str], own: type, flow: str) -> int | None:
    """The step a button now on the message answers, if it is one of this flow's: its own one-tap
    button, or a multi-tap widget drawn for it (the next question may be of any kind)."""
    if kind is own:
        return int(shown["step"])
    if kind in _WIDGETS and shown["flow"] == flow:
        return int(shown["position"])
    return None


def redemption_offer(view: discord.ui.View, step: Step, lang: Language) -> None:
    """The end screen's "Try the N you missed again": a practice try, finished, with misses, quiz open.

    Results visible while the quiz still takes answers is practice mode: test mode shows results only
    once the quiz has closed for good.
    """
    summary, offer = step.summary, step.offer
    if summary is None or offer is None or not (step.results_visible and offer.standing.takes_answers):
        return
    missed = len(summary.missed)  # every kind is asked again; a partly right answer is a miss
    if missed > 0 and len(view.children) < limits.ROWS_PER_MESSAGE:
        view.add_item(RedoButton(step.attempt_id, lang("spaced.redo_button", count=missed)))


def _rows(screen: ReviewScreen, lang: Language, picked: tuple[int, ...]) -> list[dict[str, Any]]:
    """Choice and true/false: the review's own one-tap buttons; the other kinds: the shared widgets."""
    shown = screen.question
    assert shown is not None
    if shown.kind in MULTI_TAP:
        return multi_tap_rows("d" if screen.redemption else "r", shown.target, shown.view, lang, picked)
    kind = "rvredoans" if screen.redemption else "rvans"
    labels = [clip(option, limits.BUTTON_LABEL) for option in shown.options]
    return option_rows(f"tutor:{kind}:{shown.target}:{shown.step}", labels)


def render_review(
    screen: ReviewScreen, lang: Language = ENGLISH, picked: tuple[int, ...] = ()
) -> tuple[list[discord.Embed], discord.ui.View]:
    """Feedback on the last answer (right or wrong in words, the explanation), then the next question;
    `picked`: the options ticked or put in order so far on a question that takes several taps."""
    shown: list[discord.Embed] = []
    if screen.feedback is not None:
        shown.append(student_embeds.feedback(screen.feedback, lang))
    question = screen.question
    if question is None:
        if screen.redemption:
            words = lang("spaced.redo_done")
        elif screen.answered:
            words = lang("spaced.done", count=screen.answered)
        else:
            words = lang("spaced.nothing")
        shown.append(discord.Embed(title=lang("spaced.done_title"), description=words, colour=NEUTRAL))
        return shown, discord.ui.View(timeout=None)
    title = "spaced.redo_title" if screen.redemption else "spaced.question_title"
    embed = student_embeds.question(question.view, question.lesson, lang, follows=bool(shown))
    embed.title = lang(title, number=question.number, total=question.total)
    shown.append(embed)
    return shown, Rows(_rows(screen, lang, picked))


async def show_review(
    interaction: discord.Interaction, screen: ReviewScreen, *, new: bool = False, picked: tuple[int, ...] = ()
) -> None:
    lang = reader_of(interaction)
    embeds, view = render_review(screen, lang, picked)
    note = None if screen.note is None else lang.render(screen.note)
    if new:
        await interaction.response.send_message(content=note, embeds=embeds, view=view, ephemeral=True)
    else:
        await interaction.response.edit_message(content=note, embeds=embeds, view=view)


class _Steps:
    """The multi-tap widgets' flow in a review ("r", its target an item) or a redemption round ("d", the
    try): a tick or a tap redraws the step as it stands, Check or the box answers it (see
    bot/exts/answering.py)."""

    redemption = False

    def stands_for(self, clicked: re.Match[str], kind: type, shown: re.Match[str]) -> bool:
        """A second Check (or box) from an earlier step: as a late one-tap answer of the same round."""
        step, attempt = int(clicked["position"]), clicked["attempt"]
        return _late(kind, shown, redemption=self.redemption, step=step, attempt=attempt)

    def _of(self, interaction: discord.Interaction) -> Review | Redemption:
        tutor = tutor_of(interaction)
        return tutor.redemption if self.redemption else tutor.review

    async def redraw(
        self, interaction: discord.Interaction, target: int, position: int, picked: tuple[int, ...]
    ) -> None:
        screen = await self._of(interaction).showing(await who_of(interaction), target, position)
        await show_review(interaction, screen, picked=picked if _asks(screen, target, position) else ())

    async def answer(
        self, interaction: discord.Interaction, target: int, position: int, given: Given
    ) -> None:
        screen = await self._of(interaction).answer(await who_of(interaction), target, position, given)
        await show_review(interaction, screen)

    async def question(
        self, interaction: discord.Interaction, target: int, position: int
    ) -> QuestionView | None:
        screen = await self._of(interaction).showing(await who_of(interaction), target, position)
        if screen.question is None or not _asks(screen, target, position):
            await show_review(interaction, screen)
            return None
        return screen.question.view


def _asks(screen: ReviewScreen, target: int, step: int) -> bool:
    shown = screen.question
    return shown is not None and (shown.target, shown.step) == (target, step)


@answering.flow("r")
class _ReviewSteps(_Steps):
    pass


@answering.flow("d")
class _RedoSteps(_Steps):
    redemption = True


def card(found: Card, lang: Language = ENGLISH) -> tuple[discord.Embed, discord.ui.View]:
    """The class's public card: how many have questions waiting, no names, and Start my review."""
    embed = discord.Embed(
        title=lang("spaced.card_title"),
        description=lang("spaced.card", count=found.waiting, minutes=found.minutes),
        colour=NEUTRAL,
    )
    embed.set_footer(text=lang("spaced.card_footer"))
    view = discord.ui.View(timeout=None)
    view.add_item(StartReviewButton(found.channel_id, lang))
    return embed, view


def progress(shown: ReviewProgress, lang: Language = ENGLISH) -> discord.Embed:
    """/progress's spaced review: mastered questions, days practised, the class's goal; nobody ranked."""
    lines = [
        lang("spaced.mastered", count=shown.mastered),
        lang("spaced.days", count=shown.days),
        lang("spaced.class_goal", mastered=shown.class_mastered, total=shown.class_items),
    ]
    return discord.Embed(title=lang("spaced.progress_title"), description="\n".join(lines), colour=NEUTRAL)
