"""Spaced review's items come from what students did: each question answered in a quiz of a class the
review is assigned to becomes an item, keyed by the question's key so a new lesson version keeps it.

Choices, and why:
- Items are made from finished tries, and from a student's first answer to each question (the answer
  the report counts); a later try at the same question leaves the item alone (it never restarts).
- A test-mode quiz's items wait for its close for good: before then the student has not seen right and
  wrong, and a review would tell them. They are made then, due no earlier than the close day.
- Feeding reads what is stored and adds what is missing (one INSERT ... ON CONFLICT DO NOTHING per
  item), so it can run at any time, in any process, after any restart: the daily run feeds every
  assigned class, a student's own review feeds them first, and a live class's End feeds its quiz.
- While a server has any review running, all of its students' items are reviewed; an exam date pulls
  the items of the lessons its assignment covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time

from bot.clock import Clock
from bot.quiz.rules import FeedbackMode
from bot.review import plan
from bot.review.scheduler import Scheduler, local_day
from bot.storage import Storage
from bot.storage.records import (
    AttemptWithAnswers,
    LiveRecord,
    NewReviewItem,
    QuizRecord,
    ReviewAnswer,
    ReviewAssignment,
    ReviewItem,
)
from bot.tutor.lessons import Lessons

# Quizzes of one class read per daily run: a class rarely has this many, and each is read in full.
QUIZZES_READ = 200


@dataclass(frozen=True, slots=True)
class Today:
    """A server's review day: what every step of a student's review press needs, read once."""

    day: date
    rules: plan.Settings
    running: list[ReviewAssignment]


def covers(assignment: ReviewAssignment, quiz: QuizRecord) -> bool:
    return assignment.channel_id == quiz.channel_id and assignment.lesson in ("", quiz.lesson_id)


class Feed:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock

    async def rules(self, guild_id: int) -> plan.Settings:
        """The server's review settings, in its time zone."""
        kept = await self._db.review_settings(guild_id)
        zone = (await self._db.settings(guild_id)).timezone
        minute = kept.at_minute
        return plan.settings(zone, cap=kept.cap, at=time(minute // 60, minute % 60), days=kept.weekdays)

    async def running(self, guild_id: int, today: date) -> list[ReviewAssignment]:
        """The server's assignments that have not ended by `today`."""
        return [
            a for a in await self._db.review_assignments(guild_id) if a.ends_on is None or today <= a.ends_on
        ]

    @staticmethod
    def scheduler(
        rules: plan.Settings, running: Iterable[ReviewAssignment], lesson: str, today: date
    ) -> Scheduler:
        """FSRS for one lesson's items: pulled towards the nearest exam an assignment of it names."""
        exams = [a.exam_on for a in running if a.lesson in ("", lesson) and a.exam_on and a.exam_on > today]
        return Scheduler(rules.zone, exam_date=min(exams, default=None), review_days=rules.days)

    async def quiz(
        self, quiz: QuizRecord, attempts: Sequence[AttemptWithAnswers], assignment: ReviewAssignment | None
    ) -> set[int]:
        """Add the items these tries give (nothing while a test-mode quiz is open); the students seen."""
        if not quiz.results_visible():
            return set()
        rules = await self.rules(quiz.guild_id)
        close_day = None
        if quiz.rules.feedback is not FeedbackMode.NOW and quiz.settled_at is not None:
            close_day = local_day(quiz.settled_at, rules.zone)
        fsrs = Scheduler(rules.zone)
        by_user: dict[int, dict[str, NewReviewItem]] = {}
        for attempt in sorted(attempts, key=lambda a: (a.record.user_id, a.record.number)):
            record = attempt.record
            if not record.finished:
                continue
            lesson = await self._lessons.version(record.version_id, record.lesson_id)
            if lesson is None:
                continue
            theirs = by_user.setdefault(record.user_id, {})
            for answer in sorted(attempt.answers, key=lambda a: a.answered_at):
                if answer.question_index >= len(lesson.questions):
                    continue
                key = lesson.questions[answer.question_index].key
                if key in theirs:
                    continue
                memory = fsrs.first(answer.correct, answer.answered_at)
                if close_day is not None and memory.due < close_day:
                    memory = replace(memory, due=close_day)
                arm = plan.Arm.NONE
                if assignment is not None and assignment.measure:
                    arm = plan.arm(str(assignment.seed), record.user_id, key, not answer.correct)
                theirs[key] = NewReviewItem(quiz.lesson_id, key, memory, arm.value, answer.answered_at)
        for user_id, items in by_user.items():
            await self._db.add_review_items(quiz.guild_id, user_id, list(items.values()))
        return set(by_user)

    async def guild(self, guild_id: int, today: date) -> dict[int, set[int]]:
        """Feed every running assignment of the server; the students seen, by class channel."""
        seen: dict[int, set[int]] = {}
        for assignment in await self.running(guild_id, today):
            lesson = assignment.lesson or None
            quizzes = await self._db.quizzes(guild_id, assignment.channel_id, lesson, limit=QUIZZES_READ)
            students = seen.setdefault(assignment.channel_id, set())
            for quiz in quizzes:
                students |= await self.quiz(quiz, await self._db.attempts(quiz.id), assignment)
        return seen

    async def student(self, guild_id: int, user_id: int, today: date) -> None:
        """Feed one student's tries at the quizzes of the server's running assignments."""
        running = await self.running(guild_id, today)
        by_quiz: dict[int, list[AttemptWithAnswers]] = {}
        for attempt in await self._db.student_attempts(guild_id, user_id):
            by_quiz.setdefault(attempt.record.quiz_id, []).append(attempt)
        for quiz_id, attempts in by_quiz.items():
            quiz = await self._db.quiz(quiz_id)
            if quiz is None:
                continue
            assignment = next((a for a in running if covers(a, quiz)), None)
            if assignment is not None:
                await self.quiz(quiz, attempts, assignment)

    async def today(self, guild_id: int) -> Today:
        """The server's review day as of now: its day, settings and running assignments, read once."""
        rules = await self.rules(guild_id)
        day = local_day(self._clock.now(), rules.zone)
        return Today(day, rules, await self.running(guild_id, day))

    async def answered(
        self,
        item: ReviewItem,
        *,
        round_: int,
        step: int,
        kind: str,
        correct: bool,
        today: Today | None = None,
    ) -> bool:
        """Log one answer to `item` at this step and move its schedule, as of now; False if the step had
        its answer already (or the item moved meanwhile): then nothing changed. `today` if read already."""
        now = self._clock.now()
        day = today or await self.today(item.guild_id)
        fsrs = self.scheduler(day.rules, day.running, item.lesson, day.day)
        logged = ReviewAnswer(
            item.guild_id,
            item.user_id,
            day.day,
            round_,
            step,
            item.lesson,
            item.question_key,
            kind,
            correct,
            fsrs.recall_probability(item.memory, now),
            item.arm,
            now,
        )
        after = fsrs.review(item.memory, correct, now)
        return await self._db.answer_review(item, logged, after, checked=kind == "check")

    async def live_ended(self, session: LiveRecord, attempts: Sequence[AttemptWithAnswers]) -> None:
        """A live class's End: its answers feed review at once if its class has review assigned."""
        quiz = await self._db.quiz(session.quiz_id)
        if quiz is None:
            return
        today = local_day(self._clock.now(), (await self.rules(quiz.guild_id)).zone)
        assignment = next((a for a in await self.running(quiz.guild_id, today) if covers(a, quiz)), None)
        if assignment is not None:
            await self.quiz(quiz, attempts, assignment)
