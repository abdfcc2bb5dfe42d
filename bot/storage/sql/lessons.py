"""Lessons: every content a lesson has had (its versions), the lessons a server's teachers publish from
Discord, and the uploads waiting to be published."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.storage.records import LessonDraft, LessonVersion, ServerLesson
from bot.storage.sql.dialect import sql
from bot.storage.sql.runner import Runner
from bot.storage.sql.values import time_of, time_or_none

_VERSION_COLUMNS = "id, lesson_id, hash, content, first_seen"
LESSON_COLUMNS = "guild_id, lesson_id, version_id, published_by, published_at, removed_at"
DRAFT_COLUMNS = "id, guild_id, user_id, filename, content, created_at"

# The no-op update makes RETURNING give the id of a content seen before, too.
_RECORD_VERSION = sql(
    "INSERT INTO lesson_versions (lesson_id, hash, content, first_seen)"
    " VALUES (:lesson, :hash, :content, :now::timestamptz)"
    " ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash RETURNING id"
)
_VERSION = sql(f"SELECT {_VERSION_COLUMNS} FROM lesson_versions WHERE id = :version")
_LATEST_VERSION = sql(
    f"SELECT {_VERSION_COLUMNS} FROM lesson_versions WHERE lesson_id = :lesson ORDER BY id DESC LIMIT 1"
)
_PIN_QUIZZES = sql(
    "UPDATE quizzes SET version_id = :version WHERE lesson_id = :lesson AND version_id IS NULL RETURNING id"
)
_PIN_ATTEMPTS = sql(
    "UPDATE attempts SET version_id = :version WHERE lesson_id = :lesson AND version_id IS NULL RETURNING id"
)
_SERVER_LESSONS = sql(
    f"SELECT {LESSON_COLUMNS} FROM guild_lessons WHERE guild_id = :guild"
    " AND (:removed::boolean OR removed_at IS NULL) ORDER BY lesson_id"
)
_SERVER_LESSON = sql(
    f"SELECT {LESSON_COLUMNS} FROM guild_lessons WHERE guild_id = :guild AND lesson_id = :lesson"
)
_PUBLISH = sql(
    f"INSERT INTO guild_lessons ({LESSON_COLUMNS})"
    " SELECT :guild::bigint, :lesson::text, :version::bigint, :user::bigint, :now::timestamptz, NULL"
    " WHERE (SELECT COUNT(*) FROM guild_lessons"
    "        WHERE guild_id = :guild AND removed_at IS NULL AND lesson_id <> :lesson) < :cap::integer"
    " ON CONFLICT (guild_id, lesson_id) DO UPDATE SET version_id = excluded.version_id,"
    " published_by = excluded.published_by, published_at = excluded.published_at, removed_at = NULL"
    " RETURNING lesson_id"
)
_REMOVE = sql(
    "UPDATE guild_lessons SET removed_at = :now::timestamptz WHERE guild_id = :guild"
    " AND lesson_id = :lesson AND removed_at IS NULL RETURNING lesson_id"
)
_UNFINISHED = sql(
    "SELECT COUNT(*) FROM attempts WHERE guild_id = :guild AND lesson_id = :lesson AND finished_at IS NULL"
)
_ADD_DRAFT = sql(
    "INSERT INTO lesson_drafts (guild_id, user_id, filename, content, created_at)"
    " VALUES (:guild, :user, :filename, :content, :now::timestamptz) RETURNING id"
)
_DRAFT = sql(f"SELECT {DRAFT_COLUMNS} FROM lesson_drafts WHERE id = :draft")
_DROP_DRAFT = sql("DELETE FROM lesson_drafts WHERE id = :draft RETURNING id")
_DROP_DRAFTS_BEFORE = sql("DELETE FROM lesson_drafts WHERE created_at < :moment::timestamptz RETURNING id")


def _version(row: Sequence[Any] | None) -> LessonVersion | None:
    if row is None:
        return None
    return LessonVersion(int(row[0]), str(row[1]), str(row[2]), str(row[3]), time_of(row[4]))


def lesson_of(row: Sequence[Any]) -> ServerLesson:
    guild, lesson, version, by, published, removed = row
    return ServerLesson(
        int(guild), str(lesson), int(version), int(by), time_of(published), time_or_none(removed)
    )


def draft_of(row: Sequence[Any]) -> LessonDraft:
    id_, guild, user, filename, content, created = row
    return LessonDraft(int(id_), int(guild), int(user), str(filename), str(content), time_of(created))


class LessonStatements(Runner):
    # -- versions ------------------------------------------------------------------------------

    async def lesson_version(self, lesson_id: str, hash_: str, content: str, now: datetime) -> int:
        """The id of this exact content of a lesson, recording it the first time it is seen."""
        row = await self._write_one(_RECORD_VERSION, lesson=lesson_id, hash=hash_, content=content, now=now)
        assert row is not None
        return int(row[0])

    async def version(self, version_id: int) -> LessonVersion | None:
        return _version(await self._read_one(_VERSION, version=version_id))

    async def latest_version(self, lesson_id: str) -> LessonVersion | None:
        """The most recently recorded content of a lesson, e.g. for a lesson whose file is gone."""
        return _version(await self._read_one(_LATEST_VERSION, lesson=lesson_id))

    async def pin_unversioned(self, lesson_id: str, version_id: int) -> None:
        """Give quizzes and attempts from before versions existed the version they were taken on."""
        values = {"version": version_id, "lesson": lesson_id}
        await self._write_together([(_PIN_QUIZZES, values), (_PIN_ATTEMPTS, values)])

    # -- published lessons ---------------------------------------------------------------------

    async def server_lessons(self, guild_id: int, *, removed: bool = False) -> list[ServerLesson]:
        """The server's published lessons by id; those removed too if `removed`."""
        return [
            lesson_of(row) for row in await self._read_all(_SERVER_LESSONS, guild=guild_id, removed=removed)
        ]

    async def server_lesson(self, guild_id: int, lesson_id: str) -> ServerLesson | None:
        """One of the server's lessons, removed or not."""
        row = await self._read_one(_SERVER_LESSON, guild=guild_id, lesson=lesson_id)
        return None if row is None else lesson_of(row)

    async def publish_lesson(
        self, guild_id: int, lesson_id: str, version_id: int, user_id: int, now: datetime, *, cap: int
    ) -> bool:
        """Serve `version_id` as the server's lesson (new, replaced or brought back); False if the server
        has `cap` other lessons already, and then nothing is written.

        The cap counts rows no constraint can hold, so publishing queues per server: two teachers
        publishing at once (on PostgreSQL, whose READ COMMITTED would let both count the same room)
        cannot both slip under it.
        """
        values = {"guild": guild_id, "lesson": lesson_id, "version": version_id, "user": user_id}
        (rows,) = await self._write_together(
            [(_PUBLISH, {**values, "now": now, "cap": cap})], queue_on=guild_id
        )
        return bool(rows)

    async def remove_lesson(self, guild_id: int, lesson_id: str, now: datetime) -> bool:
        """Offer a lesson for no new quizzes; False if the server has no such lesson, or it was removed."""
        return await self._write_one(_REMOVE, guild=guild_id, lesson=lesson_id, now=now) is not None

    async def unfinished_attempts(self, guild_id: int, lesson_id: str) -> int:
        """How many tries at the lesson's quizzes in this server are under way now."""
        row = await self._read_one(_UNFINISHED, guild=guild_id, lesson=lesson_id)
        return int(row[0]) if row else 0

    # -- drafts --------------------------------------------------------------------------------

    async def add_draft(self, guild_id: int, user_id: int, filename: str, content: str, now: datetime) -> int:
        row = await self._write_one(
            _ADD_DRAFT, guild=guild_id, user=user_id, filename=filename, content=content, now=now
        )
        assert row is not None
        return int(row[0])

    async def draft(self, draft_id: int) -> LessonDraft | None:
        row = await self._read_one(_DRAFT, draft=draft_id)
        return None if row is None else draft_of(row)

    async def drop_draft(self, draft_id: int) -> bool:
        """Forget a draft; False if it was gone already (published, cancelled or expired)."""
        return await self._write_one(_DROP_DRAFT, draft=draft_id) is not None

    async def drop_drafts_before(self, moment: datetime) -> int:
        """Forget drafts made before `moment`; how many."""
        return len(await self._write_all(_DROP_DRAFTS_BEFORE, moment=moment))
