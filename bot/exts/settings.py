"""/settings: the server's time zone, its teacher role and its class roster role."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.checks import TEACHERS, server_managers_only, teacher_only
from bot.exts.context import guild_of, reader_of
from bot.exts.errors import reply_private
from bot.exts.translator import about
from bot.i18n import Text, text
from bot.quiz.when import zone_choices

if TYPE_CHECKING:
    from bot.tutor import Tutor


def _role_usable(interaction: discord.Interaction, role: discord.Role) -> Text | None:
    """Why the bot can't use this role, if it can't."""
    if role.is_default():
        return text("settings.everyone")
    if interaction.guild is not None and interaction.guild.get_role(role.id) is None:
        return text("settings.unseen_role")
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
    @server_managers_only
    async def timezone(self, interaction: discord.Interaction, zone: str) -> None:
        found = await self.tutor.teaching.set_timezone(guild_of(interaction), zone)
        await reply_private(interaction, text("settings.zone_set", zone=found.key))

    @timezone.autocomplete("zone")
    async def _zones(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in zone_choices(current)]

    @settings.command(name="teachers", description=about("settings teachers"))
    @app_commands.describe(role=about("settings teachers:role"))
    @server_managers_only
    async def teachers(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        if role is not None and (why := _role_usable(interaction, role)):
            await reply_private(interaction, why)
            return
        await self.tutor.teaching.set_role(guild_of(interaction), "teacher", role.id if role else None)
        if role is None:
            await reply_private(interaction, text("settings.no_teacher_role"))
            return
        await reply_private(interaction, text("settings.teacher_role", role=role.mention))

    @settings.command(name="students", description=about("settings students"))
    @app_commands.describe(role=about("settings students:role"), channel=about("settings students:channel"))
    @server_managers_only
    async def students(
        self,
        interaction: discord.Interaction,
        role: discord.Role | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        if role is not None and (why := _role_usable(interaction, role)):
            await reply_private(interaction, why)
            return
        guild = guild_of(interaction)
        await self.tutor.classes.set_roster(guild, channel.id if channel else None, role.id if role else None)
        lang = reader_of(interaction)
        if role is None:
            key = "settings.no_class_roster" if channel else "settings.no_roster"
            await reply_private(interaction, lang(key, channel=channel.mention if channel else ""))
            return
        key = "settings.class_roster" if channel else "settings.roster"
        said = lang(key, role=role.mention, channel=channel.mention if channel else "")
        if not self.members_visible:
            said += "\n\n" + lang.render(MEMBERS_INTENT_HELP)
        await reply_private(interaction, said)

    @settings.command(name="needs-help", description=about("settings needs-help"))
    @app_commands.describe(percent=about("settings needs-help:percent"))
    @server_managers_only
    async def needs_help(
        self, interaction: discord.Interaction, percent: app_commands.Range[int, 1, 100]
    ) -> None:
        await self.tutor.teaching.set_needs_help(guild_of(interaction), percent)
        await reply_private(interaction, text("settings.needs_help", percent=percent))

    @settings.command(name="show", description=about("settings show"))
    @teacher_only
    async def show(self, interaction: discord.Interaction) -> None:
        found = await self.tutor.teaching.settings(guild_of(interaction))
        lang = reader_of(interaction)
        teachers, roster = found.teacher_role_id, found.student_role_id
        lines = [
            lang("settings.show_zone", zone=found.timezone),
            lang("settings.show_teachers_role", role=f"<@&{teachers}>")
            if teachers
            else lang("settings.show_teachers"),
            lang("settings.show_roster", role=f"<@&{roster}>") if roster else lang("settings.show_no_roster"),
        ]
        for channel_id, role_id in (await self.tutor.classes.rosters(found.guild_id)).items():
            lines.append(
                lang("settings.show_class_roster", channel=f"<#{channel_id}>", role=f"<@&{role_id}>")
            )
        lines.append(lang("settings.show_needs_help", percent=found.needs_help_below))
        if roster and not self.members_visible:
            lines.append(lang.render(MEMBERS_INTENT_HELP))
        await reply_private(interaction, "\n".join(lines))


MEMBERS_INTENT_HELP = text("settings.members_intent")
