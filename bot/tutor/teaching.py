"""A teacher's side: open and close a class's quiz, its rules and deadlines, extra time, settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.content import Lesson
from bot.errors import UserError
from bot.i18n import Text, text
from bot.quiz.rules import FeedbackMode, Grading, QuizRules, ShuffleMode
from bot.quiz.when import Ambiguous, describe, parse_when, parse_zone, read_when
from bot.storage import Storage
from bot.storage.records import Accommodation, GuildSettings, QuizRecord
from bot.tutor.deadlines import closed_quiz
from bot.tutor.lessons import Lessons
from bot.tutor.pending import GONE, PendingChoices, from_minute, minute_of
from bot.tutor.screens import ClosedQuiz, Who

_TIMES = ("opens", "closes")


@dataclass(frozen=True, slots=True)
class RulesText:
    """The options of /quiz start as typed (None for each one left out), in the teacher's language.

    A time is text, or a moment already picked (from the buttons asking how `10/12` was meant)."""

    closes: str | datetime | None = None
    opens: str | datetime | None = None
    attempts: int | None = None
    grade: str | None = None
    feedback: str | None = None
    language: str = "en"
    shuffle: str | None = None

    def given(self) -> bool:
        typed = (self.closes, self.opens, self.attempts, self.grade, self.feedback, self.shuffle)
        return any(v is not None for v in typed)

    def times_given(self) -> bool:
        return self.closes is not None or self.opens is not None


@dataclass(frozen=True, slots=True)
class Opened:
    quiz: QuizRecord
    lesson: Lesson
    opened: bool  # False: it was open already (and its rules changed if any were given)
    zone: ZoneInfo

    def times_as_read(self, *, times_typed: bool) -> tuple[Text, ...]:
        """The quiz's window as the bot read it, so a wrong reading is seen before students are:
        "Closes Friday 4 December 2026, 17:00 (Europe/Madrid)", and a warning while times are UTC.
        """
        rules, lines = self.quiz.rules, []
        if rules.opens_at is not None:
            lines.append(text("quiz.opens_read", when=describe(rules.opens_at, self.zone)))
        if rules.closes_at is not None:
            lines.append(text("quiz.closes_read", when=describe(rules.closes_at, self.zone)))
        # UTC is every server's zone until one is set: a New York "friday 17:00" would be noon there.
        if times_typed and self.zone.key == "UTC":
            lines.append(text("quiz.zone_is_utc"))
        return tuple(lines)


class TimeChoiceError(UserError):
    """A date that reads two ways (`10/12`): the teacher picks a reading; the command waits as
    `pending_id`."""

    def __init__(self, ambiguous: Ambiguous, pending_id: int, zone: ZoneInfo) -> None:
        super().__init__(text("when.which_date", typed=ambiguous.typed))
        self.readings = ambiguous.readings
        self.pending_id = pending_id
        self.zone = zone


class _UnsureError(Exception):
    """One time of a command read two ways; the other times as read (None: not given)."""

    def __init__(self, field: str, ambiguous: Ambiguous, others: dict[str, datetime | None]) -> None:
        self.field, self.ambiguous, self.others = field, ambiguous, others


@dataclass(frozen=True, slots=True)
class Allowed:
    given: Accommodation | None
    refreshed: ClosedQuiz | None
    student_id: int


class Teaching:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        self.pending = PendingChoices(db, clock)
        # Set whenever a deadline or a student's extra time may have moved, to wake the deadline keeper.
        self.deadlines_moved = asyncio.Event()

    async def zone(self, guild_id: int) -> ZoneInfo:
        return parse_zone((await self._db.settings(guild_id)).timezone)

    async def open_quiz(self, who: Who, lesson_id: str, channel_id: int, typed: RulesText) -> Opened:
        """Open the lesson's quiz in this channel (or find it open, and apply any new rules)."""
        version_id, lesson = await self._lessons.named(who.guild_id, lesson_id)
        zone = await self.zone(who.guild_id)
        existing = await self._db.open_quizzes(who.guild_id, channel_id, lesson.id)
        base = existing[0].rules if existing else QuizRules()
        try:
            rules = self._rules(typed, base, zone)
        except _UnsureError as unsure:
            request = {"kind": "start", "lesson": lesson_id, "channel": channel_id, "field": unsure.field}
            request |= {name: _minute(moment) for name, moment in unsure.others.items()}
            kept = ("attempts", "grade", "feedback", "shuffle")
            request |= {name: getattr(typed, name) for name in kept}
            raise await self._ask(
                who, unsure.ambiguous, request | {"language": typed.language}, zone
            ) from None
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
        if not opened and typed.given():
            await self._db.change_rules(quiz.id, rules)
            quiz = replace(quiz, rules=rules)
        self.deadlines_moved.set()
        return Opened(quiz, lesson, opened, zone)

    def _moment(
        self, typed: str | datetime, zone: ZoneInfo, language: str, *, day_end: bool = False
    ) -> datetime | Ambiguous:
        now = self._clock.now()
        if isinstance(typed, str):
            return read_when(typed, now, zone, day_end=day_end, language=language)
        if typed <= now:  # picked from the buttons, and the moment passed before the click
            raise UserError(text("when.past", moment=describe(typed, zone)))
        return typed

    def _rules(self, typed: RulesText, base: QuizRules, zone: ZoneInfo) -> QuizRules:
        lang = typed.language
        read = {
            "opens": base.opens_at if typed.opens is None else self._moment(typed.opens, zone, lang),
            "closes": base.closes_at
            if typed.closes is None
            else self._moment(typed.closes, zone, lang, day_end=True),
        }
        unsure = [name for name in _TIMES if isinstance(read[name], Ambiguous)]
        if len(unsure) == 2:  # one question at a time: the second date is refused as before
            assert isinstance(typed.closes, str)
            parse_when(typed.closes, self._clock.now(), zone, day_end=True, language=lang)
        if unsure:
            ambiguous = read[unsure[0]]
            assert isinstance(ambiguous, Ambiguous)
            given = {name: getattr(typed, name) is not None for name in _TIMES}
            others = {
                n: v for n, v in read.items() if n != unsure[0] and given[n] and isinstance(v, datetime)
            }
            raise _UnsureError(unsure[0], ambiguous, dict(others))
        opens, closes = read["opens"], read["closes"]
        assert not isinstance(opens, Ambiguous)
        assert not isinstance(closes, Ambiguous)
        if opens is not None and closes is not None and closes <= opens:
            when = {"closes": describe(closes, zone), "opens": describe(opens, zone)}
            raise UserError(text("teaching.closes_before_opens", **when))
        attempts = base.max_attempts if typed.attempts is None else typed.attempts
        if attempts is not None and not 1 <= attempts <= 10:
            raise UserError(text("teaching.attempts_range"))
        feedback = base.feedback if typed.feedback is None else FeedbackMode(typed.feedback)
        becomes_test = feedback is FeedbackMode.AFTER_CLOSE and base.feedback is not FeedbackMode.AFTER_CLOSE
        if typed.attempts is None and becomes_test:
            # A test is one try unless the teacher says otherwise: a retry for a score nobody can see
            # yet would only be a guess.
            attempts = 1
        return QuizRules(
            opens_at=opens,
            closes_at=closes,
            max_attempts=attempts,
            grading=base.grading if typed.grade is None else Grading(typed.grade),
            feedback=feedback,
            shuffle=base.shuffle if typed.shuffle is None else ShuffleMode(typed.shuffle),
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
            raise UserError(text(key, channel=f"<#{channel_id}>", lesson=lesson_id))
        if len(found) > 1:
            names = ", ".join(sorted({q.lesson_id for q in found}))
            raise UserError(text("teaching.several_open", channel=f"<#{channel_id}>", lessons=names))
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
            raise UserError(text("teaching.no_such_quiz"))
        return quiz

    async def close_quiz(self, quiz: QuizRecord) -> ClosedQuiz:
        """Close a quiz for everyone now; its cards are to be marked closed."""
        now = self._clock.now()
        if not await self._db.close_quiz(quiz.id, now):
            raise UserError(text("teaching.closed_already", title=await self._lessons.title(quiz)))
        return await closed_quiz(self._db, self._lessons, quiz.id, settled=True, owed_since=now)

    async def allow(
        self,
        who: Who,
        quiz: QuizRecord,
        student_id: int,
        extra_attempts: int | None,
        until: str | datetime | None,
        *,
        remove: bool = False,
        language: str = "en",
    ) -> tuple[Accommodation | None, ClosedQuiz | None]:
        """Give one student extra tries or time on a quiz (or take it back); cards to refresh, if any."""
        if remove:
            if not await self._db.remove_accommodation(quiz.id, student_id):
                raise UserError(text("teaching.nothing_to_remove", student=f"<@{student_id}>"))
            self.deadlines_moved.set()  # the extra time taken back may have been all that kept cards open
            return None, None
        if extra_attempts is None and until is None:
            raise UserError(text("teaching.allow_what"))
        if extra_attempts is not None and not 0 <= extra_attempts <= 10:
            raise UserError(text("teaching.extra_range"))
        zone = await self.zone(who.guild_id)
        deadline = None if until is None else self._moment(until, zone, language, day_end=True)
        if isinstance(deadline, Ambiguous):
            request = {"kind": "allow", "quiz": quiz.id, "student": student_id, "extra": extra_attempts}
            raise await self._ask(who, deadline, request, zone)
        if quiz.settled_at is not None and not quiz.closed_by_deadline() and deadline is not None:
            raise UserError(text("teaching.closed_by_teacher"))
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
        refreshed, now = None, self._clock.now()
        if deadline is not None and quiz.closed_by_deadline() and await self._db.unsettle(quiz.id, now):
            refreshed = await closed_quiz(self._db, self._lessons, quiz.id, settled=False, owed_since=now)
        return given, refreshed

    # -- a date that reads two ways ----------------------------------------------------------------

    async def _ask(
        self, who: Who, ambiguous: Ambiguous, request: dict[str, object], zone: ZoneInfo
    ) -> TimeChoiceError:
        """Keep the command until the teacher picks a reading; the refusal that shows the two buttons."""
        readings = [minute_of(moment) for moment in ambiguous.readings]
        pending_id = await self.pending.keep(who, request | {"readings": readings})
        return TimeChoiceError(ambiguous, pending_id, zone)

    async def pick(self, who: Who, pending_id: int, minute: int) -> Opened | Allowed:
        """Finish the command kept as `pending_id` with the moment the teacher picked."""
        pending = await self.pending.get(who, pending_id)
        request = pending.request
        if minute not in request["readings"]:
            raise UserError(GONE)  # not one of the two readings offered: a forged or stale button
        picked = from_minute(minute)
        done: Opened | Allowed
        if request["kind"] == "start":
            times = {name: _moment_of(request.get(name)) for name in _TIMES} | {request["field"]: picked}
            fields = (request["attempts"], request["grade"], request["feedback"], request["language"])
            # A command kept before `shuffle` was kept has none: the default, as it would have had.
            typed = RulesText(times["closes"], times["opens"], *fields, request.get("shuffle"))
            done = await self.open_quiz(who, request["lesson"], request["channel"], typed)
        else:
            quiz = await self.quiz_by_id(who.guild_id, request["quiz"])
            given, refreshed = await self.allow(who, quiz, request["student"], request["extra"], picked)
            done = Allowed(given, refreshed, request["student"])
        await self.pending.done(pending_id)
        return done

    # -- settings ------------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        return await self._db.settings(guild_id)

    async def set_timezone(self, guild_id: int, name: str) -> ZoneInfo:
        zone = parse_zone(name)
        await self._db.set_setting(guild_id, "timezone", zone.key)
        return zone

    async def set_role(self, guild_id: int, which: str, role_id: int | None) -> None:
        await self._db.set_setting(guild_id, f"{which}_role_id", role_id)

    async def set_needs_help(self, guild_id: int, percent: int) -> None:
        await self._db.set_setting(guild_id, "needs_help_below", percent)


def _minute(moment: datetime | None) -> int | None:
    return None if moment is None else minute_of(moment)


def _moment_of(minute: object) -> datetime | None:
    return from_minute(minute) if isinstance(minute, int) else None
