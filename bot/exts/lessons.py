"""/lesson post, add, remove and reload: lessons for a class to read, and a server's own lessons."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.content import limits
from bot.errors import UserError
from bot.exts import embeds, student_embeds
from bot.exts.buttons import SafeButton
from bot.exts.checks import TEACHERS, NotTeacher, lesson_option, teacher_only
from bot.exts.context import channel_language, guild_of, is_teacher, tutor_of, who_of
from bot.exts.registry import button
from bot.exts.translator import about
from bot.tutor.uploads import MAX_SERVER_LESSONS, problems_text, too_big

if TYPE_CHECKING:
    from bot.content import Lesson
    from bot.quiz.engine import QuestionView
    from bot.tutor import InUse, Preview, Reloaded, Tutor

log = logging.getLogger(__name__)

_ID = "[0-9]{1,19}"
_IDS = 300
NOT_FOR_ROLE = (
    "Only someone with the Manage Server permission can read the lessons folder again: "
    "it changes the lessons of every server this bot is in."
)


async def reload_lessons(tutor: Tutor) -> Reloaded:
    """Read the lessons folder again, and log what changed and every problem for the host."""
    reloaded = await tutor.lessons.reload()
    for problem in reloaded.problems:
        log.warning("Lesson file problem: %s", problem)
    log.info(
        "Lessons read again: %d served; new %s, changed %s, gone %s, kept as before %s",
        reloaded.served,
        list(reloaded.added),
        list(reloaded.changed),
        list(reloaded.gone),
        list(reloaded.kept),
    )
    return reloaded


def reload_text(reloaded: Reloaded) -> str:
    """What a reload did, for the teacher who asked; problems as `python -m bot check` prints them."""
    served = "1 lesson from it is" if reloaded.served == 1 else f"{reloaded.served} lessons from it are"
    lines = [f"I read the lessons folder again; {served} served now."]
    for label, ids in (
        ("New", reloaded.added),
        ("Changed (new tries use the new version; tries under way finish on theirs)", reloaded.changed),
        ("Gone, as their files were deleted or renamed to another id", reloaded.gone),
        ("Kept as they were, because their files have problems now", reloaded.kept),
    ):
        if ids:
            lines.append(f"{label}: {_ids(ids)}")
    if len(lines) == 1:
        lines.append("Nothing changed.")
    text = "\n".join(lines)
    if reloaded.problems:
        budget = limits.MESSAGE_CONTENT - len(text) - 2
        head = "Fix these files, then run `/lesson reload` again (or ask whoever runs the bot):"
        text += "\n\n" + problems_text(head, list(reloaded.problems), budget)
    return text


def _ids(ids: tuple[str, ...]) -> str:
    # Room for the problems below, however many lessons changed at once.
    shown = embeds.join_lines(ids, _IDS, "…and {} more").split("\n")
    return ", ".join(shown)


def _in_use_text(in_use: InUse) -> str:
    parts = []
    if in_use.unfinished:
        tries = "1 try is" if in_use.unfinished == 1 else f"{in_use.unfinished} tries are"
        parts.append(f"{tries} under way on the current version; each finishes on the version it started on.")
    else:
        parts.append("No tries are under way on the current version.")
    if in_use.open_quizzes:
        quizzes = "1 quiz" if in_use.open_quizzes == 1 else f"{in_use.open_quizzes} quizzes"
        parts.append(f"{quizzes} of it {'is' if in_use.open_quizzes == 1 else 'are'} open.")
    return " ".join(parts)


def confirm_text(preview: Preview) -> str:
    title = embeds.clip(preview.lesson.title, 200)
    if preview.replaces is None:
        return (
            f"Publish “{title}” for this server? Its teachers can then post it and open its quiz; "
            "other servers don't see it. This preview is kept for a day."
        )
    return (
        f"This server has a lesson `{preview.lesson.id}` already. Publishing makes this its new version: "
        f"new quizzes and new tries use it. {_in_use_text(preview.replaces)}"
    )


def preview_question(view: QuestionView, lesson: Lesson) -> tuple[discord.Embed, discord.ui.View]:
    """The first question as a student sees it, with its options as buttons that can't be pressed."""
    shown = discord.ui.View(timeout=None)
    for slot, option in enumerate(view.options):
        shown.add_item(
            discord.ui.Button(
                label=option,
                disabled=True,
                custom_id=f"tutor:preview:{slot}",
                row=slot % limits.ROWS_PER_MESSAGE,
            )
        )
    return student_embeds.question(view, lesson), shown


