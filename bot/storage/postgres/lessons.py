"""Lessons a server publishes from Discord, and uploads waiting (PostgreSQL; mirrors sqlite/lessons.py)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.postgres.engine import Engine, Row, at
from bot.storage.records import LessonDraft, ServerLesson

_LESSON_COLUMNS = "guild_id, lesson_id, version_id, published_by, published_at, removed_at"
_DRAFT_COLUMNS = "id, guild_id, user_id, filename, content, created_at"


def _lesson(row: Row) -> ServerLesson:
    return ServerLesson(row[0], row[1], row[2], row[3], row[4], row[5])


def _draft(row: Row) -> LessonDraft:
    return LessonDraft(row[0], row[1], row[2], row[3], row[4], row[5])


class LessonStatements(Engine):
    async def server_lessons(self, guild_id: int, *, removed: bool = False) -> list[ServerLesson]:
        """The server's published lessons by id; those removed too if `removed`."""
        rows = await self._all(
            f"SELECT {_LESSON_COLUMNS} FROM guild_lessons WHERE guild_id = $1"
            " AND ($2 OR removed_at IS NULL) ORDER BY lesson_id",
            guild_id,
            removed,
        )
        return [_lesson(row) for row in rows]

    async def server_lesson(self, guild_id: int, lesson_id: str) -> ServerLesson | None:
        """One of the server's lessons, removed or not."""
        row = await self._one(
            f"SELECT {_LESSON_COLUMNS} FROM guild_lessons WHERE guild_id = $1 AND lesson_id = $2",
            guild_id,
            lesson_id,
        )
        return None if row is None else _lesson(row)

    async def publish_lesson(
        self, guild_id: int, lesson_id: str, version_id: int, user_id: int, now: datetime, *, cap: int
    ) -> bool:
        """Serve `version_id` as the server's lesson (new, replaced or brought back); False if the server
        has `cap` other lessons already, and then nothing is written.

        Two teachers publishing different lessons at once under READ COMMITTED could both see room
        under the cap, so a transaction-scoped advisory lock on the server makes them queue. It is taken
        by a statement of its own: a statement sees the rows as they were when it began, so a lock taken
        inside the INSERT would be granted after the INSERT had already counted.
        """
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(7001, hashtext($1::bigint::text))", guild_id)
            row = await conn.fetchrow(
                f"INSERT INTO guild_lessons ({_LESSON_COLUMNS})"
                " SELECT $1, $2, $3, $4, $5, NULL"
                " WHERE (SELECT COUNT(*) FROM guild_lessons"
                "        WHERE guild_id = $1 AND removed_at IS NULL AND lesson_id <> $2) < $6"
                " ON CONFLICT (guild_id, lesson_id) DO UPDATE SET version_id = excluded.version_id,"
                " published_by = excluded.published_by, published_at = excluded.published_at,"
                " removed_at = NULL RETURNING lesson_id",
                guild_id,
                lesson_id,
                version_id,
                user_id,
                at(now),
                cap,
            )
        return row is not None

    async def remove_lesson(self, guild_id: int, lesson_id: str, now: datetime) -> bool:
        """Offer a lesson for no new quizzes; False if the server has no such lesson, or it was removed."""
        row = await self._one(
            "UPDATE guild_lessons SET removed_at = $1 WHERE guild_id = $2 AND lesson_id = $3"
            " AND removed_at IS NULL RETURNING lesson_id",
            at(now),
            guild_id,
            lesson_id,
        )
        return row is not None

    async def unfinished_attempts(self, guild_id: int, lesson_id: str) -> int:
        """How many tries at the lesson's quizzes in this server are under way now."""
        row = await self._one(
            "SELECT COUNT(*) FROM attempts WHERE guild_id = $1 AND lesson_id = $2 AND finished_at IS NULL",
            guild_id,
            lesson_id,
        )
        return int(row[0]) if row else 0

    async def add_draft(self, guild_id: int, user_id: int, filename: str, content: str, now: datetime) -> int:
        row = await self._one(
            "INSERT INTO lesson_drafts (guild_id, user_id, filename, content, created_at)"
            " VALUES ($1, $2, $3, $4, $5) RETURNING id",
            guild_id,
            user_id,
            filename,
            content,
            at(now),
        )
        assert row is not None
        return int(row[0])

    async def draft(self, draft_id: int) -> LessonDraft | None:
        row = await self._one(f"SELECT {_DRAFT_COLUMNS} FROM lesson_drafts WHERE id = $1", draft_id)
        return None if row is None else _draft(row)

    async def drop_draft(self, draft_id: int) -> bool:
        """Forget a draft; False if it was gone already (published, cancelled or expired)."""
        return await self._one("DELETE FROM lesson_drafts WHERE id = $1 RETURNING id", draft_id) is not None

    async def drop_drafts_before(self, moment: datetime) -> int:
        """Forget drafts made before `moment`; how many."""
        rows = await self._all("DELETE FROM lesson_drafts WHERE created_at < $1 RETURNING id", at(moment))
        return len(rows)
