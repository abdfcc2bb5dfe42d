"""Lesson versions, each server's settings, and people's names (PostgreSQL; mirrors sqlite/people.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.storage.postgres.engine import Engine, Row, at
from bot.storage.records import GuildSettings, LessonVersion

_SETTINGS = {"timezone": "text", "teacher_role_id": "bigint", "student_role_id": "bigint"}
_VERSION_COLUMNS = "id, lesson_id, hash, content, first_seen"


def _version(row: Row | None) -> LessonVersion | None:
    return None if row is None else LessonVersion(row[0], row[1], row[2], row[3], row[4])


class PeopleStatements(Engine):
    # -- lesson versions -----------------------------------------------------------------------

    async def lesson_version(self, lesson_id: str, hash_: str, content: str, now: datetime) -> int:
        """The id of this exact content of a lesson, recording it the first time it is seen."""
        row = await self._one(
            "INSERT INTO lesson_versions (lesson_id, hash, content, first_seen) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash RETURNING id",
            lesson_id,
            hash_,
            content,
            at(now),
        )
        assert row is not None
        return int(row[0])

    async def version(self, version_id: int) -> LessonVersion | None:
        return _version(
            await self._one(f"SELECT {_VERSION_COLUMNS} FROM lesson_versions WHERE id = $1", version_id)
        )

    async def latest_version(self, lesson_id: str) -> LessonVersion | None:
        """The most recently recorded content of a lesson, e.g. for a lesson whose file is gone."""
        return _version(
            await self._one(
                f"SELECT {_VERSION_COLUMNS} FROM lesson_versions WHERE lesson_id = $1"
                " ORDER BY id DESC LIMIT 1",
                lesson_id,
            )
        )

    async def pin_unversioned(self, lesson_id: str, version_id: int) -> None:
        """Give quizzes and attempts from before versions existed the version they were taken on."""
        # One statement: both tables change together, with no transaction held across awaits.
        await self._one(
            "WITH pinned AS (UPDATE quizzes SET version_id = $1 WHERE lesson_id = $2 AND version_id IS NULL)"
            " UPDATE attempts SET version_id = $1 WHERE lesson_id = $2 AND version_id IS NULL",
            version_id,
            lesson_id,
        )

    # -- settings and people -------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        """The server's settings, defaults included when nothing was ever set."""
        row = await self._one(
            "SELECT timezone, teacher_role_id, student_role_id FROM guild_settings WHERE guild_id = $1",
            guild_id,
        )
        return GuildSettings(guild_id) if row is None else GuildSettings(guild_id, row[0], row[1], row[2])

    async def set_setting(self, guild_id: int, key: str, value: str | int | None) -> None:
        """Set one of the server's settings (timezone, teacher_role_id, student_role_id)."""
        if key not in _SETTINGS:
            raise ValueError(f"no setting {key!r}")
        await self._one(
            f"INSERT INTO guild_settings (guild_id, {key}) VALUES ($1, $2::{_SETTINGS[key]})"
            f" ON CONFLICT (guild_id) DO UPDATE SET {key} = excluded.{key}",
            guild_id,
            value,
        )

    async def remember_name(self, guild_id: int, user_id: int, name: str, now: datetime) -> None:
        """The name a person goes by in this server, as of now."""
        await self._one(
            "INSERT INTO people (guild_id, user_id, name, seen_at) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at",
            guild_id,
            user_id,
            name,
            at(now),
        )

    async def names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        rows = await self._all(
            "SELECT user_id, name FROM people WHERE guild_id = $1 AND user_id = ANY($2::bigint[])",
            guild_id,
            ids,
        )
        return {row[0]: row[1] for row in rows}