def publish_view(preview: Preview) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    label = "Publish" if preview.replaces is None else "Publish new version"
    view.add_item(PublishButton(preview.draft_id, label))
    view.add_item(CancelButton(preview.draft_id))
    return view


async def _teacher(interaction: discord.Interaction) -> None:
    # The buttons are on the uploader's private message; checked again, as their role may have gone.
    if not await is_teacher(interaction):
        raise NotTeacher


@button
class PublishButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:publish:(?P<draft>{_ID})",
):
    def __init__(self, draft_id: int, label: str = "Publish") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.success, custom_id=f"tutor:publish:{draft_id}"
            )
        )
        self.draft_id = draft_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PublishButton:
        return cls(int(match["draft"]))

    async def respond(self, interaction: discord.Interaction) -> None:
        await _teacher(interaction)
        published = await tutor_of(interaction).uploads.publish(await who_of(interaction), self.draft_id)
        lesson = published.lesson
        done = "Its new version is published" if published.new_version else "Published"
        await interaction.response.edit_message(
            content=f"{done}: “{embeds.clip(lesson.title, 200)}” (`{lesson.id}`). "
            "Post it with `/lesson post`, and open its quiz with `/quiz start`.",
            view=None,
        )


@button
class CancelButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:cancel:(?P<draft>{_ID})",
):
    def __init__(self, draft_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Cancel", style=discord.ButtonStyle.secondary, custom_id=f"tutor:cancel:{draft_id}"
            )
        )
        self.draft_id = draft_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CancelButton:
        return cls(int(match["draft"]))

    async def respond(self, interaction: discord.Interaction) -> None:
        await _teacher(interaction)
        lesson = await tutor_of(interaction).uploads.cancel(await who_of(interaction), self.draft_id)
        await interaction.response.edit_message(
            content=f"Cancelled: “{embeds.clip(lesson.title, 200)}” was not published.", view=None
        )


async def own_lessons(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The server's own lessons (not the bot's) whose id or title contains what was typed."""
    tutor = tutor_of(interaction)
    guild = guild_of(interaction)
    found = await tutor.lessons.search(guild, current, limit=MAX_SERVER_LESSONS)
    own = {row.lesson_id for row in await tutor.db.server_lessons(guild)}
    return [
        app_commands.Choice(name=f"{lesson.title} ({lesson.id})"[: limits.CHOICE_NAME], value=lesson.id)
        for lesson in found
        if lesson.id in own
    ][:25]


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
        try:
            data = await file.read()
        except discord.HTTPException as exc:
            log.warning("Could not download the lesson upload %s: %s", file.filename, exc)
            raise UserError(
                f"I couldn't download {file.filename} from Discord. Try attaching it again."
            ) from None
        preview = await self.tutor.uploads.upload(await who_of(interaction), file.filename, data)
        lesson = preview.lesson
        counts = f"{len(lesson.sections)} sections, {len(lesson.questions)} questions"
        await interaction.followup.send(
            f"Here is {file.filename} ({counts}) as your class will see it. Nothing is published yet.",
            embed=embeds.lesson(lesson),
            ephemeral=True,
        )
        question, options = preview_question(preview.first, lesson)
        await interaction.followup.send(
            "Its first question, as a student sees it:", embed=question, view=options, ephemeral=True
        )
        await interaction.followup.send(confirm_text(preview), view=publish_view(preview), ephemeral=True)

    @lesson.command(name="remove", description=about("lesson remove"))
    @app_commands.describe(lesson=about("lesson remove:lesson"))
    @app_commands.autocomplete(lesson=own_lessons)
    @teacher_only
    async def remove(self, interaction: discord.Interaction, lesson: str) -> None:
        removed = await self.tutor.uploads.remove(guild_of(interaction), lesson)
        text = (
            f"Removed “{embeds.clip(removed.lesson.title, 200)}”: it can't be picked for new quizzes. "
            "Every answer and report is kept; to bring it back, upload it again with `/lesson add`."
        )
        if removed.in_use.open_quizzes:
            count = removed.in_use.open_quizzes
            text += (
                f"\n{'Its open quiz goes' if count == 1 else f'Its {count} open quizzes go'} on "
                "until you close them with `/quiz close`."
            )
        await interaction.response.send_message(text, ephemeral=True)

    @lesson.command(name="reload", description=about("lesson reload"))
    @teacher_only
    async def reload(self, interaction: discord.Interaction) -> None:
        if not interaction.permissions.manage_guild:
            raise UserError(NOT_FOR_ROLE)
        await interaction.response.defer(ephemeral=True, thinking=True)
        reloaded = await reload_lessons(self.tutor)
        await interaction.followup.send(reload_text(reloaded), ephemeral=True)
