"""Lessons a server's teachers publish from Discord, and the uploads waiting to be published."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.storage.records import LessonDraft, ServerLesson
from bot.storage.sqlite.engine import Engine, dt, must, ts

_LESSON_COLUMNS = "guild_id, lesson_id, version_id, published_by, published_at, removed_at"
_DRAFT_COLUMNS = "id, guild_id, user_id, filename, content, created_at"


def _lesson(row: Sequence[Any]) -> ServerLesson:
    guild, lesson, version, by, at, removed = row
    return ServerLesson(int(guild), str(lesson), int(version), int(by), must(str(at)), dt(removed))


def _draft(row: Sequence[Any]) -> LessonDraft:
    id_, guild, user, filename, content, created = row
    return LessonDraft(int(id_), int(guild), int(user), str(filename), str(content), must(str(created)))


class LessonStatements(Engine):
    # -- published lessons ---------------------------------------------------------------------

    async def server_lessons(self, guild_id: int, *, removed: bool = False) -> list[ServerLesson]:
        """The server's published lessons by id; those removed too if `removed`."""
        rows = await self._all(
            f"SELECT {_LESSON_COLUMNS} FROM guild_lessons WHERE guild_id = ?"
            " AND (? OR removed_at IS NULL) ORDER BY lesson_id",
            (guild_id, removed),
        )
        return [_lesson(row) for row in rows]

    async def server_lesson(self, guild_id: int, lesson_id: str) -> ServerLesson | None:
        """One of the server's lessons, removed or not."""
        row = await self._one(
            f"SELECT {_LESSON_COLUMNS} FROM guild_lessons WHERE guild_id = ? AND lesson_id = ?",
            (guild_id, lesson_id),
        )
        return None if row is None else _lesson(row)

    async def publish_lesson(
        self, guild_id: int, lesson_id: str, version_id: int, user_id: int, now: datetime, *, cap: int
    ) -> bool:
        """Serve `version_id` as the server's lesson (new, replaced or brought back); False if the server
        has `cap` other lessons already, and then nothing is written.

        One statement, so two teachers publishing at once cannot both slip under the cap.
        """
        row = await self._write_one(
            f"INSERT INTO guild_lessons ({_LESSON_COLUMNS})"
            " SELECT :guild, :lesson, :version, :user, :now, NULL"
            " WHERE (SELECT COUNT(*) FROM guild_lessons"
            "        WHERE guild_id = :guild AND removed_at IS NULL AND lesson_id != :lesson) < :cap"
            " ON CONFLICT (guild_id, lesson_id) DO UPDATE SET version_id = excluded.version_id,"
            " published_by = excluded.published_by, published_at = excluded.published_at, removed_at = NULL"
            " RETURNING lesson_id",
            {
                "guild": guild_id,
                "lesson": lesson_id,
                "version": version_id,
                "user": user_id,
                "now": ts(now),
                "cap": cap,
            },
        )
        return row is not None

    async def remove_lesson(self, guild_id: int, lesson_id: str, now: datetime) -> bool:
        """Offer a lesson for no new quizzes; False if the server has no such lesson, or it was removed."""
        row = await self._write_one(
            "UPDATE guild_lessons SET removed_at = ? WHERE guild_id = ? AND lesson_id = ?"
            " AND removed_at IS NULL RETURNING lesson_id",
            (ts(now), guild_id, lesson_id),
        )
        return row is not None

    async def unfinished_attempts(self, guild_id: int, lesson_id: str) -> int:
        """How many tries at the lesson's quizzes in this server are under way now."""
        row = await self._one(
            "SELECT COUNT(*) FROM attempts WHERE guild_id = ? AND lesson_id = ? AND finished_at IS NULL",
            (guild_id, lesson_id),
        )
        return int(row[0]) if row else 0

    # -- drafts --------------------------------------------------------------------------------

    async def add_draft(self, guild_id: int, user_id: int, filename: str, content: str, now: datetime) -> int:
        row = await self._write_one(
            "INSERT INTO lesson_drafts (guild_id, user_id, filename, content, created_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (guild_id, user_id, filename, content, ts(now)),
        )
        assert row is not None
        return int(row[0])

    async def draft(self, draft_id: int) -> LessonDraft | None:
        row = await self._one(f"SELECT {_DRAFT_COLUMNS} FROM lesson_drafts WHERE id = ?", (draft_id,))
        return None if row is None else _draft(row)

    async def drop_draft(self, draft_id: int) -> bool:
        """Forget a draft; False if it was gone already (published, cancelled or expired)."""
        row = await self._write_one("DELETE FROM lesson_drafts WHERE id = ? RETURNING id", (draft_id,))
        return row is not None

    async def drop_drafts_before(self, moment: datetime) -> int:
        """Forget drafts made before `moment`; how many."""
        rows = await self._write_all(
            "DELETE FROM lesson_drafts WHERE created_at < ? RETURNING id", (ts(moment),)
        )
        return len(rows)
