"""/lesson post, add, remove and reload: lessons for a class to read, and a server's own lessons."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.content import limits
from bot.content.model import Kind
from bot.errors import UserError
from bot.exts import embeds, student_embeds
from bot.exts.answer_key import answer_key
from bot.exts.buttons import SafeButton
from bot.exts.checks import TEACHERS, lesson_choice, lesson_option, teacher_only
from bot.exts.context import channel_language, guild_of, reader_of, tutor_of, who_of
from bot.exts.download import read_at_most
from bot.exts.registry import ID, button
from bot.exts.translator import about
from bot.i18n import ENGLISH, Language, text
from bot.tutor.lessons import reload_lessons
from bot.tutor.uploads import problems_text, too_big

if TYPE_CHECKING:
    from bot.content import Lesson
    from bot.quiz.engine import QuestionView
    from bot.tutor import InUse, Preview, Reloaded, Tutor


_IDS = 300
NOT_FOR_ROLE = text("lesson.not_for_role")


def reload_text(reloaded: Reloaded, lang: Language = ENGLISH) -> str:
    """What a reload did, for the teacher who asked; problems as `python -m bot check` prints them."""
    lines = [lang("lesson.reloaded", count=reloaded.served)]
    for label, ids in (
        ("lesson.reload_new", reloaded.added),
        ("lesson.reload_changed", reloaded.changed),
        ("lesson.reload_gone", reloaded.gone),
        ("lesson.reload_kept", reloaded.kept),
    ):
        if ids:
            lines.append(lang(label, ids=_ids(ids, lang)))
    if len(lines) == 1:
        lines.append(lang("lesson.reload_nothing"))
    said = "\n".join(lines)
    if reloaded.problems:
        budget = limits.MESSAGE_CONTENT - len(said) - 2
        head = text("lesson.reload_fix")
        said += "\n\n" + problems_text(head, list(reloaded.problems), lang, budget)
    return said


def _ids(ids: tuple[str, ...], lang: Language) -> str:
    # Room for the problems below, however many lessons changed at once.
    shown = embeds.join_lines(ids, _IDS, embeds.more_of(lang)).split("\n")
    return ", ".join(shown)


def _in_use_text(in_use: InUse, lang: Language) -> str:
    if in_use.unfinished:
        parts = [lang("lesson.tries_under_way", count=in_use.unfinished)]
    else:
        parts = [lang("lesson.no_tries_under_way")]
    if in_use.open_quizzes:
        parts.append(lang("lesson.quizzes_open", count=in_use.open_quizzes))
    return " ".join(parts)


def confirm_text(preview: Preview, lang: Language = ENGLISH) -> str:
    title = embeds.clip(preview.lesson.title, 200)
    if preview.replaces is None:
        return lang("lesson.confirm_new", title=title)
    return lang(
        "lesson.confirm_version", lesson=preview.lesson.id, in_use=_in_use_text(preview.replaces, lang)
    )


def preview_question(
    view: QuestionView, lesson: Lesson, lang: Language = ENGLISH
) -> tuple[discord.Embed, discord.ui.View]:
    """The first question as a student sees it, with its options as buttons that can't be pressed."""
    shown = discord.ui.View(timeout=None)
    if view.kind is Kind.TYPED:
        label = lang("button.type_answer")
        shown.add_item(
            discord.ui.Button(label=label, emoji="✏️", disabled=True, custom_id="tutor:preview:typed")
        )
    for slot, option in enumerate(view.options):
        shown.add_item(
            discord.ui.Button(
                label=option,
                disabled=True,
                custom_id=f"tutor:preview:{slot}",
                row=slot % limits.ROWS_PER_MESSAGE,
            )
        )
    return student_embeds.question(view, lesson, lang), shown


def publish_view(preview: Preview, lang: Language = ENGLISH) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    label = lang("lesson.publish" if preview.replaces is None else "lesson.publish_version")
    view.add_item(PublishButton(preview.draft_id, label))
    view.add_item(CancelButton(preview.draft_id, lang("lesson.cancel")))
    return view


