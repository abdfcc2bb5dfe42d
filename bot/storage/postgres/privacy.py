"""One person's data in one server, deleting it, and retention (PostgreSQL; mirrors sqlite/privacy.py).

Each write is one statement of data-modifying CTEs, so it is all or nothing without a transaction held
across awaits, and several processes sweeping at once delete each attempt once.
"""

from __future__ import annotations

from datetime import datetime

from bot.storage.postgres.engine import Engine, at, maybe
from bot.storage.postgres.quizzes import QUIZ_COLUMNS, quiz_of
from bot.storage.records import Accommodation, Forgotten, QuizRecord, Swept

NOBODY = 0
_THEIRS = "SELECT id FROM attempts WHERE guild_id = $1 AND user_id = $2"
_SERVER_QUIZZES = "SELECT id FROM quizzes WHERE guild_id = $1"
# An attempt's last activity: its finish, else its latest answer, else its start.
_LAST_ACTIVITY = (
    "GREATEST(a.started_at, a.finished_at,"
    " (SELECT MAX(r.answered_at) FROM answers r WHERE r.attempt_id = a.id))"
)


class PrivacyStatements(Engine):
    async def person(self, guild_id: int, user_id: int) -> tuple[str, datetime] | None:
        """The name kept for this person in this server, and when it was last seen."""
        row = await self._one(
            "SELECT name, seen_at FROM people WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
        )
        return None if row is None else (str(row[0]), row[1])

    async def student_accommodations(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person has on the server's quizzes."""
        rows = await self._all(
            "SELECT x.quiz_id, x.user_id, x.extra_attempts, x.until FROM accommodations x"
            f" WHERE x.user_id = $2 AND x.quiz_id IN ({_SERVER_QUIZZES}) ORDER BY x.quiz_id",
            guild_id,
            user_id,
        )
        return [Accommodation(row[0], row[1], row[2], maybe(row[3])) for row in rows]

    async def quizzes_opened_by(self, guild_id: int, user_id: int) -> list[QuizRecord]:
        """The server's quizzes this person opened (as a teacher), oldest first."""
        rows = await self._all(
            f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = $1 AND q.opened_by = $2 ORDER BY q.id",
            guild_id,
            user_id,
        )
        return [quiz_of(row) for row in rows]

    async def accommodations_granted_by(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person gave students on the server's quizzes (as a teacher)."""
        rows = await self._all(
            "SELECT x.quiz_id, x.user_id, x.extra_attempts, x.until FROM accommodations x"
            f" WHERE x.granted_by = $2 AND x.quiz_id IN ({_SERVER_QUIZZES}) ORDER BY x.quiz_id, x.user_id",
            guild_id,
            user_id,
        )
        return [Accommodation(row[0], row[1], row[2], maybe(row[3])) for row in rows]

    async def held(self, guild_id: int, user_id: int) -> Forgotten:
        """What `forget` would delete now, without deleting anything."""
        row = await self._one(
            f"SELECT (SELECT COUNT(*) FROM attempts WHERE id IN ({_THEIRS})),"
            f" (SELECT COUNT(*) FROM answers WHERE attempt_id IN ({_THEIRS})),"
            " (SELECT COUNT(*) FROM people WHERE guild_id = $1 AND user_id = $2),"
            " (SELECT COUNT(*) FROM accommodations WHERE user_id = $2"
            f"   AND quiz_id IN ({_SERVER_QUIZZES})),"
            " (SELECT COUNT(*) FROM quizzes WHERE guild_id = $1 AND opened_by = $2)"
            # Extra time a teacher gave themselves is deleted as theirs, not also counted as unlinked.
            " + (SELECT COUNT(*) FROM accommodations WHERE granted_by = $2 AND user_id <> $2"
            f"   AND quiz_id IN ({_SERVER_QUIZZES}))"
            " + (SELECT COUNT(*) FROM guild_lessons WHERE guild_id = $1 AND published_by = $2)"
            " + (SELECT COUNT(*) FROM lesson_drafts WHERE guild_id = $1 AND user_id = $2)",
            guild_id,
            user_id,
        )
        assert row is not None
        return Forgotten(*(int(n) for n in row))

    async def forget(self, guild_id: int, user_id: int) -> Forgotten:
        """Delete everything kept about this person in this server, in one statement; what went."""
        row = await self._one(
            f"WITH answers_gone AS (DELETE FROM answers WHERE attempt_id IN ({_THEIRS}) RETURNING 1),"
            " attempts_gone AS (DELETE FROM attempts WHERE guild_id = $1 AND user_id = $2 RETURNING 1),"
            " names_gone AS (DELETE FROM people WHERE guild_id = $1 AND user_id = $2 RETURNING 1),"
            " extra_gone AS (DELETE FROM accommodations WHERE user_id = $2"
            f"   AND quiz_id IN ({_SERVER_QUIZZES}) RETURNING 1),"
            " opened AS (UPDATE quizzes SET opened_by = $3"
            "   WHERE guild_id = $1 AND opened_by = $2 RETURNING 1),"
            # Not the rows extra_gone deletes: one statement must not change a row twice.
            " granted AS (UPDATE accommodations SET granted_by = $3 WHERE granted_by = $2 AND user_id <> $2"
            f"   AND quiz_id IN ({_SERVER_QUIZZES}) RETURNING 1),"
            " published AS (UPDATE guild_lessons SET published_by = $3"
            "   WHERE guild_id = $1 AND published_by = $2 RETURNING 1),"
            " drafts AS (DELETE FROM lesson_drafts WHERE guild_id = $1 AND user_id = $2 RETURNING 1)"
            " SELECT (SELECT COUNT(*) FROM attempts_gone), (SELECT COUNT(*) FROM answers_gone),"
            " (SELECT COUNT(*) FROM names_gone), (SELECT COUNT(*) FROM extra_gone),"
            " (SELECT COUNT(*) FROM opened) + (SELECT COUNT(*) FROM granted)"
            " + (SELECT COUNT(*) FROM published) + (SELECT COUNT(*) FROM drafts)",
            guild_id,
            user_id,
            NOBODY,
        )
        assert row is not None
        return Forgotten(*(int(n) for n in row))

    async def sweep(self, before: datetime) -> Swept:
        """Delete every attempt (with its answers) last active before `before`, in every server, and the
        names of people not seen since then who have no attempt left in that server."""
        row = await self._one(
            # The CTEs see the rows as they were, so attempts being deleted are left out by id.
            f"WITH gone AS (DELETE FROM attempts a WHERE {_LAST_ACTIVITY} < $1 RETURNING id),"
            " names AS (DELETE FROM people p WHERE p.seen_at < $1"
            "   AND NOT EXISTS (SELECT 1 FROM attempts a"
            "     WHERE a.guild_id = p.guild_id AND a.user_id = p.user_id"
            "     AND a.id NOT IN (SELECT id FROM gone))"
            "   RETURNING 1)"
            " SELECT (SELECT COUNT(*) FROM gone), (SELECT COUNT(*) FROM names)",
            at(before),
        )
        assert row is not None
        return Swept(int(row[0]), int(row[1]))
