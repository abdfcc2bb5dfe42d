"""/lesson post: put a lesson in the channel for everyone to read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts import embeds
from bot.exts.checks import TEACHERS, lesson_option, teacher_only

if TYPE_CHECKING:
    from bot.tutor import Tutor


class LessonsCog(commands.Cog):
    lesson = app_commands.Group(
        name="lesson", description="Post lessons.", guild_only=True, default_permissions=TEACHERS
    )

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @lesson.command(name="post", description="Post a lesson in this channel for everyone to read.")
    @lesson_option("The lesson to post")
    @teacher_only
    async def post(self, interaction: discord.Interaction, lesson: str) -> None:
        found = self.tutor.lessons.lesson(lesson)
        await interaction.response.send_message(embed=embeds.lesson(found))
