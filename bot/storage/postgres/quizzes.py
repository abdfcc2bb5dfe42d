"""Quizzes, their cards and deadlines, and students' extra time (PostgreSQL; mirrors sqlite/quizzes.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.quiz.rules import FeedbackMode, Grading, QuizRules
from bot.storage.postgres.engine import Engine, at, maybe
from bot.storage.records import Accommodation, QuizRecord

QUIZ_COLUMNS = (
    "q.id, q.guild_id, q.lesson_id, q.channel_id, q.version_id, q.opened_at, q.closed_at, q.settled_at,"
    " q.opens_at, q.closes_at, q.max_attempts, q.grading, q.feedback"
)
QUIZ_WIDTH = QUIZ_COLUMNS.count(",") + 1  # counted: a new column moves the slices too
# The same columns, for RETURNING from a statement on the quizzes table itself.
_RETURNED = QUIZ_COLUMNS.replace("q.", "")


def may_answer(now: str) -> str:
    """Whether the student of attempt `a` may answer its quiz `q` at the time bound as `now` (e.g. "$2").

    Given their accommodation `x` (LEFT JOINed): after it opens, before their deadline, and not closed by
    a teacher. The same condition as the SQLite engine's MAY_ANSWER.
    """
    return (
        f"(q.opens_at IS NULL OR q.opens_at <= {now})"
        f" AND (q.closed_at IS NULL OR (q.settled_at IS NULL AND q.closes_at IS NOT NULL"
        f"      AND q.closed_at >= q.closes_at"
        f"      AND x.until IS NOT NULL AND x.until > {now}))"
        f" AND (q.closes_at IS NULL OR q.closes_at > {now} OR (x.until IS NOT NULL AND x.until > {now}))"
    )


def quiz_of(row: Iterable[Any]) -> QuizRecord:
    (id_, guild, lesson, channel, version, opened, closed, settled, opens, closes, most, grading, mode) = row
    return QuizRecord(
        id=id_,
        guild_id=guild,
        lesson_id=lesson,
        channel_id=channel,
        version_id=version,
        opened_at=opened,
        closed_at=closed,
        settled_at=settled,
        rules=QuizRules(
            opens_at=opens,
            closes_at=closes,
            max_attempts=most,
            grading=Grading(grading),
            feedback=FeedbackMode(mode),
        ),
    )


def _rules(rules: QuizRules) -> tuple[datetime | None, datetime | None, int | None, str, str]:
    return (
        maybe(rules.opens_at),
        maybe(rules.closes_at),
        rules.max_attempts,
        rules.grading.value,
        rules.feedback.value,
    )


class QuizStatements(Engine):
    # -- quizzes -------------------------------------------------------------------------------

    async def open_quiz(
        self,
        guild_id: int,
        lesson_id: str,
        channel_id: int,
        teacher_id: int,
        *,
        version_id: int | None,
        rules: QuizRules,
        now: datetime,
    ) -> tuple[QuizRecord, bool]:
        """The lesson's open quiz in this channel, opening one with `rules` if none is; True if opened now."""
        row = await self._one(
            "INSERT INTO quizzes (guild_id, lesson_id, channel_id, opened_by, opened_at, version_id,"
            " opens_at, closes_at, max_attempts, grading, feedback)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            f" ON CONFLICT DO NOTHING RETURNING {_RETURNED}",
            guild_id,
            lesson_id,
            channel_id,
            teacher_id,
            at(now),
            version_id,
            *_rules(rules),
        )
        if row is not None:
            return quiz_of(row), True
        found = await self.open_quizzes(guild_id, channel_id, lesson_id)
        assert found, "the open quiz the insert met is there"
        return found[0], False

    async def change_rules(self, quiz_id: int, rules: QuizRules) -> None:
        """Replace the rules of an open quiz (a teacher ran /quiz start again with new options)."""
        await self._one(
            "UPDATE quizzes SET opens_at = $1, closes_at = $2, max_attempts = $3, grading = $4, feedback = $5"
            " WHERE id = $6 AND closed_at IS NULL",
            *_rules(rules),
            quiz_id,
        )

    async def quiz(self, quiz_id: int) -> QuizRecord | None:
        """The quiz with this id, open or closed."""
        row = await self._one(f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.id = $1", quiz_id)
        return quiz_of(row) if row else None

    async def open_quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None
    ) -> list[QuizRecord]:
        """The server's open quizzes, optionally only those of one channel and lesson; newest first."""
        rows = await self._all(
            f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = $1 AND q.closed_at IS NULL"
            " AND ($2::bigint IS NULL OR q.channel_id = $2) AND ($3::text IS NULL OR q.lesson_id = $3)"
            " ORDER BY q.id DESC",
            guild_id,
            channel_id,
            lesson_id,
        )
        return [quiz_of(row) for row in rows]

    async def quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None, limit: int = 25
    ) -> list[QuizRecord]:
        """The server's quizzes, open and closed, newest first; optionally of one channel and lesson."""
        rows = await self._all(
            f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = $1"
            " AND ($2::bigint IS NULL OR q.channel_id = $2) AND ($3::text IS NULL OR q.lesson_id = $3)"
            " ORDER BY q.id DESC LIMIT $4",
            guild_id,
            channel_id,
            lesson_id,
            limit,
        )
        return [quiz_of(row) for row in rows]

    async def close_quiz(self, quiz_id: int, now: datetime) -> bool:
        """Close a quiz for everyone, extra time included; False if it was closed for good already."""
        row = await self._one(
            "UPDATE quizzes SET closed_at = COALESCE(closed_at, $1), settled_at = $1"
            " WHERE id = $2 AND settled_at IS NULL RETURNING id",
            at(now),
            quiz_id,
        )
        return row is not None

    async def anything_due(self, now: datetime) -> bool:
        """Whether a quiz is past its deadline, or closed with no student's extra time left to run."""
        row = await self._one(
            "SELECT EXISTS (SELECT 1 FROM quizzes WHERE closed_at IS NULL AND closes_at <= $1)"
            " OR EXISTS (SELECT 1 FROM quizzes q WHERE q.closed_at IS NOT NULL AND q.settled_at IS NULL"
            "   AND NOT EXISTS (SELECT 1 FROM accommodations x WHERE x.quiz_id = q.id AND x.until > $1))",
            at(now),
        )
        return bool(row and row[0])

    async def close_overdue(self, now: datetime) -> list[tuple[int, bool]]:
        """Close every quiz whose deadline has passed, as of its deadline; (id, settled) for each.

        One statement, so that when several processes run it at once each quiz is closed by exactly one:
        a second UPDATE waits on the row, then finds it closed and leaves it.
        A quiz stays unsettled while a student's extra time runs past its deadline.
        """
        rows = await self._all(
            "UPDATE quizzes SET closed_at = closes_at, settled_at = CASE WHEN EXISTS ("
            "   SELECT 1 FROM accommodations x WHERE x.quiz_id = quizzes.id AND x.until > $1)"
            "   THEN NULL ELSE closes_at END"
            " WHERE closed_at IS NULL AND closes_at IS NOT NULL AND closes_at <= $1"
            " RETURNING id, settled_at IS NOT NULL",
            at(now),
        )
        return sorted((row[0], row[1]) for row in rows)

    async def settle_finished_extensions(self, now: datetime) -> list[int]:
        """Settle closed quizzes whose last extra time has run out; their ids."""
        rows = await self._all(
            "UPDATE quizzes SET settled_at = $1 WHERE closed_at IS NOT NULL AND settled_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM accommodations x WHERE x.quiz_id = quizzes.id AND x.until > $1)"
            " RETURNING id",
            at(now),
        )
        return sorted(row[0] for row in rows)

    async def unsettle(self, quiz_id: int) -> bool:
        """Reopen a deadline-closed quiz's cards for students given extra time after it settled."""
        row = await self._one(
            "UPDATE quizzes SET settled_at = NULL WHERE id = $1 AND settled_at IS NOT NULL"
            " AND closes_at IS NOT NULL AND closed_at >= closes_at RETURNING id",
            quiz_id,
        )
        return row is not None

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next moment a quiz's deadline or a student's extra time ends, if any."""
        row = await self._one(
            "SELECT MIN(t) FROM ("
            " SELECT MIN(closes_at) AS t FROM quizzes WHERE closed_at IS NULL AND closes_at IS NOT NULL"
            " UNION ALL"
            " SELECT MIN(x.until) FROM accommodations x JOIN quizzes q ON q.id = x.quiz_id"
            "  WHERE q.closed_at IS NOT NULL AND q.settled_at IS NULL AND x.until > $1) AS wakeups",
            at(now),
        )
        return row[0] if row else None

    async def add_quiz_card(self, quiz_id: int, channel_id: int, message_id: int) -> None:
        """Remember a message that shows the quiz's Start button."""
        await self._one(
            "INSERT INTO quiz_cards (message_id, quiz_id, channel_id) VALUES ($1, $2, $3)"
            " ON CONFLICT DO NOTHING",
            message_id,
            quiz_id,
            channel_id,
        )

    async def quiz_cards(self, quiz_id: int) -> list[tuple[int, int]]:
        """The (channel id, message id) of every message that shows the quiz's Start button."""
        rows = await self._all(
            "SELECT channel_id, message_id FROM quiz_cards WHERE quiz_id = $1 ORDER BY message_id", quiz_id
        )
        return [(row[0], row[1]) for row in rows]

    # -- accommodations ------------------------------------------------------------------------

    async def set_accommodation(
        self, quiz_id: int, user_id: int, extra_attempts: int, until: datetime | None, teacher_id: int
    ) -> None:
        await self._one(
            "INSERT INTO accommodations (quiz_id, user_id, extra_attempts, until, granted_by)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (quiz_id, user_id) DO UPDATE SET"
            " extra_attempts = excluded.extra_attempts, until = excluded.until,"
            " granted_by = excluded.granted_by",
            quiz_id,
            user_id,
            extra_attempts,
            maybe(until),
            teacher_id,
        )

    async def remove_accommodation(self, quiz_id: int, user_id: int) -> bool:
        row = await self._one(
            "DELETE FROM accommodations WHERE quiz_id = $1 AND user_id = $2 RETURNING quiz_id",
            quiz_id,
            user_id,
        )
        return row is not None

    async def accommodations(self, quiz_id: int) -> dict[int, Accommodation]:
        rows = await self._all(
            "SELECT quiz_id, user_id, extra_attempts, until FROM accommodations WHERE quiz_id = $1", quiz_id
        )
        return {row[1]: Accommodation(row[0], row[1], row[2], row[3]) for row in rows}
