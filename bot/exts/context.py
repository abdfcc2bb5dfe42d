"""Reach the Tutor from any interaction, without importing the client (which imports us)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.client import TutorBot
    from bot.tutor import Tutor


def tutor_of(interaction: discord.Interaction) -> Tutor:
    return cast("TutorBot", interaction.client).tutor


def guild_of(interaction: discord.Interaction) -> int:
    """The server an interaction came from; a click from a DM (only a forged one can be) is refused."""
    if interaction.guild_id is None:
        raise UserError("This only works inside your class's server.")
    return interaction.guild_id