@button
class PublishButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:publish:(?P<draft>{ID})",
):
    def __init__(self, draft_id: int, label: str = ENGLISH("lesson.publish")) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.success, custom_id=f"tutor:publish:{draft_id}"
            )
        )
        self.draft_id = draft_id

    async def respond(self, interaction: discord.Interaction) -> None:
        published = await tutor_of(interaction).uploads.publish(await who_of(interaction), self.draft_id)
        lesson = published.lesson
        done = "lesson.published_version" if published.new_version else "lesson.published"
        said = reader_of(interaction)(done, title=embeds.clip(lesson.title, 200), lesson=lesson.id)
        await interaction.response.edit_message(content=said, view=None)


@button
class CancelButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:cancel:(?P<draft>{ID})",
):
    def __init__(self, draft_id: int, label: str = ENGLISH("lesson.cancel")) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary, custom_id=f"tutor:cancel:{draft_id}"
            )
        )
        self.draft_id = draft_id

    async def respond(self, interaction: discord.Interaction) -> None:
        lesson = await tutor_of(interaction).uploads.cancel(await who_of(interaction), self.draft_id)
        said = reader_of(interaction)("lesson.cancelled", title=embeds.clip(lesson.title, 200))
        await interaction.response.edit_message(content=said, view=None)


async def own_lessons(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The server's own lessons (not the bot's) whose id or title contains what was typed."""
    tutor = tutor_of(interaction)
    guild = guild_of(interaction)
    return [lesson_choice(lesson) for lesson in await tutor.lessons.search(guild, current, own_only=True)]


class LessonsCog(commands.Cog):
    lesson = app_commands.Group(
        name="lesson",
        description=about("lesson"),
        guild_only=True,
        default_permissions=TEACHERS,
    )

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    @lesson.command(name="post", description=about("lesson post"))
    @lesson_option(about("lesson post:lesson"))
    @teacher_only
    async def post(self, interaction: discord.Interaction, lesson: str) -> None:
        found = await self.tutor.lessons.lesson(guild_of(interaction), lesson)
        await interaction.response.send_message(embed=embeds.lesson(found, channel_language(interaction)))

    @lesson.command(name="add", description=about("lesson add"))
    @app_commands.describe(file=about("lesson add:file"))
    @teacher_only
    async def add(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        too_big(file.filename, file.size)  # before downloading anything
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await read_at_most(file, limits.FILE_BYTES, interaction.client.http)
        # The teacher reads about it in their language; the lesson and question as the class will see them.
        lang, class_lang = reader_of(interaction), channel_language(interaction)
        preview = await self.tutor.uploads.upload(await who_of(interaction), file.filename, data)
        lesson = preview.lesson
        await interaction.followup.send(
            lang(
                "lesson.preview",
                file=file.filename,
                sections=len(lesson.sections),
                questions=len(lesson.questions),
            ),
            embed=embeds.lesson(lesson, class_lang),
            ephemeral=True,
        )
        question, options = preview_question(preview.first, lesson, class_lang)
        await interaction.followup.send(
            lang("lesson.preview_question"), embed=question, view=options, ephemeral=True
        )
        for page in answer_key(lesson, lang):
            await interaction.followup.send(embed=page, ephemeral=True)
        await interaction.followup.send(
            confirm_text(preview, lang), view=publish_view(preview, lang), ephemeral=True
        )

    @lesson.command(name="remove", description=about("lesson remove"))
    @app_commands.describe(lesson=about("lesson remove:lesson"))
    @app_commands.autocomplete(lesson=own_lessons)
    @teacher_only
    async def remove(self, interaction: discord.Interaction, lesson: str) -> None:
        removed = await self.tutor.uploads.remove(guild_of(interaction), lesson)
        lang = reader_of(interaction)
        said = lang("lesson.removed", title=embeds.clip(removed.lesson.title, 200))
        if removed.in_use.open_quizzes:
            said += "\n" + lang("lesson.still_open", count=removed.in_use.open_quizzes)
        await interaction.response.send_message(said, ephemeral=True)

    @lesson.command(name="reload", description=about("lesson reload"))
    @teacher_only
    async def reload(self, interaction: discord.Interaction) -> None:
        if not interaction.permissions.manage_guild:
            raise UserError(NOT_FOR_ROLE)
        await interaction.response.defer(ephemeral=True, thinking=True)
        reloaded = await reload_lessons(self.tutor.lessons)
        await interaction.followup.send(reload_text(reloaded, reader_of(interaction)), ephemeral=True)
