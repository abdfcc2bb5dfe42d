"""One person's data in one server: what is kept, deleting it, and deleting what is past retention.

Rows about a person in a server: their `people` name, their `attempts` (with `answers`), their
`accommodations` on the server's quizzes, and, as a teacher, `quizzes.opened_by`,
`accommodations.granted_by`, `guild_lessons.published_by` and their waiting `lesson_drafts`.
Every other table holds no user id.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.storage.records import Accommodation, Forgotten, QuizRecord, Swept
from bot.storage.sqlite.engine import Engine, dt, must, ts
from bot.storage.sqlite.quizzes import QUIZ_COLUMNS, quiz_of

# Who a quiz was opened by, or extra time granted by, once that person's data is deleted.
NOBODY = 0

# An attempt's last activity: its finish, else its latest answer, else its start. Times are text in one
# format, so text order is time order; max() of several arguments is NULL if any is, hence COALESCE.
_LAST_ACTIVITY = (
    "max(a.started_at, COALESCE(a.finished_at, a.started_at),"
    " COALESCE((SELECT MAX(r.answered_at) FROM answers r WHERE r.attempt_id = a.id), a.started_at))"
)
_THEIRS = "SELECT id FROM attempts WHERE guild_id = :guild AND user_id = :user"
_SERVER_QUIZZES = "SELECT id FROM quizzes WHERE guild_id = :guild"


class PrivacyStatements(Engine):
    async def person(self, guild_id: int, user_id: int) -> tuple[str, datetime] | None:
        """The name kept for this person in this server, and when it was last seen."""
        row = await self._one(
            "SELECT name, seen_at FROM people WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return None if row is None else (str(row[0]), must(row[1]))

    async def student_accommodations(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person has on the server's quizzes."""
        rows = await self._all(
            "SELECT x.quiz_id, x.user_id, x.extra_attempts, x.until FROM accommodations x"
            f" WHERE x.user_id = :user AND x.quiz_id IN ({_SERVER_QUIZZES}) ORDER BY x.quiz_id",
            {"guild": guild_id, "user": user_id},
        )
        return [Accommodation(row[0], row[1], row[2], dt(row[3])) for row in rows]

    async def quizzes_opened_by(self, guild_id: int, user_id: int) -> list[QuizRecord]:
        """The server's quizzes this person opened (as a teacher), oldest first."""
        rows = await self._all(
            f"SELECT {QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = ? AND q.opened_by = ? ORDER BY q.id",
            (guild_id, user_id),
        )
        return [quiz_of(row) for row in rows]

    async def accommodations_granted_by(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person gave students on the server's quizzes (as a teacher)."""
        rows = await self._all(
            "SELECT x.quiz_id, x.user_id, x.extra_attempts, x.until FROM accommodations x"
            f" WHERE x.granted_by = :user AND x.quiz_id IN ({_SERVER_QUIZZES}) ORDER BY x.quiz_id, x.user_id",
            {"guild": guild_id, "user": user_id},
        )
        return [Accommodation(row[0], row[1], row[2], dt(row[3])) for row in rows]

    async def held(self, guild_id: int, user_id: int) -> Forgotten:
        """What `forget` would delete now, without deleting anything."""
        row = await self._one(
            f"SELECT (SELECT COUNT(*) FROM attempts WHERE id IN ({_THEIRS})),"
            f" (SELECT COUNT(*) FROM answers WHERE attempt_id IN ({_THEIRS})),"
            " (SELECT COUNT(*) FROM people WHERE guild_id = :guild AND user_id = :user),"
            " (SELECT COUNT(*) FROM accommodations WHERE user_id = :user"
            f"  AND quiz_id IN ({_SERVER_QUIZZES})),"
            " (SELECT COUNT(*) FROM quizzes WHERE guild_id = :guild AND opened_by = :user)"
            # Extra time a teacher gave themselves is deleted as theirs, not also counted as unlinked.
            " + (SELECT COUNT(*) FROM accommodations WHERE granted_by = :user AND user_id <> :user"
            f"    AND quiz_id IN ({_SERVER_QUIZZES}))"
            " + (SELECT COUNT(*) FROM guild_lessons WHERE guild_id = :guild AND published_by = :user)"
            " + (SELECT COUNT(*) FROM lesson_drafts WHERE guild_id = :guild AND user_id = :user)",
            {"guild": guild_id, "user": user_id},
        )
        assert row is not None
        return Forgotten(*(int(n) for n in row))

    async def forget(self, guild_id: int, user_id: int) -> Forgotten:
        """Delete everything kept about this person in this server, in one transaction; what went.

        Their attempts and answers, their name and their accommodations go. Quizzes they opened and extra
        time they gave other students stay (the class's records) but no longer name them.
        """
        params = {"guild": guild_id, "user": user_id, "nobody": NOBODY}
        mine = "guild_id = :guild AND user_id = :user"

        def delete(conn: sqlite3.Connection) -> Forgotten:
            def count(sql: str) -> int:
                return conn.execute(sql, params).rowcount

            answers = count(f"DELETE FROM answers WHERE attempt_id IN ({_THEIRS})")
            attempts = count(f"DELETE FROM attempts WHERE {mine}")
            names = count(f"DELETE FROM people WHERE {mine}")
            accommodations = count(
                f"DELETE FROM accommodations WHERE user_id = :user AND quiz_id IN ({_SERVER_QUIZZES})"
            )
            unlinked = count(
                "UPDATE quizzes SET opened_by = :nobody WHERE guild_id = :guild AND opened_by = :user"
            )
            unlinked += count(
                "UPDATE accommodations SET granted_by = :nobody"
                f" WHERE granted_by = :user AND quiz_id IN ({_SERVER_QUIZZES})"
            )
            unlinked += count(
                "UPDATE guild_lessons SET published_by = :nobody"
                " WHERE guild_id = :guild AND published_by = :user"
            )
            # An upload still waiting to be published is theirs alone: it goes.
            unlinked += count(f"DELETE FROM lesson_drafts WHERE {mine}")
            return Forgotten(attempts, answers, names, accommodations, unlinked)

        return await self._in_transaction(delete)

    async def sweep(self, before: datetime) -> Swept:
        """Delete every attempt (with its answers) last active before `before`, in every server.

        One DELETE for the attempts (their answers go by ON DELETE CASCADE), so that several processes
        sweeping at once delete each attempt once. Then the names of people not seen since `before` who
        have no attempt left in that server.
        """
        params = {"before": ts(before)}

        def delete(conn: sqlite3.Connection) -> Swept:
            attempts = conn.execute(f"DELETE FROM attempts AS a WHERE {_LAST_ACTIVITY} < :before", params)
            names = conn.execute(
                "DELETE FROM people WHERE seen_at < :before AND NOT EXISTS (SELECT 1 FROM attempts a"
                " WHERE a.guild_id = people.guild_id AND a.user_id = people.user_id)",
                params,
            )
            return Swept(attempts.rowcount, names.rowcount)

        return await self._in_transaction(delete)
