"""/report: how a class did on a quiz, privately for the teacher, with files for the gradebook."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.content import limits
from bot.exts.checks import TEACHERS, lesson_option, teacher_only
from bot.exts.context import channel_of, guild_of, reader_of, tutor_of
from bot.exts.embeds import clip
from bot.exts.report_card import report_embeds
from bot.exts.settings import MEMBERS_INTENT_HELP
from bot.exts.translator import about
from bot.i18n import Language
from bot.quiz.when import parse_zone
from bot.report import Gradebook
from bot.storage import QuizRecord

if TYPE_CHECKING:
    from bot.tutor import Tutor
    from bot.tutor.reports import ReportFiles


def _day(moment: datetime) -> str:
    # Numbers only, so that no month name is left in English.
    return f"{moment:%Y-%m-%d}"


async def quiz_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The server's quizzes, newest first, each with its class and dates."""
    tutor = tutor_of(interaction)
    lang = reader_of(interaction)
    choices = []
    for quiz, title in await tutor.teaching.quizzes_with_titles(guild_of(interaction)):
        when = (
            lang("report.pick.closed", date=_day(quiz.closed_at))
            if quiz.closed_at
            else lang("report.pick.open")
        )
        channel = interaction.guild.get_channel(quiz.channel_id) if interaction.guild else None
        where = f"#{channel.name}" if channel else lang("report.pick.channel", id=quiz.channel_id)
        opened = lang("report.pick.opened", date=_day(quiz.opened_at))
        name = f"{title} · {where} · {opened} · {when}"
        if current.casefold() in name.casefold():
            choices.append(app_commands.Choice(name=clip(name, limits.CHOICE_NAME), value=str(quiz.id)))
    return choices[:25]


async def roster_of(guild: discord.Guild | None, role_id: int | None) -> dict[int, str] | None:
    """The class role's members by id, with their names; None when there is no roster or it can't be seen."""
    if guild is None or role_id is None:
        return None
    role = guild.get_role(role_id)
    if role is None:
        return None
    if not guild.chunked:
        await guild.chunk()
    return {m.id: m.display_name for m in role.members if not m.bot}


def _message(files: ReportFiles, note: str, lang: Language) -> str:
    """What goes above the card: a roster warning if any, the chart's line, and what a file left out."""
    lines = [note, files.chart_alt]
    if files.left_out:
        lines.append(lang("report.moodle_left_out", count=files.left_out))
    return "\n\n".join(line for line in lines if line)


def _attachments(files: ReportFiles) -> list[discord.File]:
    return [
        discord.File(
            io.BytesIO(data), name, description=clip(files.chart_alt, 1024) if name == "chart.png" else None
        )
        for name, data in files.attachments()
    ]


@dataclass(frozen=True, slots=True)
class ReportMessage:
    content: str
    embeds: list[discord.Embed]
    files: list[discord.File]


async def report_message(
    interaction: discord.Interaction, quiz: QuizRecord, gradebook: Gradebook | None = None
) -> ReportMessage:
    """The report of `quiz` as the teacher who asked gets it: the card, the files, and any warning."""
    return await compose_report(
        tutor_of(interaction),
        quiz,
        reader_of(interaction),
        interaction.guild,
        members_visible=interaction.client.intents.members,
        gradebook=gradebook,
    )


async def compose_report(
    tutor: Tutor,
    quiz: QuizRecord,
    lang: Language,
    guild: discord.Guild | None,
    *,
    members_visible: bool,
    gradebook: Gradebook | None = None,
) -> ReportMessage:
    """The report of `quiz` in `lang`: its class's roster (the class's own role, else the server's) when
    the bot can see the server's members, the card, the files, and any warning."""
    settings = await tutor.teaching.settings(quiz.guild_id)
    role_id = await tutor.classes.roster_role(settings, quiz.channel_id)
    roster = await roster_of(guild, role_id) if members_visible else None
    zone = parse_zone(settings.timezone)
    built = await tutor.reports.build(quiz, roster, zone, needs_help_below=settings.needs_help_below)
    files = await tutor.reports.files(built, lang, gradebook)
    note = ""
    if role_id is not None and not members_visible:
        note = lang.render(MEMBERS_INTENT_HELP)
    return ReportMessage(_message(files, note, lang), report_embeds(built, lang), _attachments(files))


class ReportCog(commands.Cog):
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @app_commands.command(name="report", description=about("report"))
    @lesson_option(about("report:lesson"))
    @app_commands.describe(
        channel=about("report:channel"), quiz=about("report:quiz"), gradebook=about("report:gradebook")
    )
    @app_commands.autocomplete(quiz=quiz_autocomplete)
    @app_commands.guild_only()
    @app_commands.default_permissions(TEACHERS)
    @teacher_only
    async def report(
        self,
        interaction: discord.Interaction,
        lesson: str | None = None,
        channel: discord.TextChannel | None = None,
        quiz: str | None = None,
        gradebook: Literal["moodle", "canvas"] | None = None,
    ) -> None:
        teaching, guild = self.tutor.teaching, guild_of(interaction)
        if quiz is not None and quiz.isascii() and quiz.isdigit():
            found = await teaching.quiz_by_id(guild, int(quiz))
        else:
            found = await teaching.find_quiz(guild, channel_of(interaction, channel), lesson)
        # Drawing the chart can take longer than Discord's 3 seconds on a busy machine.
        await interaction.response.defer(ephemeral=True, thinking=True)
        shown = await report_message(interaction, found, None if gradebook is None else Gradebook(gradebook))
        await interaction.edit_original_response(
            content=shown.content, embeds=shown.embeds, attachments=shown.files
        )
