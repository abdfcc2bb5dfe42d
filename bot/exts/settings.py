"""/settings: the server's time zone, its teacher role and its class roster role."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.checks import TEACHERS, teacher_only
from bot.exts.context import guild_of
from bot.exts.errors import reply_private
from bot.exts.translator import about
from bot.quiz.when import zone_choices

if TYPE_CHECKING:
    from bot.tutor import Tutor


def _role_usable(interaction: discord.Interaction, role: discord.Role) -> str | None:
    """Why the bot can't use this role, if it can't."""
    if role.is_default():
        return "@everyone can't be used here: pick a role that only some members have."
    if interaction.guild is not None and interaction.guild.get_role(role.id) is None:
        return "I can't see that role. Check that it still exists, then try again."
    return None


class SettingsCog(commands.Cog):
    settings = app_commands.Group(
        name="settings",
        description=about("settings"),
        guild_only=True,
        default_permissions=TEACHERS,
    )

    def __init__(self, tutor: Tutor, members_visible: bool) -> None:
        self.tutor = tutor
        self.members_visible = members_visible

    @settings.command(name="timezone", description=about("settings timezone"))
    @app_commands.describe(zone=about("settings timezone:zone"))
    @teacher_only
    async def timezone(self, interaction: discord.Interaction, zone: str) -> None:
        found = await self.tutor.teaching.set_timezone(guild_of(interaction), zone)
        await reply_private(interaction, f"Times typed in this server now mean {found.key} time.")

    @timezone.autocomplete("zone")
    async def _zones(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in zone_choices(current)]

    @settings.command(name="teachers", description=about("settings teachers"))
    @app_commands.describe(role=about("settings teachers:role"))
    @teacher_only
    async def teachers(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        if role is not None and (why := _role_usable(interaction, role)):
            await reply_private(interaction, why)
            return
        await self.tutor.teaching.set_role(guild_of(interaction), "teacher", role.id if role else None)
        if role is None:
            await reply_private(interaction, "Only members with Manage Server are teachers now.")
            return
        await reply_private(
            interaction,
            f"Members with {role.mention} are teachers now. So that they also *see* the teacher commands, "
            "a server admin opens Server Settings → Integrations → this bot, and allows that role for "
            "`/quiz`, `/lesson`, `/report`, `/settings` and `/student`.",
        )

    @settings.command(name="students", description=about("settings students"))
    @app_commands.describe(role=about("settings students:role"))
    @teacher_only
    async def students(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        if role is not None and (why := _role_usable(interaction, role)):
            await reply_private(interaction, why)
            return
        await self.tutor.teaching.set_role(guild_of(interaction), "student", role.id if role else None)
        if role is None:
            await reply_private(interaction, "There is no roster now; reports list whoever took the quiz.")
            return
        text = f"The roster is everyone with {role.mention}: reports list who has not started."
        if not self.members_visible:
            text += "\n\n" + MEMBERS_INTENT_HELP
        await reply_private(interaction, text)

    @settings.command(name="show", description=about("settings show"))
    @teacher_only
    async def show(self, interaction: discord.Interaction) -> None:
        found = await self.tutor.teaching.settings(guild_of(interaction))
        lines = [
            f"Time zone: {found.timezone}",
            "Teachers: members with Manage Server"
            + (f", and members with <@&{found.teacher_role_id}>" if found.teacher_role_id else ""),
            "Roster: "
            + (f"members with <@&{found.student_role_id}>" if found.student_role_id else "none set"),
        ]
        if found.student_role_id and not self.members_visible:
            lines.append(MEMBERS_INTENT_HELP)
        await reply_private(interaction, "\n".join(lines))


MEMBERS_INTENT_HELP = (
    "⚠️ I can't list the server's members yet, so reports can't show who has not started. The bot's host "
    "turns on **Server Members Intent** (Discord developer portal → the bot's application → Bot) and "
    "restarts the bot."
)
