"""/quiz start, /quiz close, /report and /progress, and the refusal of forged quiz buttons."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts import embeds
from bot.exts.buttons import is_unroutable, start_view
from bot.exts.checks import TEACHERS, lesson_option, teacher_only
from bot.exts.context import guild_of
from bot.exts.errors import reply_private
from bot.tutor import NOT_HERE

if TYPE_CHECKING:
    from bot.tutor import Tutor

log = logging.getLogger(__name__)


async def mark_cards_closed(
    client: discord.Client, cards: list[tuple[int, int]], card: discord.Embed
) -> None:
    """Replace each Start quiz card with a closed one, so nobody presses a button that can only refuse."""
    for channel_id, message_id in cards:
        message = client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await message.edit(embed=card, view=None)
        except discord.HTTPException as exc:  # deleted by a teacher, or the channel is gone: nothing to mark
            log.info("Could not mark quiz card %s closed: %s", message_id, exc)


class QuizCog(commands.Cog):
    quiz = app_commands.Group(
        name="quiz", description="Open and close quizzes.", guild_only=True, default_permissions=TEACHERS
    )

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @quiz.command(name="start", description="Open a lesson's quiz and post its Start button here.")
    @lesson_option("The lesson whose quiz to open")
    @teacher_only
    async def start(self, interaction: discord.Interaction, lesson: str) -> None:
        assert interaction.channel_id is not None  # every slash command is run in a channel
        found, quiz, opened = await self.tutor.open_quiz(
            guild_of(interaction), lesson, interaction.channel_id, interaction.user.id
        )
        sent = await interaction.response.send_message(
            embed=embeds.quiz_card(found), view=start_view(quiz.id)
        )
        if sent.message_id is not None:
            await self.tutor.remember_card(quiz.id, interaction.channel_id, sent.message_id)
        state = "is now open" if opened else "was already open; here is its button again"
        await interaction.followup.send(
            f"The quiz {state}. Close it with `/quiz close lesson:{found.id}`, "
            f"and see how the class did with `/report lesson:{found.id}`.",
            ephemeral=True,
        )

    @quiz.command(name="close", description="Close a lesson's quiz: no more answers.")
    @lesson_option("The lesson whose quiz to close")
    @teacher_only
    async def close(self, interaction: discord.Interaction, lesson: str) -> None:
        found, cards = await self.tutor.close_quiz(guild_of(interaction), lesson)
        await reply_private(
            interaction,
            f"The quiz for “{found.title}” is closed. Answers given so far are kept; "
            f"see them with `/report lesson:{found.id}`.",
        )
        await mark_cards_closed(interaction.client, cards, embeds.closed_card(found))

    @app_commands.command(
        name="report", description="How the class did on a lesson's quiz (only you see it)."
    )
    @lesson_option("The lesson to report on")
    @app_commands.guild_only()
    @app_commands.default_permissions(TEACHERS)
    @teacher_only
    async def report(self, interaction: discord.Interaction, lesson: str) -> None:
        found, result = await self.tutor.report(guild_of(interaction), lesson)
        await interaction.response.send_message(embeds=embeds.report(found, result), ephemeral=True)

    @app_commands.command(name="progress", description="Your own lessons and scores (only you see them).")
    @app_commands.guild_only()
    async def progress(self, interaction: discord.Interaction) -> None:
        lines = await self.tutor.progress(guild_of(interaction), interaction.user.id)
        await interaction.response.send_message(
            embed=embeds.progress(lines, self.tutor.library), ephemeral=True
        )

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if is_unroutable(interaction):
            await reply_private(interaction, NOT_HERE)
