"""Quizzes, their cards and deadlines, and students' extra time."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.quiz.rules import FeedbackMode, Grading, QuizRules, ShuffleMode
from bot.storage.records import Accommodation, QuizRecord
from bot.storage.sql.dialect import sql
from bot.storage.sql.runner import Runner
from bot.storage.sql.values import time_of, time_or_none

QUIZ_COLUMNS = (
    "q.id, q.guild_id, q.lesson_id, q.channel_id, q.version_id, q.opened_at, q.closed_at, q.settled_at,"
    " q.opens_at, q.closes_at, q.max_attempts, q.grading, q.feedback, q.shuffle"
)
QUIZ_WIDTH = QUIZ_COLUMNS.count(",") + 1  # counted: a new column moves the slices too
# The same columns, for RETURNING from a statement on the quizzes table itself.
_RETURNED = QUIZ_COLUMNS.replace("q.", "")
# Whether the student of attempt `a` may answer its quiz `q` at :now, given their accommodation `x`
# (LEFT JOINed): after it opens, before their deadline, and not closed by a teacher.
MAY_ANSWER = (
    "(q.opens_at IS NULL OR q.opens_at <= :now::timestamptz)"
    " AND (q.closed_at IS NULL OR (q.settled_at IS NULL AND q.closes_at IS NOT NULL"
    "      AND q.closed_at >= q.closes_at"
    "      AND x.until IS NOT NULL AND x.until > :now))"
    " AND (q.closes_at IS NULL OR q.closes_at > :now OR (x.until IS NOT NULL AND x.until > :now))"
)
# The rules' columns, bound from a QuizRules by _rules.
_RULES = ":opens::timestamptz, :closes::timestamptz, :most::integer, :grading, :feedback, :shuffle"

_OPEN = sql(
    "INSERT INTO quizzes (guild_id, lesson_id, channel_id, opened_by, opened_at, version_id,"
    " opens_at, closes_at, max_attempts, grading, feedback, shuffle)"
    f" VALUES (:guild, :lesson, :channel, :teacher, :now::timestamptz, :version, {_RULES})"
    f" ON CONFLICT DO NOTHING RETURNING {_RETURNED}"
)
_CHANGE_RULES = sql(
    "UPDATE quizzes SET opens_at = :opens::timestamptz, closes_at = :closes::timestamptz,"
    " max_attempts = :most, grading = :grading, feedback = :feedback, shuffle = :shuffle"
    " WHERE id = :quiz AND closed_at IS NULL"
)
_QUIZ = sql(f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.id = :quiz")
_OPEN_QUIZZES = sql(
    f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = :guild AND q.closed_at IS NULL"
    " AND (:channel::bigint IS NULL OR q.channel_id = :channel)"
    " AND (:lesson::text IS NULL OR q.lesson_id = :lesson) ORDER BY q.id DESC"
)
_QUIZZES = sql(
    f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = :guild"
    " AND (:channel::bigint IS NULL OR q.channel_id = :channel)"
    " AND (:lesson::text IS NULL OR q.lesson_id = :lesson) ORDER BY q.id DESC LIMIT :limit"
)
# Every statement that changes what a quiz's cards should show marks them owed in the same statement
# (cards_owed_at), so that a process dying before it edits them leaves the debt for another to pay.
_CLOSE = sql(
    "UPDATE quizzes SET closed_at = COALESCE(closed_at, :now::timestamptz), settled_at = :now,"
    " cards_owed_at = :now WHERE id = :quiz AND settled_at IS NULL RETURNING id"
)
_ANYTHING_DUE = sql(
    "SELECT EXISTS (SELECT 1 FROM quizzes WHERE closed_at IS NULL AND closes_at <= :now::timestamptz)"
    " OR EXISTS (SELECT 1 FROM quizzes q WHERE q.closed_at IS NOT NULL AND q.settled_at IS NULL"
    "   AND NOT EXISTS (SELECT 1 FROM accommodations x WHERE x.quiz_id = q.id AND x.until > :now))"
)
# One statement, so that when several processes run it at once each quiz is closed by exactly one
# (PostgreSQL: a second UPDATE waits on the row, then finds it closed and leaves it).
_CLOSE_OVERDUE = sql(
    "UPDATE quizzes SET closed_at = closes_at, settled_at = CASE WHEN EXISTS ("
    "   SELECT 1 FROM accommodations x WHERE x.quiz_id = quizzes.id AND x.until > :now::timestamptz)"
    "   THEN NULL ELSE closes_at END, cards_owed_at = :now"
    " WHERE closed_at IS NULL AND closes_at IS NOT NULL AND closes_at <= :now"
    " RETURNING id, settled_at IS NOT NULL"
)
_SETTLE = sql(
    "UPDATE quizzes SET settled_at = :now::timestamptz, cards_owed_at = :now"
    " WHERE closed_at IS NOT NULL AND settled_at IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM accommodations x WHERE x.quiz_id = quizzes.id AND x.until > :now)"
    " RETURNING id"
)
_UNSETTLE = sql(
    "UPDATE quizzes SET settled_at = NULL, cards_owed_at = :now::timestamptz"
    " WHERE id = :quiz AND settled_at IS NOT NULL"
    " AND closes_at IS NOT NULL AND closed_at >= closes_at RETURNING id"
)
_NEXT_WAKEUP = sql(
    "SELECT MIN(t) FROM ("
    " SELECT MIN(closes_at) AS t FROM quizzes WHERE closed_at IS NULL AND closes_at IS NOT NULL"
    " UNION ALL"
    " SELECT MIN(x.until) FROM accommodations x JOIN quizzes q ON q.id = x.quiz_id"
    "  WHERE q.closed_at IS NOT NULL AND q.settled_at IS NULL AND x.until > :now::timestamptz) AS wakeups"
)
# Owed cards left by a process that died before it edited them: claimed (their time moved to now) so that
# one process edits them, and another only if this one dies too.
_ANY_OWED = sql(
    "SELECT EXISTS (SELECT 1 FROM quizzes WHERE cards_owed_at IS NOT NULL"
    " AND cards_owed_at <= :stale::timestamptz)"
)
_CLAIM_OWED = sql(
    "UPDATE quizzes SET cards_owed_at = :now::timestamptz"
    " WHERE cards_owed_at IS NOT NULL AND cards_owed_at <= :stale::timestamptz RETURNING id"
)
# Only the debt this process took on: a claim made since by another process stays that process's.
_CARDS_SHOWN = sql(
    "UPDATE quizzes SET cards_owed_at = NULL WHERE id = :quiz AND cards_owed_at = :owed::timestamptz"
)
_CLAIM_NOTE = sql(
    "UPDATE quizzes SET noted_at = :now::timestamptz WHERE id = :quiz AND noted_at IS NULL"
    " AND closes_at IS NOT NULL AND closed_at >= closes_at RETURNING opened_by"
)
_ADD_CARD = sql(
    "INSERT INTO quiz_cards (message_id, quiz_id, channel_id) VALUES (:message, :quiz, :channel)"
    " ON CONFLICT DO NOTHING"
)
_CARDS = sql("SELECT channel_id, message_id FROM quiz_cards WHERE quiz_id = :quiz ORDER BY message_id")
_SET_ACCOMMODATION = sql(
    "INSERT INTO accommodations (quiz_id, user_id, extra_attempts, until, granted_by)"
    " VALUES (:quiz, :user, :extra, :until::timestamptz, :teacher)"
    " ON CONFLICT (quiz_id, user_id) DO UPDATE SET extra_attempts = excluded.extra_attempts,"
    " until = excluded.until, granted_by = excluded.granted_by"
)
_REMOVE_ACCOMMODATION = sql(
    "DELETE FROM accommodations WHERE quiz_id = :quiz AND user_id = :user RETURNING quiz_id"
)
ACCOMMODATION_COLUMNS = "x.quiz_id, x.user_id, x.extra_attempts, x.until"
_ACCOMMODATIONS = sql(f"SELECT {ACCOMMODATION_COLUMNS} FROM accommodations x WHERE x.quiz_id = :quiz")


def quiz_of(row: Sequence[Any]) -> QuizRecord:
    return _quiz_of(tuple(row))


# Every click reads its quiz's row, the same for a whole class until the quiz changes: parsed once
# (on SQLite, seven times reading text into times), not once a click. A changed row is another key.
@functools.lru_cache(maxsize=1024)
def _quiz_of(row: tuple[Any, ...]) -> QuizRecord:
    (
        id_,
        guild,
        lesson,
        channel,
        version,
        opened,
        closed,
        settled,
        opens,
        closes,
        most,
        grading,
        mode,
        mix,
    ) = row
    return QuizRecord(
        id=int(id_),
        guild_id=int(guild),
        lesson_id=str(lesson),
        channel_id=int(channel),
        version_id=None if version is None else int(version),
        opened_at=time_of(opened),
        closed_at=time_or_none(closed),
        settled_at=time_or_none(settled),
        rules=QuizRules(
            opens_at=time_or_none(opens),
            closes_at=time_or_none(closes),
            max_attempts=None if most is None else int(most),
            grading=Grading(grading),
            feedback=FeedbackMode(mode),
            shuffle=ShuffleMode(mix),
        ),
    )


def accommodation_of(row: Sequence[Any]) -> Accommodation:
    """An Accommodation from ACCOMMODATION_COLUMNS."""
    return Accommodation(int(row[0]), int(row[1]), int(row[2]), time_or_none(row[3]))


def _rules(rules: QuizRules) -> dict[str, Any]:
    return {
        "opens": rules.opens_at,
        "closes": rules.closes_at,
        "most": rules.max_attempts,
        "grading": rules.grading.value,
        "feedback": rules.feedback.value,
        "shuffle": rules.shuffle.value,
    }


class QuizStatements(Runner):
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
        """The lesson's open quiz in this channel, opening one with `rules` if none is; True if opened now.

        Insert or nothing, then a read only if the insert met the open quiz (a unique partial index).
        """
        row = await self._write_one(
            _OPEN,
            guild=guild_id,
            lesson=lesson_id,
            channel=channel_id,
            teacher=teacher_id,
            now=now,
            version=version_id,
            **_rules(rules),
        )
        if row is not None:
            return quiz_of(row), True
        found = await self.open_quizzes(guild_id, channel_id, lesson_id)
        assert found, "the open quiz the insert met is there"
        return found[0], False

    async def change_rules(self, quiz_id: int, rules: QuizRules) -> None:
        """Replace the rules of an open quiz (a teacher ran /quiz start again with new options)."""
        await self._write_one(_CHANGE_RULES, quiz=quiz_id, **_rules(rules))

    async def quiz(self, quiz_id: int) -> QuizRecord | None:
        """The quiz with this id, open or closed."""
        row = await self._read_one(_QUIZ, quiz=quiz_id)
        return quiz_of(row) if row else None

    async def open_quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None
    ) -> list[QuizRecord]:
        """The server's open quizzes, optionally only those of one channel and lesson; newest first."""
        rows = await self._read_all(_OPEN_QUIZZES, guild=guild_id, channel=channel_id, lesson=lesson_id)
        return [quiz_of(row) for row in rows]

    async def quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None, limit: int = 25
    ) -> list[QuizRecord]:
        """The server's quizzes, open and closed, newest first; optionally of one channel and lesson."""
        rows = await self._read_all(
            _QUIZZES, guild=guild_id, channel=channel_id, lesson=lesson_id, limit=limit
        )
        return [quiz_of(row) for row in rows]

    async def close_quiz(self, quiz_id: int, now: datetime) -> bool:
        """Close a quiz for everyone, extra time included; False if it was closed for good already."""
        return await self._write_one(_CLOSE, quiz=quiz_id, now=now) is not None

    async def anything_due(self, now: datetime) -> bool:
        """Whether a quiz is past its deadline, or closed with no student's extra time left to run.

        A read, so that looking costs no write lock when nothing is due.
        """
        row = await self._read_one(_ANYTHING_DUE, now=now)
        return bool(row and row[0])

    async def close_overdue(self, now: datetime) -> list[tuple[int, bool]]:
        """Close every quiz whose deadline has passed, as of its deadline; (id, settled) for each.

        A quiz stays unsettled while a student's extra time runs past its deadline.
        """
        rows = await self._write_all(_CLOSE_OVERDUE, now=now)
        return sorted((int(row[0]), bool(row[1])) for row in rows)

    async def settle_finished_extensions(self, now: datetime) -> list[int]:
        """Settle closed quizzes whose last extra time has run out; their ids."""
        rows = await self._write_all(_SETTLE, now=now)
        return sorted(int(row[0]) for row in rows)

    async def unsettle(self, quiz_id: int, now: datetime) -> bool:
        """Reopen a deadline-closed quiz's cards for students given extra time after it settled."""
        return await self._write_one(_UNSETTLE, quiz=quiz_id, now=now) is not None

    async def claim_owed_cards(self, now: datetime, stale: datetime) -> list[int]:
        """Quizzes whose cards were owed an edit since before `stale` (their closer died): each claimed
        as of `now` by this caller alone."""
        # Asked every few seconds by every process: a read first, so that nothing owed costs no write lock.
        found = await self._read_one(_ANY_OWED, stale=stale)
        if not (found and found[0]):
            return []
        return sorted(int(row[0]) for row in await self._write_all(_CLAIM_OWED, now=now, stale=stale))

    async def cards_shown(self, quiz_id: int, owed_since: datetime) -> None:
        """The quiz's cards now show its state, as owed since `owed_since` (a later debt stays)."""
        await self._write_one(_CARDS_SHOWN, quiz=quiz_id, owed=owed_since)

    async def claim_deadline_note(self, quiz_id: int, now: datetime) -> int | None:
        """Who opened a quiz its deadline closed, the first time this is asked (None after, or if a
        teacher closed it): the one process that may send them the note."""
        row = await self._write_one(_CLAIM_NOTE, quiz=quiz_id, now=now)
        return None if row is None else int(row[0])

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next moment a quiz's deadline or a student's extra time ends, if any."""
        row = await self._read_one(_NEXT_WAKEUP, now=now)
        return time_or_none(row[0]) if row else None

    async def add_quiz_card(self, quiz_id: int, channel_id: int, message_id: int) -> None:
        """Remember a message that shows the quiz's Start button."""
        await self._write_one(_ADD_CARD, message=message_id, quiz=quiz_id, channel=channel_id)

    async def quiz_cards(self, quiz_id: int) -> list[tuple[int, int]]:
        """The (channel id, message id) of every message that shows the quiz's Start button."""
        return [(int(row[0]), int(row[1])) for row in await self._read_all(_CARDS, quiz=quiz_id)]

    # -- accommodations ------------------------------------------------------------------------

    async def set_accommodation(
        self, quiz_id: int, user_id: int, extra_attempts: int, until: datetime | None, teacher_id: int
    ) -> None:
        await self._write_one(
            _SET_ACCOMMODATION,
            quiz=quiz_id,
            user=user_id,
            extra=extra_attempts,
            until=until,
            teacher=teacher_id,
        )

    async def remove_accommodation(self, quiz_id: int, user_id: int) -> bool:
        return await self._write_one(_REMOVE_ACCOMMODATION, quiz=quiz_id, user=user_id) is not None

    async def accommodations(self, quiz_id: int) -> dict[int, Accommodation]:
        rows = await self._read_all(_ACCOMMODATIONS, quiz=quiz_id)
        return {found.user_id: found for found in map(accommodation_of, rows)}
