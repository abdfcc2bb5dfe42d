"""Reach the Tutor from any interaction, without importing the client (which imports us)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

if TYPE_CHECKING:
    from bot.client import TutorBot
    from bot.tutor import Tutor


def tutor_of(interaction: discord.Interaction) -> Tutor:
    return cast("TutorBot", interaction.client).tutor
