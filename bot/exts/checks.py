"""Who may run teacher commands, and the `lesson:` option those commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import discord
from discord import app_commands

from bot.content import Lesson, limits
from bot.errors import UserError
from bot.exts.context import TEACHERS, is_teacher, tutor_of
from bot.i18n import Text, text

T = TypeVar("T")

__all__ = [
    "TEACHERS",
    "lesson_autocomplete",
    "lesson_choice",
    "lesson_option",
    "server_managers_only",
    "teacher_only",
]


class Refused(app_commands.CheckFailure):
    """A check that failed, with what to tell the person in their language."""

    def __init__(self, said: Text) -> None:
        super().__init__(str(said))
        self.text = said


class NotTeacher(Refused):
    def __init__(self) -> None:
        super().__init__(text("errors.not_teacher"))


async def _is_teacher(interaction: discord.Interaction) -> bool:
    # Commands are hidden from non-teachers by their default permissions; this checks again when run,
    # since server admins can change who sees what, and a teacher role is only known to the bot.
    try:
        allowed = interaction.guild is not None and await is_teacher(interaction)
    except UserError as exc:  # not a member: say so, as a check failure the command tree reports
        raise Refused(cast("Text", exc.text)) from None  # member_of refuses only with a Text
    if not allowed:
        raise NotTeacher
    return True


teacher_only = app_commands.check(_is_teacher)


async def _manages_server(interaction: discord.Interaction) -> bool:
    # Checked when run, whoever the server let see the command: a teacher role runs classes, and
    # whoever could change the server's settings could hand that role to anyone, or take it away.
    if interaction.guild is None or not interaction.permissions >= TEACHERS:
        raise Refused(text("errors.not_server_manager"))
    return True


server_managers_only = app_commands.check(_manages_server)


async def lesson_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The server's lessons (the bot's and its own) whose id or title contains what was typed so far."""
    found = await tutor_of(interaction).lessons.search(interaction.guild_id or 0, current)
    return [lesson_choice(lesson) for lesson in found]


def lesson_choice(lesson: Lesson) -> app_commands.Choice[str]:
    """A lesson as an autocomplete choice: its title, and its id, which is what a teacher types."""
    return app_commands.Choice(name=f"{lesson.title} ({lesson.id})"[: limits.CHOICE_NAME], value=lesson.id)


def lesson_option(description: str) -> Callable[[T], T]:
    """The `lesson:` option: described, and autocompleted from the lessons the bot serves."""

    def decorate(command: T) -> T:
        command = app_commands.autocomplete(lesson=lesson_autocomplete)(command)
        return app_commands.describe(lesson=description)(command)

    return decorate
