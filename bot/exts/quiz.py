"""/quiz start, /quiz close and /quiz allow: a class's quiz, its window and rules, and extra time."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.exts import embeds
from bot.exts.buttons import SafeButton, start_view
from bot.exts.checks import TEACHERS, lesson_option, teacher_only
from bot.exts.context import (
    channel_language,
    channel_of,
    guild_of,
    guild_of_channel,
    reader_of,
    server_language,
    tutor_of,
    who_of,
)
from bot.exts.errors import reply_private
from bot.exts.registry import ID, button
from bot.exts.time_choice import ask_which
from bot.exts.translator import about
from bot.i18n import text
from bot.quiz.when import describe
from bot.tutor import ClosedQuiz, RulesText
from bot.tutor.messages import extra_parts
from bot.tutor.teaching import Allowed, TimeChoiceError

if TYPE_CHECKING:
    from bot.client import TutorBot
    from bot.tutor import Opened, Tutor

log = logging.getLogger(__name__)


async def refresh_cards(client: discord.Client, closed: ClosedQuiz) -> None:
    """Mark each Start quiz card closed, keeping its button only while a student's extra time runs;
    then the quiz owes its cards nothing, unless Discord failed an edit (another look retries it)."""
    every = True
    for channel_id, message_id in closed.cards:
        lang = server_language(guild_of_channel(client, channel_id), closed.locale)
        card = embeds.closed_card(closed.title, closed.closed_at, extended=closed.extended, lang=lang)
        view = None if closed.settled else start_view(closed.quiz_id, lang)
        message = client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await message.edit(embed=card, view=view)
        except (discord.NotFound, discord.Forbidden) as exc:  # deleted, or the channel is gone
            log.info("Could not mark quiz card %s closed: %s", message_id, exc)
        except discord.HTTPException as exc:
            log.warning("Could not mark quiz card %s closed, will try again: %s", message_id, exc)
            every = False
    if every:
        await cast("TutorBot", client).tutor.deadlines.shown(closed)


async def show_opened(
    interaction: discord.Interaction, opened: Opened, *, given: bool, times_typed: bool
) -> None:
    """The quiz card for the channel, then a private word to the teacher on what happened."""
    lang = channel_language(interaction)
    sent = await interaction.response.send_message(
        embed=embeds.quiz_card(opened.lesson, opened.quiz.rules, lang),
        view=start_view(opened.quiz.id, lang),
    )
    if sent.message_id is not None:
        await tutor_of(interaction).teaching.remember_card(
            opened.quiz.id, opened.quiz.channel_id, sent.message_id
        )
    if opened.opened:
        state = "quiz.opened"
    elif given:
        state = "quiz.open_updated"
    else:
        state = "quiz.open_already"
    reader = reader_of(interaction)
    lines = [reader(state), *(reader.render(line) for line in opened.times_as_read(times_typed=times_typed))]
    await interaction.followup.send("\n".join(lines), ephemeral=True)


async def show_allowed(interaction: discord.Interaction, name: str, allowed: Allowed) -> None:
    reader = reader_of(interaction)
    if allowed.given is None:
        said = reader("quiz.allow_removed", name=name)
    else:
        parts = extra_parts(allowed.given.extra_attempts, allowed.given.until)
        said = reader("quiz.allowed", name=name, given=parts or text("quiz.nothing_extra"))
        if allowed.given.until is not None:
            zone = await tutor_of(interaction).teaching.zone(guild_of(interaction))
            said += "\n" + reader("quiz.read_until", when=describe(allowed.given.until, zone))
    await reply_private(interaction, said)
    if allowed.refreshed is not None:
        await refresh_cards(interaction.client, allowed.refreshed)


@button
class PickButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:when:(?P<pending>{ID}):(?P<minute>[0-9]{{1,12}})",
):
    """One reading of a date like `10/12`: finishes the /quiz start or /quiz allow that asked."""

    def __init__(self, pending_id: int, minute: int, label: str = "?") -> None:
        custom_id = f"tutor:when:{pending_id}:{minute}"
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.primary, custom_id=custom_id)
        )
        self.pending_id = pending_id
        self.minute = minute

    async def respond(self, interaction: discord.Interaction) -> None:
        done = await tutor_of(interaction).teaching.pick(
            await who_of(interaction), self.pending_id, self.minute
        )
        if not isinstance(done, Allowed):
            await show_opened(interaction, done, given=True, times_typed=True)
            return
        guild = interaction.guild
        member = guild.get_member(done.student_id) if guild is not None else None
        name = discord.utils.escape_markdown(member.display_name) if member else f"<@{done.student_id}>"
        await show_allowed(interaction, name, done)


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
        typed = RulesText(closes, opens, attempts, grade, feedback, reader_of(interaction).code, shuffle)
        who = await who_of(interaction)
        try:
            opened = await self.tutor.teaching.open_quiz(who, lesson, channel_of(interaction), typed)
        except TimeChoiceError as choice:
            await ask_which(interaction, choice, PickButton)
            return
        await show_opened(interaction, opened, given=typed.given(), times_typed=typed.times_given())

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
        await reply_private(interaction, text("quiz.closed", title=closed.title))
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
                text("quiz.not_a_member", name=discord.utils.escape_markdown(student.display_name))
            )
        teaching = self.tutor.teaching
        quiz = await teaching.find_quiz(guild_of(interaction), channel_of(interaction, channel), lesson)
        lang = reader_of(interaction).code
        who = await who_of(interaction)
        try:
            given, refreshed = await teaching.allow(
                who, quiz, student.id, extra_attempts, until, remove=remove, language=lang
            )
        except TimeChoiceError as choice:
            await ask_which(interaction, choice, PickButton)
            return
        name = discord.utils.escape_markdown(student.display_name)
        await show_allowed(interaction, name, Allowed(given, refreshed, student.id))
