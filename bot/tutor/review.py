"""Spaced review, without Discord: the teacher assigns it, each student answers today's items privately,
a practice quiz's missed questions can be tried again, and progress is counted without ranking anyone.

A review screen is rebuilt from the database on every press: today's plan (bot/review/plan.py) from the
student's items, less the answers logged today. So a review cut short, by the student or by a restart,
resumes where it was, and a button pressed twice is answered once (the log's key: one answer per step).
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from bot.clock import Clock
from bot.content import Lesson, Question
from bot.content.model import Kind
from bot.errors import UserError
from bot.i18n import Text, text
from bot.quiz.asking import Asked
from bot.quiz.engine import ChoiceError, Feedback, Given, QuestionView
from bot.quiz.judging import shuffled
from bot.review import plan
from bot.review.scheduler import local_day
from bot.storage import Storage
from bot.storage.records import ReviewAssignment, ReviewItem, ReviewSettings
from bot.tutor import messages, review_report
from bot.tutor.lessons import Lessons
from bot.tutor.review_cards import Cards
from bot.tutor.review_feed import Feed, Today
from bot.tutor.review_report import ReviewReport
from bot.tutor.screens import Who

NOT_A_TEACHER = text("errors.not_teacher")
NOT_ASSIGNED = text("spaced.not_assigned")
ANSWERED_BEFORE = text("spaced.answered_before")
# Days from assigning "measure the effect" to its delayed check, when no exam date comes sooner.
CHECK_AFTER_DAYS = 30


@dataclass(frozen=True, slots=True)
class ReviewQuestion:
    """The question a review screen asks now; its buttons carry `target` (an item or an attempt) and step."""

    target: int
    step: int
    total: int
    lesson: Lesson
    prompt: str
    options: tuple[str, ...]  # as shown; none for a typed question
    image: str | None = None
    kind: Kind = Kind.CHOICE

    @property
    def number(self) -> int:
        return self.step + 1

    @property
    def view(self) -> QuestionView:
        """The question as the quiz's screens draw it (each kind's buttons and how-to-answer hint)."""
        return QuestionView(self.step, self.total, self.prompt, self.options, self.image, self.kind)

    @classmethod
    def of(cls, target: int, step: int, total: int, asked: Asked) -> ReviewQuestion:
        q = asked.question
        return cls(target, step, total, asked.lesson, q.prompt, asked.options, q.image, q.kind)


@dataclass(frozen=True, slots=True)
class ReviewScreen:
    """A student's review message: feedback on the last answer, then the next question or the end."""

    redemption: bool
    question: ReviewQuestion | None
    feedback: Feedback | None = None
    answered: int = 0  # answers given today in this review (or this round)
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    mastered: int
    days: int
    class_mastered: int
    class_items: int


def judged(asked: Asked, given: Given) -> Feedback:
    """`given` judged in the core; refused as "not this question" when it can't answer this one (a tick
    sent to a typed question, a slot that is not shown). A partly right answer is a miss here."""
    try:
        return asked.judge(given).feedback
    except ChoiceError:
        raise UserError(messages.NOT_THIS_QUESTION) from None


def asking_again(screen: ReviewScreen, target: int, step: int) -> ReviewScreen:
    """`screen` redrawn for a tick or a tap on `step`: as is if it asks that step still, with "answered
    already" if the step is behind it; a step not reached yet is no step of this screen."""
    shown = screen.question
    if shown is not None and (shown.target, shown.step) == (target, step):
        return screen
    if step < screen.answered:
        return replace(screen, note=ANSWERED_BEFORE)
    raise UserError(messages.NOT_THIS_QUESTION)


