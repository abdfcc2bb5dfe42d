"""A class's own roster (a role per class channel), and the school's ids of its students."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.errors import UserError
from bot.i18n import text
from bot.report.model import SchoolId
from bot.report.school_ids import read_school_ids
from bot.storage import GuildSettings, Storage
from bot.tutor.screens import Who

NOT_A_TEACHER = text("errors.not_teacher")


@dataclass(frozen=True, slots=True)
class Imported:
    kept: int  # students matched and kept
    unknown: tuple[str, ...]  # names in the file that are no member of the server


class Classes:
    def __init__(self, db: Storage) -> None:
        self._db = db

    async def roster_role(self, settings: GuildSettings, channel_id: int) -> int | None:
        """The role whose members are this class's students: the channel's own, else the server's."""
        own = (await self._db.class_rosters(settings.guild_id)).get(channel_id)
        return own if own is not None else settings.student_role_id

    async def rosters(self, guild_id: int) -> dict[int, int]:
        return await self._db.class_rosters(guild_id)

    async def set_roster(self, guild_id: int, channel_id: int | None, role_id: int | None) -> None:
        """A class channel's roster role; with no channel, the server's, for channels with none."""
        if channel_id is None:
            await self._db.set_setting(guild_id, "student_role_id", role_id)
        else:
            await self._db.set_class_roster(guild_id, channel_id, role_id)

    async def import_school_ids(self, who: Who, data: bytes, members: Mapping[str, int]) -> Imported:
        """Read a CSV of Discord usernames (or ids) to school id numbers and emails; replace the server's
        list with it whole. `members` finds a member's id by their username, display name or id."""
        if not who.is_teacher:
            raise UserError(NOT_A_TEACHER)
        read = read_school_ids(data)
        found: dict[int, SchoolId] = {}
        unknown = []
        for who_text, school in read.items():
            user_id = members.get(who_text.casefold())
            if user_id is None:
                unknown.append(who_text)
            else:
                found[user_id] = school
        await self._db.replace_school_ids(who.guild_id, found)
        return Imported(len(found), tuple(unknown))
