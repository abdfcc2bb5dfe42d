"""/progress: a student's own quizzes and scores, with their answers one button away."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.content import limits
from bot.exts import review_buttons, student_embeds
from bot.exts.buttons import ReviewButton
from bot.exts.context import reader_of, who_of
from bot.exts.translator import about

if TYPE_CHECKING:
    from bot.tutor import Tutor


class StudentCog(commands.Cog):
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @app_commands.command(name="progress", description=about("progress"))
    @app_commands.guild_only()
    async def progress(self, interaction: discord.Interaction) -> None:
        lines = await self.tutor.sessions.progress(await who_of(interaction))
        lang = reader_of(interaction)
        view = discord.ui.View(timeout=None)
        for line in lines:
            if line.review_attempt_id is not None and len(view.children) < limits.ROWS_PER_MESSAGE:
                view.add_item(
                    ReviewButton(line.review_attempt_id, lang("button.see_answers", title=line.title))
                )
        embeds = [student_embeds.progress(lines, lang)]
        review = await self.tutor.review.progress(await who_of(interaction))
        if review is not None:
            embeds.append(review_buttons.progress(review, lang))
        await interaction.response.send_message(embeds=embeds, view=view, ephemeral=True)
