"""/quiz start, /quiz close and /quiz allow: a class's quiz, its window and rules, and extra time."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.exts import embeds
from bot.exts.buttons import start_view
from bot.exts.checks import TEACHERS, lesson_option, teacher_only
from bot.exts.context import channel_language, channel_of, guild_of, reader_of, who_of
from bot.exts.errors import reply_private
from bot.exts.translator import about
from bot.i18n import ENGLISH, Language, language
from bot.i18n import text as say
from bot.tutor import ClosedQuiz, RulesText
from bot.tutor.messages import extra_parts

if TYPE_CHECKING:
    from bot.tutor import Tutor

log = logging.getLogger(__name__)


def _server_language(client: discord.Client, channel_id: int) -> Language:
    """The language of the server a channel is in, as far as the bot's cache knows it."""
    channel = client.get_channel(channel_id)
    guild = getattr(channel, "guild", None)
    return language(guild.preferred_locale.value) if isinstance(guild, discord.Guild) else ENGLISH


async def refresh_cards(client: discord.Client, closed: ClosedQuiz) -> None:
    """Mark each Start quiz card closed, keeping its button only while a student's extra time runs."""
    for channel_id, message_id in closed.cards:
        lang = _server_language(client, channel_id)
        card = embeds.closed_card(closed.title, closed.closed_at, extended=closed.extended, lang=lang)
        view = None if closed.settled else start_view(closed.quiz_id, lang)
        message = client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await message.edit(embed=card, view=view)
        except discord.HTTPException as exc:  # deleted by a teacher, or the channel is gone: nothing to mark
            log.info("Could not mark quiz card %s closed: %s", message_id, exc)


class QuizCog(commands.Cog):
    quiz = app_commands.Group(
        name="quiz", description=about("quiz"), guild_only=True, default_permissions=TEACHERS
    )

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @quiz.command(name="start", description=about("quiz start"))
    @lesson_option(about("quiz start:lesson"))
    @app_commands.describe(
        closes=about("quiz start:closes"),
        opens=about("quiz start:opens"),
        attempts=about("quiz start:attempts"),
        grade=about("quiz start:grade"),
        feedback=about("quiz start:feedback"),
        shuffle=about("quiz start:shuffle"),
    )
    @teacher_only
    async def start(
        self,
        interaction: discord.Interaction,
        lesson: str,
        closes: str | None = None,
        opens: str | None = None,
        attempts: app_commands.Range[int, 1, 10] | None = None,
        grade: Literal["best", "last", "first"] | None = None,
        feedback: Literal["now", "after-close"] | None = None,
        shuffle: Literal["options", "questions"] | None = None,
    ) -> None:
        channel_id = channel_of(interaction)
        text = RulesText(closes, opens, attempts, grade, feedback, shuffle)
        opened = await self.tutor.teaching.open_quiz(await who_of(interaction), lesson, channel_id, text)
        lang = channel_language(interaction)
        sent = await interaction.response.send_message(
            embed=embeds.quiz_card(opened.lesson, opened.quiz.rules, lang),
            view=start_view(opened.quiz.id, lang),
        )
        if sent.message_id is not None:
            await self.tutor.teaching.remember_card(opened.quiz.id, channel_id, sent.message_id)
        if opened.opened:
            state = "quiz.opened"
        elif text.given():
            state = "quiz.open_updated"
        else:
            state = "quiz.open_already"
        await interaction.followup.send(reader_of(interaction)(state), ephemeral=True)

    @quiz.command(name="close", description=about("quiz close"))
    @lesson_option(about("quiz close:lesson"))
    @app_commands.describe(channel=about("quiz close:channel"))
    @teacher_only
    async def close(
        self,
        interaction: discord.Interaction,
        lesson: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        teaching = self.tutor.teaching
        quiz = await teaching.find_quiz(
            guild_of(interaction), channel_of(interaction, channel), lesson, open_only=True
        )
        closed = await teaching.close_quiz(quiz)
        await reply_private(interaction, say("quiz.closed", title=closed.title))
        await refresh_cards(interaction.client, closed)

    @quiz.command(name="allow", description=about("quiz allow"))
    @lesson_option(about("quiz allow:lesson"))
    @app_commands.describe(
        student=about("quiz allow:student"),
        extra_attempts=about("quiz allow:extra_attempts"),
        until=about("quiz allow:until"),
        remove=about("quiz allow:remove"),
        channel=about("quiz allow:channel"),
    )
    @teacher_only
    async def allow(
        self,
        interaction: discord.Interaction,
        student: discord.Member | discord.User,
        extra_attempts: app_commands.Range[int, 0, 10] | None = None,
        until: str | None = None,
        remove: bool = False,
        lesson: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        if not isinstance(student, discord.Member):
            raise UserError(
                say("quiz.not_a_member", name=discord.utils.escape_markdown(student.display_name))
            )
        teaching = self.tutor.teaching
        quiz = await teaching.find_quiz(guild_of(interaction), channel_of(interaction, channel), lesson)
        given, refreshed = await teaching.allow(
            await who_of(interaction), quiz, student.id, extra_attempts, until, remove=remove
        )
        name = discord.utils.escape_markdown(student.display_name)
        if given is None:
            said = say("quiz.allow_removed", name=name)
        else:
            parts = extra_parts(given.extra_attempts, given.until)
            said = say("quiz.allowed", name=name, given=parts or say("quiz.nothing_extra"))
        await reply_private(interaction, said)
        if refreshed is not None:
            await refresh_cards(interaction.client, refreshed)
