"""Lesson versions, each server's settings, and the names people go by."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.storage.records import GuildSettings, LessonVersion
from bot.storage.sqlite.engine import Engine, must, ts

_VERSION_COLUMNS = "id, lesson_id, hash, content, first_seen"


def _version(row: aiosqlite.Row | None) -> LessonVersion | None:
    return None if row is None else LessonVersion(row[0], row[1], row[2], row[3], must(row[4]))


class PeopleStatements(Engine):
    # -- lesson versions -----------------------------------------------------------------------

    async def lesson_version(self, lesson_id: str, hash_: str, content: str, now: datetime) -> int:
        """The id of this exact content of a lesson, recording it the first time it is seen."""
        row = await self._write_one(
            "INSERT INTO lesson_versions (lesson_id, hash, content, first_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash RETURNING id",
            (lesson_id, hash_, content, ts(now)),
        )
        assert row is not None
        return int(row[0])

    async def version(self, version_id: int) -> LessonVersion | None:
        return _version(
            await self._one(f"SELECT {_VERSION_COLUMNS} FROM lesson_versions WHERE id = ?", (version_id,))
        )

    async def latest_version(self, lesson_id: str) -> LessonVersion | None:
        """The most recently recorded content of a lesson, e.g. for a lesson whose file is gone."""
        return _version(
            await self._one(
                f"SELECT {_VERSION_COLUMNS} FROM lesson_versions WHERE lesson_id = ?"
                " ORDER BY id DESC LIMIT 1",
                (lesson_id,),
            )
        )

    async def pin_unversioned(self, lesson_id: str, version_id: int) -> None:
        """Give quizzes and attempts from before versions existed the version they were taken on."""
        params = (version_id, lesson_id)

        def pin(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE quizzes SET version_id = ? WHERE lesson_id = ? AND version_id IS NULL", params
            )
            conn.execute(
                "UPDATE attempts SET version_id = ? WHERE lesson_id = ? AND version_id IS NULL", params
            )

        await self._in_transaction(pin)

    # -- settings and people -------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        """The server's settings, defaults included when nothing was ever set."""
        row = await self._one(
            "SELECT timezone, teacher_role_id, student_role_id FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        )
        return GuildSettings(guild_id) if row is None else GuildSettings(guild_id, row[0], row[1], row[2])

    async def set_setting(self, guild_id: int, key: str, value: str | int | None) -> None:
        """Set one of the server's settings (timezone, teacher_role_id, student_role_id)."""
        if key not in {"timezone", "teacher_role_id", "student_role_id"}:
            raise ValueError(f"no setting {key!r}")
        await self._write_one(
            f"INSERT INTO guild_settings (guild_id, {key}) VALUES (?, ?)"
            f" ON CONFLICT (guild_id) DO UPDATE SET {key} = excluded.{key}",
            (guild_id, value),
        )

    async def remember_name(self, guild_id: int, user_id: int, name: str, now: datetime) -> None:
        """The name a person goes by in this server, as of now."""
        await self._write_one(
            "INSERT INTO people (guild_id, user_id, name, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at",
            (guild_id, user_id, name, ts(now)),
        )

    async def names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = await self._all(
            f"SELECT user_id, name FROM people WHERE guild_id = ? AND user_id IN ({marks})", (guild_id, *ids)
        )
        return {row[0]: row[1] for row in rows}
