"""A teacher's side: open and close a class's quiz, its rules and deadlines, extra time, settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.content import Lesson
from bot.errors import UserError
from bot.i18n import text as say
from bot.quiz.rules import FeedbackMode, Grading, QuizRules, ShuffleMode
from bot.quiz.when import describe, parse_when, parse_zone
from bot.storage import Storage
from bot.storage.records import Accommodation, GuildSettings, QuizRecord
from bot.tutor.lessons import Lessons
from bot.tutor.screens import ClosedQuiz, Who


@dataclass(frozen=True, slots=True)
class RulesText:
    """The options of /quiz start as typed; None for each one left out."""

    closes: str | None = None
    opens: str | None = None
    attempts: int | None = None
    grade: str | None = None
    feedback: str | None = None
    shuffle: str | None = None

    def given(self) -> bool:
        typed = (self.closes, self.opens, self.attempts, self.grade, self.feedback, self.shuffle)
        return any(v is not None for v in typed)


@dataclass(frozen=True, slots=True)
class Opened:
    quiz: QuizRecord
    lesson: Lesson
    opened: bool  # False: it was open already (and its rules changed if any were given)
    zone: ZoneInfo


class Teaching:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        # Set whenever a deadline or a student's extra time may have moved, to wake the deadline keeper.
        self.deadlines_moved = asyncio.Event()

    async def zone(self, guild_id: int) -> ZoneInfo:
        return parse_zone((await self._db.settings(guild_id)).timezone)

    async def open_quiz(self, who: Who, lesson_id: str, channel_id: int, text: RulesText) -> Opened:
        """Open the lesson's quiz in this channel (or find it open, and apply any new rules)."""
        version_id, lesson = await self._lessons.named(who.guild_id, lesson_id)
        zone = await self.zone(who.guild_id)
        existing = await self._db.open_quizzes(who.guild_id, channel_id, lesson.id)
        base = existing[0].rules if existing else QuizRules()
        rules = self._rules(text, base, zone)
        await self._db.remember_name(who.guild_id, who.user_id, who.name, self._clock.now())
        quiz, opened = await self._db.open_quiz(
            who.guild_id,
            lesson.id,
            channel_id,
            who.user_id,
            version_id=version_id,
            rules=rules,
            now=self._clock.now(),
        )
        if not opened and text.given():
            await self._db.change_rules(quiz.id, rules)
            quiz = replace(quiz, rules=rules)
        self.deadlines_moved.set()
        return Opened(quiz, lesson, opened, zone)

    def _rules(self, text: RulesText, base: QuizRules, zone: ZoneInfo) -> QuizRules:
        now = self._clock.now()
        opens = base.opens_at if text.opens is None else parse_when(text.opens, now, zone)
        closes = base.closes_at if text.closes is None else parse_when(text.closes, now, zone, day_end=True)
        if opens is not None and closes is not None and closes <= opens:
            when = {"closes": describe(closes, zone), "opens": describe(opens, zone)}
            raise UserError(say("teaching.closes_before_opens", **when))
        attempts = base.max_attempts if text.attempts is None else text.attempts
        if attempts is not None and not 1 <= attempts <= 10:
            raise UserError(say("teaching.attempts_range"))
        feedback = base.feedback if text.feedback is None else FeedbackMode(text.feedback)
        becomes_test = feedback is FeedbackMode.AFTER_CLOSE and base.feedback is not FeedbackMode.AFTER_CLOSE
        if text.attempts is None and becomes_test:
            # A test is one try unless the teacher says otherwise: a retry for a score nobody can see
            # yet would only be a guess.
            attempts = 1
        return QuizRules(
            opens_at=opens,
            closes_at=closes,
            max_attempts=attempts,
            grading=base.grading if text.grade is None else Grading(text.grade),
            feedback=feedback,
            shuffle=base.shuffle if text.shuffle is None else ShuffleMode(text.shuffle),
        )

    async def remember_card(self, quiz_id: int, channel_id: int, message_id: int) -> None:
        await self._db.add_quiz_card(quiz_id, channel_id, message_id)

    async def find_quiz(
        self, guild_id: int, channel_id: int, lesson_id: str | None = None, *, open_only: bool = False
    ) -> QuizRecord:
        """The channel's open quiz (of that lesson, if named), else its latest unless `open_only`."""
        # Any lesson id, served or not: a lesson whose file is gone has quizzes to close and report on.
        found = await self._db.open_quizzes(guild_id, channel_id, lesson_id)
        if not found and not open_only:
            found = await self._db.quizzes(guild_id, channel_id, lesson_id, limit=1)
        if not found:
            key = ("teaching.no_open_quiz" if open_only else "teaching.no_quiz") + (
                "_for" if lesson_id else ""
            )
            raise UserError(say(key, channel=f"<#{channel_id}>", lesson=lesson_id))
        if len(found) > 1:
            names = ", ".join(sorted({q.lesson_id for q in found}))
            raise UserError(say("teaching.several_open", channel=f"<#{channel_id}>", lessons=names))
        return found[0]

    async def quizzes_with_titles(self, guild_id: int, limit: int = 100) -> list[tuple[QuizRecord, str]]:
        """The server's quizzes, newest first, each with its lesson's title (for picking an older one)."""
        served = await self._lessons.served(guild_id)
        found = []
        for quiz in await self._db.quizzes(guild_id, limit=limit):
            lesson = served.get(quiz.lesson_id)
            # A lesson no longer served (removed, its file gone) is named by the version the quiz had.
            found.append((quiz, lesson.title if lesson else await self._lessons.title(quiz)))
        return found

    async def quiz_by_id(self, guild_id: int, quiz_id: int) -> QuizRecord:
        quiz = await self._db.quiz(quiz_id)
        if quiz is None or quiz.guild_id != guild_id:
            raise UserError(say("teaching.no_such_quiz"))
        return quiz

    async def close_quiz(self, quiz: QuizRecord) -> ClosedQuiz:
        """Close a quiz for everyone now; its cards are to be marked closed."""
        if not await self._db.close_quiz(quiz.id, self._clock.now()):
            raise UserError(say("teaching.closed_already", title=await self._lessons.title(quiz)))
        return await self._closed(quiz.id, settled=True)

    async def _closed(self, quiz_id: int, *, settled: bool) -> ClosedQuiz:
        quiz = await self._db.quiz(quiz_id)
        assert quiz is not None
        assert quiz.closed_at is not None
        extended = 0
        if not settled:
            now = self._clock.now()
            running = (await self._db.accommodations(quiz_id)).values()
            extended = sum(1 for x in running if x.until is not None and x.until > now)
        cards = await self._db.quiz_cards(quiz_id)
        title = await self._lessons.title(quiz)
        return ClosedQuiz(quiz_id, title, quiz.closed_at, settled, cards, extended)

    async def close_due(self) -> list[ClosedQuiz]:
        """Close every quiz past its deadline, and settle those whose extra time has run out."""
        now = self._clock.now()
        if not await self._db.anything_due(now):
            return []
        changed = [
            await self._closed(qid, settled=settled) for qid, settled in await self._db.close_overdue(now)
        ]
        for quiz_id in await self._db.settle_finished_extensions(now):
            changed.append(await self._closed(quiz_id, settled=True))
        return changed

    async def next_wakeup(self) -> datetime | None:
        return await self._db.next_wakeup(self._clock.now())

    async def allow(
        self,
        who: Who,
        quiz: QuizRecord,
        student_id: int,
        extra_attempts: int | None,
        until: str | None,
        *,
        remove: bool = False,
    ) -> tuple[Accommodation | None, ClosedQuiz | None]:
        """Give one student extra tries or time on a quiz (or take it back); cards to refresh, if any."""
        if remove:
            if not await self._db.remove_accommodation(quiz.id, student_id):
                raise UserError(say("teaching.nothing_to_remove", student=f"<@{student_id}>"))
            self.deadlines_moved.set()  # the extra time taken back may have been all that kept cards open
            return None, None
        if extra_attempts is None and until is None:
            raise UserError(say("teaching.allow_what"))
        if extra_attempts is not None and not 0 <= extra_attempts <= 10:
            raise UserError(say("teaching.extra_range"))
        zone = await self.zone(who.guild_id)
        deadline = None if until is None else parse_when(until, self._clock.now(), zone, day_end=True)
        if quiz.settled_at is not None and not quiz.closed_by_deadline() and deadline is not None:
            raise UserError(say("teaching.closed_by_teacher"))
        before = (await self._db.accommodations(quiz.id)).get(student_id)
        # What is left out stays as it was. The values written are what a read would give back: parse_when
        # gives whole UTC minutes, which both engines store as they are.
        given = Accommodation(
            quiz.id,
            student_id,
            extra_attempts if extra_attempts is not None else (before.extra_attempts if before else 0),
            deadline if until is not None else (before.until if before else None),
        )
        await self._db.set_accommodation(quiz.id, student_id, given.extra_attempts, given.until, who.user_id)
        self.deadlines_moved.set()
        refreshed = None
        if deadline is not None and quiz.closed_by_deadline() and await self._db.unsettle(quiz.id):
            refreshed = await self._closed(quiz.id, settled=False)
        return given, refreshed

    # -- settings ------------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        return await self._db.settings(guild_id)

    async def set_timezone(self, guild_id: int, name: str) -> ZoneInfo:
        zone = parse_zone(name)
        await self._db.set_setting(guild_id, "timezone", zone.key)
        return zone

    async def set_role(self, guild_id: int, which: str, role_id: int | None) -> None:
        await self._db.set_setting(guild_id, f"{which}_role_id", role_id)
