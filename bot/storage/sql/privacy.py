"""One person's data in one server: what is kept, deleting it, and deleting what is past retention.

Which rows name a person is declared once, in bot/storage/personal.py; `held` and `forget` are built from
that declaration, and the sweep checks at import that it covers every kind the declaration says it does.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

from bot.report.model import SchoolId
from bot.storage.personal import (
    KEPT,
    NOBODY,
    SERVER_QUIZZES,
    Kept,
    OnForget,
    Retention,
)
from bot.storage.records import Accommodation, Forgotten, LessonDraft, QuizRecord, ServerLesson, Swept
from bot.storage.sql.dialect import sql
from bot.storage.sql.lessons import DRAFT_COLUMNS, LESSON_COLUMNS, draft_of, lesson_of
from bot.storage.sql.quizzes import ACCOMMODATION_COLUMNS, QUIZ_COLUMNS, accommodation_of, quiz_of
from bot.storage.sql.runner import Runner
from bot.storage.sql.values import time_of

_FIELDS = tuple(field.name for field in fields(Forgotten))


def _forget(kept: Kept) -> str:
    if kept.on_forget is OnForget.DELETE:
        return f"DELETE FROM {kept.table} WHERE {kept.where} RETURNING 1"
    return f"UPDATE {kept.table} SET {kept.column} = :nobody WHERE {kept.where} RETURNING 1"


_FORGET = tuple((sql(_forget(kept)), kept.counted_as) for kept in KEPT)
# Every count in one row: what forget would delete, in Forgotten's fields.
_HELD = sql(
    "SELECT "
    + ", ".join(
        " + ".join(f"(SELECT COUNT(*) FROM {k.table} WHERE {k.where})" for k in KEPT if k.counted_as == field)
        or "0"
        for field in _FIELDS
    )
)

# An attempt's last activity: its finish, else its latest answer, else its start. Each argument is
# COALESCEd because SQLite's max() of several is NULL if any is.
_LAST_ACTIVITY = (
    "GREATEST(a.started_at, COALESCE(a.finished_at, a.started_at),"
    " COALESCE((SELECT MAX(r.answered_at) FROM answers r WHERE r.attempt_id = a.id), a.started_at))"
)
# One DELETE for the attempts (their answers go by ON DELETE CASCADE), so that several processes
# sweeping at once delete each attempt once; then names not seen since with no attempt left.
_SWEEPS = {
    Retention.LAST_ACTIVITY: (
        "attempts",
        sql(f"DELETE FROM attempts AS a WHERE {_LAST_ACTIVITY} < :before::timestamptz RETURNING 1"),
    ),
    Retention.NOT_SEEN: (
        "people",
        sql(
            "DELETE FROM people WHERE seen_at < :before::timestamptz AND NOT EXISTS (SELECT 1 FROM attempts a"
            " WHERE a.guild_id = people.guild_id AND a.user_id = people.user_id) RETURNING 1"
        ),
    ),
}
# Spaced review: answers and items untouched for the retention period, then students with no item left.
_REVIEW_SWEEPS = {
    "review_log": sql("DELETE FROM review_log WHERE answered_at < :before::timestamptz RETURNING 1"),
    "review_items": sql("DELETE FROM review_items WHERE last_review < :before::timestamptz RETURNING 1"),
    "review_students": sql(
        "DELETE FROM review_students WHERE NOT EXISTS (SELECT 1 FROM review_items i"
        " WHERE i.guild_id = review_students.guild_id AND i.user_id = review_students.user_id) RETURNING 1"
    ),
}
for _kept in KEPT:
    if _kept.retention in _SWEEPS and _SWEEPS[_kept.retention][0] != _kept.table:
        raise AssertionError(f"the sweep does not delete {_kept.table} by {_kept.retention.name}")
    if _kept.retention is Retention.REVIEWED and _kept.table not in _REVIEW_SWEEPS:
        raise AssertionError(f"the sweep does not delete {_kept.table} by {_kept.retention.name}")

_PERSON = sql("SELECT name, seen_at FROM people WHERE guild_id = :guild AND user_id = :user")
_THEIR_EXTRAS = sql(
    f"SELECT {ACCOMMODATION_COLUMNS} FROM accommodations x"
    f" WHERE x.user_id = :user AND x.quiz_id IN ({SERVER_QUIZZES}) ORDER BY x.quiz_id"
)
_OPENED_BY = sql(
    f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = :guild AND q.opened_by = :user ORDER BY q.id"
)
_GRANTED_BY = sql(
    f"SELECT {ACCOMMODATION_COLUMNS} FROM accommodations x"
    f" WHERE x.granted_by = :user AND x.quiz_id IN ({SERVER_QUIZZES}) ORDER BY x.quiz_id, x.user_id"
)
_PUBLISHED_BY = sql(
    f"SELECT {LESSON_COLUMNS} FROM guild_lessons WHERE guild_id = :guild AND published_by = :user"
    " ORDER BY lesson_id"
)
_SCHOOL_ID_OF = sql("SELECT id_number, email FROM school_ids WHERE guild_id = :guild AND user_id = :user")
_DRAFTS_OF = sql(
    f"SELECT {DRAFT_COLUMNS} FROM lesson_drafts WHERE guild_id = :guild AND user_id = :user ORDER BY id"
)


class PrivacyStatements(Runner):
    async def person(self, guild_id: int, user_id: int) -> tuple[str, datetime] | None:
        """The name kept for this person in this server, and when it was last seen."""
        row = await self._read_one(_PERSON, guild=guild_id, user=user_id)
        return None if row is None else (str(row[0]), time_of(row[1]))

    async def student_accommodations(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person has on the server's quizzes."""
        return [
            accommodation_of(row) for row in await self._read_all(_THEIR_EXTRAS, guild=guild_id, user=user_id)
        ]

    async def quizzes_opened_by(self, guild_id: int, user_id: int) -> list[QuizRecord]:
        """The server's quizzes this person opened (as a teacher), oldest first."""
        return [quiz_of(row) for row in await self._read_all(_OPENED_BY, guild=guild_id, user=user_id)]

    async def accommodations_granted_by(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person gave students on the server's quizzes (as a teacher)."""
        return [
            accommodation_of(row) for row in await self._read_all(_GRANTED_BY, guild=guild_id, user=user_id)
        ]

    async def lessons_published_by(self, guild_id: int, user_id: int) -> list[ServerLesson]:
        """The server's lessons this person published (as a teacher)."""
        return [lesson_of(row) for row in await self._read_all(_PUBLISHED_BY, guild=guild_id, user=user_id)]

    async def drafts_of(self, guild_id: int, user_id: int) -> list[LessonDraft]:
        """Uploads of this person's waiting to be published."""
        return [draft_of(row) for row in await self._read_all(_DRAFTS_OF, guild=guild_id, user=user_id)]

    async def school_id_of(self, guild_id: int, user_id: int) -> SchoolId | None:
        """The school's id number and email for this person, as a teacher imported them."""
        row = await self._read_one(_SCHOOL_ID_OF, guild=guild_id, user=user_id)
        return None if row is None else SchoolId(row[0], row[1])

    async def held(self, guild_id: int, user_id: int) -> Forgotten:
        """What `forget` would delete now, without deleting anything."""
        row = await self._read_one(_HELD, guild=guild_id, user=user_id)
        assert row is not None
        return Forgotten(**{name: int(n) for name, n in zip(_FIELDS, row, strict=True)})

    async def forget(self, guild_id: int, user_id: int) -> Forgotten:
        """Delete everything kept about this person in this server, in one transaction; what went.

        Their attempts and answers, their name and their accommodations go. Quizzes they opened and extra
        time they gave other students stay (the class's records) but no longer name them.
        """
        values = {"guild": guild_id, "user": user_id, "nobody": NOBODY}
        done = await self._write_together([(statement, values) for statement, _ in _FORGET])
        counts = dict.fromkeys(_FIELDS, 0)
        for (_, field), rows in zip(_FORGET, done, strict=True):
            counts[field] += len(rows)
        return Forgotten(**counts)

    async def sweep(self, before: datetime) -> Swept:
        """Delete every attempt (with its answers) last active before `before`, in every server, then the
        names of people not seen since `before` who have no attempt left in that server."""
        values = {"before": before}
        attempts, names, *reviews = await self._write_together(
            [(_SWEEPS[Retention.LAST_ACTIVITY][1], values), (_SWEEPS[Retention.NOT_SEEN][1], values)]
            + [(statement, values) for statement in _REVIEW_SWEEPS.values()]
        )
        return Swept(len(attempts), len(names), sum(len(rows) for rows in reviews[:2]))
