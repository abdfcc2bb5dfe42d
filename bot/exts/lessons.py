"""/lesson post: put a lesson in the channel for everyone to read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.content import limits
from bot.exts import embeds
from bot.exts.context import tutor_of
from bot.exts.errors import teacher_only

if TYPE_CHECKING:
    from bot.tutor import Tutor

TEACHERS = discord.Permissions(manage_guild=True)


async def lesson_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Lessons whose id or title contains what was typed so far."""
    return [
        app_commands.Choice(name=f"{lesson.title} ({lesson.id})"[: limits.CHOICE_NAME], value=lesson.id)
        for lesson in tutor_of(interaction).library.search(current)
    ]


class LessonsCog(commands.Cog):
    lesson = app_commands.Group(
        name="lesson", description="Post lessons.", guild_only=True, default_permissions=TEACHERS
    )

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @lesson.command(name="post", description="Post a lesson in this channel for everyone to read.")
    @app_commands.describe(lesson="The lesson to post")
    @app_commands.autocomplete(lesson=lesson_autocomplete)
    @teacher_only
    async def post(self, interaction: discord.Interaction, lesson: str) -> None:
        found = self.tutor.lesson(lesson)
        await interaction.response.send_message(embed=embeds.lesson(found))
