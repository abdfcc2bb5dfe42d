"""Each server's settings, and the names people go by."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.storage.records import GuildSettings
from bot.storage.sql.dialect import Statement, sql
from bot.storage.sql.runner import Runner

_SETTINGS = sql(
    "SELECT timezone, teacher_role_id, student_role_id FROM guild_settings WHERE guild_id = :guild"
)
# One statement per setting, each with its column's type (a NULL value needs it on PostgreSQL).
_SET: dict[str, Statement] = {
    key: sql(
        f"INSERT INTO guild_settings (guild_id, {key}) VALUES (:guild, :value::{kind})"
        f" ON CONFLICT (guild_id) DO UPDATE SET {key} = excluded.{key}"
    )
    for key, kind in {"timezone": "text", "teacher_role_id": "bigint", "student_role_id": "bigint"}.items()
}
_REMEMBER_NAME = sql(
    "INSERT INTO people (guild_id, user_id, name, seen_at) VALUES (:guild, :user, :name, :now::timestamptz)"
    " ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at"
)
_NAMES = sql("SELECT user_id, name FROM people WHERE guild_id = :guild AND user_id = ANY(:users::bigint[])")


class PeopleStatements(Runner):
    async def settings(self, guild_id: int) -> GuildSettings:
        """The server's settings, defaults included when nothing was ever set."""
        row = await self._read_one(_SETTINGS, guild=guild_id)
        if row is None:
            return GuildSettings(guild_id)
        return GuildSettings(guild_id, str(row[0]), row[1], row[2])

    async def set_setting(self, guild_id: int, key: str, value: str | int | None) -> None:
        """Set one of the server's settings (timezone, teacher_role_id, student_role_id)."""
        statement = _SET.get(key)
        if statement is None:
            raise ValueError(f"no setting {key!r}")
        await self._write_one(statement, guild=guild_id, value=value)

    async def remember_name(self, guild_id: int, user_id: int, name: str, now: datetime) -> None:
        """The name a person goes by in this server, as of now."""
        await self._write_one(_REMEMBER_NAME, guild=guild_id, user=user_id, name=name, now=now)

    async def names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        rows = await self._read_all(_NAMES, guild=guild_id, users=ids)
        return {int(row[0]): str(row[1]) for row in rows}