class Review:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        self.feed = Feed(lessons, db, clock)
        self.cards = Cards(db, clock, self.feed)
        # Set when an assignment or the settings change, so the card keeper looks at its next time again.
        self.changed = asyncio.Event()

    # -- the teacher -------------------------------------------------------------------------------

    async def assign(
        self,
        who: Who,
        channel_id: int,
        lesson: str | None,
        *,
        until: date | None,
        exam: date | None,
        measure: bool = False,
    ) -> ReviewAssignment:
        """Turn review on for a class channel (of one lesson, or every lesson it takes), or change it."""
        self._teacher(who)
        if lesson:
            await self._lessons.named(who.guild_id, lesson)
        today = await self._today(who.guild_id)
        if until is not None and until < today:
            raise UserError(text("spaced.until_past"))
        if exam is not None and exam <= today:
            raise UserError(text("spaced.exam_past"))
        check_on = None
        if measure:
            check_on = min(filter(None, (exam, today + timedelta(days=CHECK_AFTER_DAYS))))
        assignment = await self._db.assign_review(
            who.guild_id,
            channel_id,
            lesson or "",
            ends_on=until,
            exam_on=exam,
            measure=measure,
            check_on=check_on,
            seed=secrets.randbits(62),
            now=self._clock.now(),
        )
        await self.feed.guild(who.guild_id, today)
        if exam is not None:  # items already scheduled past the exam come back on its eve
            rules = await self.feed.rules(who.guild_id)
            fsrs = self.feed.scheduler(
                rules, await self.feed.running(who.guild_id, today), lesson or "", today
            )
            eve = fsrs.pulled_to(self._clock.now())
            if eve is not None:
                await self._db.pull_review_items(who.guild_id, lesson or "", eve)
        self.changed.set()
        return assignment

    async def stop(self, who: Who, channel_id: int, lesson: str | None) -> int:
        self._teacher(who)
        stopped = await self._db.stop_review(who.guild_id, channel_id, lesson or None)
        self.changed.set()
        return stopped

    async def set_settings(
        self, who: Who, *, cap: int | None, at: time | None, days: frozenset[int] | None
    ) -> ReviewSettings:
        """Change the server's daily cap, time or weekdays; what is not given stays."""
        self._teacher(who)
        kept = await self._db.review_settings(who.guild_id)
        changed = ReviewSettings(
            who.guild_id,
            kept.cap if cap is None else cap,
            kept.at_minute if at is None else at.hour * 60 + at.minute,
            kept.days if days is None else sum(1 << day for day in days),
        )
        if not 1 <= changed.cap <= 50 or not 1 <= changed.days <= 127:
            raise UserError(text("spaced.bad_settings"))
        await self._db.set_review_settings(changed)
        self.changed.set()
        return changed

    # -- the student's daily review ----------------------------------------------------------------

    async def start(self, who: Who) -> ReviewScreen:
        """ "/review start" or "Start my review": today's review where it stands."""
        today = await self.feed.today(who.guild_id)
        if not today.running:
            raise UserError(NOT_ASSIGNED)
        await self.feed.student(who.guild_id, who.user_id, today.day)
        return await self._next(who, today)

    async def answer(self, who: Who, item_id: int, step: int, given: Given) -> ReviewScreen:
        """The student's answer to step `step` of today's review, on the item it showed."""
        today = await self.feed.today(who.guild_id)
        item = await self._own_item(who, item_id)
        planned, answered, check_on, _ = await self._plan(who, today)
        if step < answered:
            return await self._next(who, today, note=ANSWERED_BEFORE)
        if step > answered or all(p.key != str(item.id) for p in planned):
            raise UserError(messages.NOT_THIS_QUESTION)
        found = (await self._lessons.questions_by_key(who.guild_id, [item.lesson])).get(
            (item.lesson, item.question_key)
        )
        if found is None:
            raise UserError(messages.LESSON_GONE)
        lesson, question = found
        feedback = judged(asked_again(lesson, question, _salt(item)), given)
        checking = plan.waits_for_check(_plan_item(item), today.day, check_on)
        kind = "check" if checking else "review"
        logged = await self.feed.answered(
            item, round_=0, step=step, kind=kind, correct=feedback.correct, today=today
        )
        if not logged:
            return await self._next(who, today, note=ANSWERED_BEFORE)
        return await self._next(who, today, feedback=feedback)

    async def showing(self, who: Who, item_id: int, step: int) -> ReviewScreen:
        """Today's review as it stands, to redraw a step's picks (a tick, a tap): nothing is logged.
        The step asked, or, if it was answered meanwhile, where the review is now."""
        today = await self.feed.today(who.guild_id)
        await self._own_item(who, item_id)
        return asking_again(await self._next(who, today), item_id, step)

    async def _next(
        self, who: Who, today: Today, *, feedback: Feedback | None = None, note: Text | None = None
    ) -> ReviewScreen:
        planned, answered, _, items = await self._plan(who, today)
        asking = [items[int(item.key)] for item in planned]
        questions = await self._lessons.questions_by_key(who.guild_id, (item.lesson for item in asking))
        for found in asking:
            if (found.lesson, found.question_key) not in questions:  # the lesson or question is gone
                continue
            lesson, question = questions[found.lesson, found.question_key]
            asked = asked_again(lesson, question, _salt(found))
            shown = ReviewQuestion.of(found.id, answered, answered + len(planned), asked)
            return ReviewScreen(False, shown, feedback, answered, note)
        return ReviewScreen(False, None, feedback, answered, note)

    async def _plan(
        self, who: Who, today: Today
    ) -> tuple[list[plan.Item], int, date | None, dict[int, ReviewItem]]:
        """Today's items still to ask (keys are item ids), how many were answered today, the check day,
        and the student's items by id."""
        checks = [a.check_on for a in today.running if a.measure and a.check_on is not None]
        check_on = min(checks, default=None)
        items = {item.id: item for item in await self._db.review_items(who.guild_id, who.user_id)}
        logged = await self._db.review_answers(who.guild_id, who.user_id, today.day)
        answered = sum(1 for a in logged if a.round == 0)
        planned = plan.todays_items(
            [_plan_item(item) for item in items.values()],
            today.day,
            today.rules,
            answered_today=answered,
            check_on=check_on,
        )
        return planned, answered, check_on, items

    # -- progress ----------------------------------------------------------------------------------

    async def progress(self, who: Who) -> ReviewProgress | None:
        """Mastered questions, days practised and the class goal; None if the server has no review."""
        everyone = await self._db.review_items(who.guild_id)
        if not everyone:
            return None
        zone = (await self.feed.rules(who.guild_id)).zone
        theirs = [item.memory for item in everyone if item.user_id == who.user_id]
        answered = [a.answered_at for a in await self._db.review_answers(who.guild_id, who.user_id)]
        return ReviewProgress(
            plan.mastered_count(theirs),
            plan.days_practised(answered, zone),
            plan.mastered_count(item.memory for item in everyone),
            len(everyone),
        )

    async def report(self, who: Who, channel_id: int | None) -> ReviewReport:
        """The teacher's figures on review in the server, or of one class's students."""
        self._teacher(who)
        zone = (await self.feed.rules(who.guild_id)).zone
        today = local_day(self._clock.now(), zone)
        return await review_report.build(
            self._lessons, self._db, who.guild_id, channel_id, today=today, zone=zone
        )

    async def set_remind(self, who: Who, remind: bool) -> None:
        await self._db.set_review_remind(who.guild_id, who.user_id, remind)

    # -- shared steps ------------------------------------------------------------------------------

    @staticmethod
    def _teacher(who: Who) -> None:
        if not who.is_teacher:
            raise UserError(NOT_A_TEACHER)

    async def _today(self, guild_id: int) -> date:
        return local_day(self._clock.now(), (await self.feed.rules(guild_id)).zone)

    async def _own_item(self, who: Who, item_id: int) -> ReviewItem:
        item = await self._db.review_item(item_id)
        if item is None or item.guild_id != who.guild_id:
            raise UserError(messages.NOT_HERE)
        if item.user_id != who.user_id:
            raise UserError(messages.SOMEONE_ELSES)
        return item


def asked_again(lesson: Lesson, question: Question, salt: str) -> Asked:
    """A question as a review step (or a redemption round's) asks it, its options shuffled by `salt`.

    True/false keeps that shuffle too, where a quiz shows True first: review screens already on students'
    phones were drawn that way, and a tap on one must be judged by the order it showed."""
    if question.kind is Kind.TRUE_FALSE:
        return Asked(lesson, question, shuffled(salt, len(question.options)))
    return Asked.of(lesson, question, salt)


def _salt(item: ReviewItem) -> str:
    """What fixes a review step's option order: the item and how often it was reviewed, so the same
    screen comes back after a restart and the next review of it shows another order."""
    return f"{item.id}:{item.memory.reps}"


def _plan_item(item: ReviewItem) -> plan.Item:
    """An item as the plan sees it, its id as the key (the plan sorts by key last, for a fixed order)."""
    return plan.Item(str(item.id), item.memory, plan.Arm(item.arm), item.checked)
