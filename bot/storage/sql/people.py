"""Each server's settings and class rosters, the names people go by, and their school ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from bot.report.model import SchoolId
from bot.storage.records import GuildSettings
from bot.storage.sql.dialect import Statement, sql
from bot.storage.sql.runner import Runner, Step

_SETTINGS = sql(
    "SELECT timezone, teacher_role_id, student_role_id, locale, needs_help_below FROM guild_settings"
    " WHERE guild_id = :guild"
)
# One statement per setting, each with its column's type (a NULL value needs it on PostgreSQL).
_SET: dict[str, Statement] = {
    key: sql(
        f"INSERT INTO guild_settings (guild_id, {key}) VALUES (:guild, :value::{kind})"
        f" ON CONFLICT (guild_id) DO UPDATE SET {key} = excluded.{key}"
    )
    for key, kind in {
        "timezone": "text",
        "teacher_role_id": "bigint",
        "student_role_id": "bigint",
        "needs_help_below": "integer",
    }.items()
}
# Written at every start for every server: only a change is a write.
_REMEMBER_LOCALE = sql(
    "INSERT INTO guild_settings (guild_id, locale) VALUES (:guild, :locale::text)"
    " ON CONFLICT (guild_id) DO UPDATE SET locale = excluded.locale"
    " WHERE guild_settings.locale IS DISTINCT FROM excluded.locale"
)
_SET_ROSTER = sql(
    "INSERT INTO class_rosters (guild_id, channel_id, role_id) VALUES (:guild, :channel, :role)"
    " ON CONFLICT (guild_id, channel_id) DO UPDATE SET role_id = excluded.role_id"
)
_DROP_ROSTER = sql("DELETE FROM class_rosters WHERE guild_id = :guild AND channel_id = :channel")
_ROSTERS = sql("SELECT channel_id, role_id FROM class_rosters WHERE guild_id = :guild ORDER BY channel_id")
_DROP_SCHOOL_IDS = sql("DELETE FROM school_ids WHERE guild_id = :guild")
_ADD_SCHOOL_ID = sql(
    "INSERT INTO school_ids (guild_id, user_id, id_number, email) VALUES (:guild, :user, :number, :email)"
)
_SCHOOL_IDS = sql(
    "SELECT user_id, id_number, email FROM school_ids WHERE guild_id = :guild"
    " AND user_id = ANY(:users::bigint[])"
)
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
        return GuildSettings(guild_id, str(row[0]), row[1], row[2], row[3], int(row[4]))

    async def set_setting(self, guild_id: int, key: str, value: str | int | None) -> None:
        """Set one of the server's settings (timezone, teacher_role_id, student_role_id, needs_help_below)."""
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

    async def remember_locale(self, guild_id: int, locale: str) -> None:
        """The server's language as Discord gives it, for processes that do not serve its shard."""
        await self._write_one(_REMEMBER_LOCALE, guild=guild_id, locale=locale)

    async def set_class_roster(self, guild_id: int, channel_id: int, role_id: int | None) -> None:
        """The role whose members are this class channel's students; None: the server's roster again."""
        if role_id is None:
            await self._write_one(_DROP_ROSTER, guild=guild_id, channel=channel_id)
        else:
            await self._write_one(_SET_ROSTER, guild=guild_id, channel=channel_id, role=role_id)

    async def class_rosters(self, guild_id: int) -> dict[int, int]:
        """Each class channel's roster role, for the channels that have one of their own."""
        return {int(row[0]): int(row[1]) for row in await self._read_all(_ROSTERS, guild=guild_id)}

    async def replace_school_ids(self, guild_id: int, ids: Mapping[int, SchoolId]) -> None:
        """The server's students' school ids and emails, replacing the last import whole, in one
        transaction."""
        steps: list[Step] = [(_DROP_SCHOOL_IDS, {"guild": guild_id})]
        steps += [
            (_ADD_SCHOOL_ID, {"guild": guild_id, "user": user, "number": found.number, "email": found.email})
            for user, found in sorted(ids.items())
        ]
        await self._write_together(steps)

    async def school_ids(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, SchoolId]:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        rows = await self._read_all(_SCHOOL_IDS, guild=guild_id, users=ids)
        return {int(row[0]): SchoolId(row[1], row[2]) for row in rows}
