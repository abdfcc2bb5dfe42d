"""The one place where a failure becomes a private reply to the person who caused it."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.errors import UserError

log = logging.getLogger(__name__)


async def reply_private(interaction: discord.Interaction, message: str) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)


async def handle_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong: their mistake in plain words, ours with a code for the logs."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserError):
        message = error.message
    elif isinstance(error, app_commands.CheckFailure):
        message = str(error)
    else:
        code = secrets.token_hex(3).upper()
        log.error("Error %s while handling %s", code, _describe(interaction), exc_info=error)
        message = (
            f"Sorry, something went wrong on my side (error code {code}). "
            "Anything you answered before is saved. Please try again, or tell your teacher the code."
        )
    try:
        await reply_private(interaction, message)
    except discord.HTTPException as exc:
        log.warning("Could not tell the user about an error (%s): %s", _describe(interaction), exc)


def _describe(interaction: discord.Interaction) -> str:
    data: dict[str, object] = dict(interaction.data or {})
    what = data.get("custom_id") or data.get("name") or interaction.type.name
    return f"{what!r} from user {interaction.user.id} in guild {interaction.guild_id}"
