"""/roster import: the school's ids of this server's students, for the gradebook files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.checks import TEACHERS, teacher_only
from bot.exts.context import reader_of, who_of
from bot.exts.download import read_at_most
from bot.exts.errors import reply_private
from bot.exts.translator import about
from bot.report.school_ids import LIMIT

if TYPE_CHECKING:
    from bot.tutor import Tutor


def _members(guild: discord.Guild | None) -> dict[str, int]:
    """Each member by id, username and display name, folded: how a school's list may name them."""
    found: dict[str, int] = {}
    for member in guild.members if guild else ():
        for name in (str(member.id), member.name, member.display_name):
            found.setdefault(name.casefold(), member.id)
    return found


class RosterCog(commands.Cog):
    roster = app_commands.Group(
        name="roster", description=about("roster"), guild_only=True, default_permissions=TEACHERS
    )

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @roster.command(name="import", description=about("roster import"))
    @app_commands.describe(file=about("roster import:file"))
    @teacher_only
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await read_at_most(file, LIMIT, interaction.client.http)
        if interaction.guild is not None and not interaction.guild.chunked:
            await interaction.guild.chunk()
        done = await self.tutor.classes.import_school_ids(
            await who_of(interaction), data, _members(interaction.guild)
        )
        lang = reader_of(interaction)
        lines = [lang("roster.imported", count=done.kept)]
        if done.unknown:
            lines.append(lang("roster.unknown", names=", ".join(done.unknown[:20])))
        await reply_private(interaction, "\n".join(lines))
