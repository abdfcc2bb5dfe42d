"""Reach the Tutor from any interaction, and tell who is behind it, without importing the client."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

from bot.errors import UserError
from bot.i18n import Language, language, text
from bot.tutor import Who

if TYPE_CHECKING:
    from bot.client import TutorBot
    from bot.tutor import Tutor

NOT_IN_SERVER = text("errors.not_in_server")
NOT_A_MEMBER = text("errors.not_a_member")
_TEACHER = "tutor.is_teacher"
# Besides the role a server names in /settings teachers, Manage Server always makes a teacher.
TEACHERS = discord.Permissions(manage_guild=True)


def tutor_of(interaction: discord.Interaction) -> Tutor:
    return cast("TutorBot", interaction.client).tutor


def reader_of(interaction: discord.Interaction) -> Language:
    """The language of the person behind an interaction: for what only they see."""
    return language(interaction.locale.value)


def channel_language(interaction: discord.Interaction) -> Language:
    """The server's language: for what the whole channel sees (lesson, quiz and closed cards)."""
    locale = interaction.guild_locale or interaction.locale
    return language(locale.value)


def server_language(guild: discord.Guild | None, stored: str | None = None) -> Language:
    """A server's language: as the bot's cache knows it, else as it was kept (a process that does not
    serve the server's shard has no cache of it), else English."""
    return language(guild.preferred_locale.value if guild is not None else stored)


def guild_of_channel(client: discord.Client, channel_id: int) -> discord.Guild | None:
    """The server of a channel, if this process's cache has it."""
    guild = getattr(client.get_channel(channel_id), "guild", None)
    return guild if isinstance(guild, discord.Guild) else None


def guild_of(interaction: discord.Interaction) -> int:
    """The server an interaction came from; one from a DM (only a forged one can be) is refused."""
    if interaction.guild_id is None:
        raise UserError(NOT_IN_SERVER)
    return interaction.guild_id


def member_of(interaction: discord.Interaction) -> discord.Member:
    """The server member behind an interaction; anyone else is refused before anything is written."""
    guild_of(interaction)
    if not isinstance(interaction.user, discord.Member):
        raise UserError(NOT_A_MEMBER)
    return interaction.user


def channel_of(interaction: discord.Interaction, channel: discord.abc.GuildChannel | None = None) -> int:
    """The channel a command names, or else the one it was run in."""
    if channel is not None:
        return channel.id
    assert interaction.channel_id is not None  # every slash command is run in a channel
    return interaction.channel_id


async def is_teacher(interaction: discord.Interaction) -> bool:
    """Manage Server, or the server's teacher role: checked on every teacher command and button.

    Found once per interaction (a command's check and its handler both ask), in discord.py's per-interaction
    `extras`, so a teacher by role costs one read of the server's settings, not one per question.
    """
    member = member_of(interaction)
    known = interaction.extras.get(_TEACHER)
    if isinstance(known, bool):
        return known
    if interaction.permissions >= TEACHERS:
        teacher = True
    else:
        role_id = (await tutor_of(interaction).teaching.settings(guild_of(interaction))).teacher_role_id
        teacher = role_id is not None and any(role.id == role_id for role in member.roles)
    interaction.extras[_TEACHER] = teacher
    return teacher


async def who_of(interaction: discord.Interaction) -> Who:
    member = member_of(interaction)
    return Who(guild_of(interaction), member.id, member.display_name, await is_teacher(interaction))
