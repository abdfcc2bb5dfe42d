"""/mydata and /student forget: people's own data, privately, with a two-step delete; and retention.

Every button here lives on its owner's private message and carries only ids; the tutor checks on
each click that the person pressing is the one the button is for (and, for a teacher, still one).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.buttons import SafeButton
from bot.exts.checks import TEACHERS, teacher_only
from bot.exts.context import guild_of, reader_of, tutor_of, who_of
from bot.exts.errors import reply_private
from bot.exts.registry import ID, button
from bot.exts.translator import about
from bot.i18n import ENGLISH
from bot.report.mydata import FILENAME
from bot.storage.records import Swept
from bot.tutor.privacy import confirm_mine, confirm_student, deleted_mine, deleted_student, nothing_about

if TYPE_CHECKING:
    from bot.tutor import Tutor

log = logging.getLogger(__name__)


@button
class DeleteMyDataButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:mydata:delete:(?P<user>{ID})",
):
    """The first step: asks "are you sure?" on the same message."""

    def __init__(self, user_id: int, label: str = ENGLISH("privacy.delete_mine")) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.danger,
                emoji="🗑️",
                custom_id=f"tutor:mydata:delete:{user_id}",
            )
        )
        self.user_id = user_id

    async def respond(self, interaction: discord.Interaction) -> None:
        held = await tutor_of(interaction).privacy.held_mine(await who_of(interaction), self.user_id)
        lang = reader_of(interaction)
        if held.nothing:
            await interaction.response.edit_message(content=lang.render(deleted_mine(held)), view=None)
            return
        view = discord.ui.View(timeout=None)
        view.add_item(ConfirmDeleteButton(self.user_id, lang("privacy.yes_mine")))
        view.add_item(KeepDataButton(self.user_id, lang("privacy.keep_it")))
        await interaction.response.edit_message(content=lang.render(confirm_mine(held)), view=view)


@button
class ConfirmDeleteButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:mydata:yes:(?P<user>{ID})",
):
    def __init__(self, user_id: int, label: str = ENGLISH("privacy.yes_mine")) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.danger,
                custom_id=f"tutor:mydata:yes:{user_id}",
            )
        )
        self.user_id = user_id

    async def respond(self, interaction: discord.Interaction) -> None:
        gone = await tutor_of(interaction).privacy.forget_me(await who_of(interaction), self.user_id)
        await interaction.response.edit_message(
            content=reader_of(interaction).render(deleted_mine(gone)), view=None
        )


@button
class KeepDataButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:keepdata:(?P<user>{ID})",
):
    """Backs out of a delete: the student's own, or a teacher's (then `user` is the teacher)."""

    def __init__(self, user_id: int, label: str = ENGLISH("privacy.keep_it")) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary, custom_id=f"tutor:keepdata:{user_id}"
            )
        )
        self.user_id = user_id

    async def respond(self, interaction: discord.Interaction) -> None:
        said = tutor_of(interaction).privacy.keep(await who_of(interaction), self.user_id)
        await interaction.response.edit_message(content=reader_of(interaction).render(said), view=None)


@button
class ForgetStudentButton(
    SafeButton,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=f"tutor:forget:(?P<teacher>{ID}):(?P<student>{ID})",
):
    def __init__(self, teacher_id: int, student_id: int, label: str = ENGLISH("privacy.yes_theirs")) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.danger,
                custom_id=f"tutor:forget:{teacher_id}:{student_id}",
            )
        )
        self.teacher_id = teacher_id
        self.student_id = student_id

    async def respond(self, interaction: discord.Interaction) -> None:
        privacy = tutor_of(interaction).privacy
        who = await who_of(interaction)  # teacher rights are checked again now, not taken from the message
        name = await privacy.known_name(guild_of(interaction), self.student_id) or f"<@{self.student_id}>"
        gone = await privacy.forget_student(who, self.teacher_id, self.student_id)
        said = reader_of(interaction).render(deleted_student(name, gone))
        await interaction.response.edit_message(content=said, view=None)


class PrivacyCog(commands.Cog):
    student = app_commands.Group(
        name="student",
        description=about("student"),
        guild_only=True,
        default_permissions=TEACHERS,
    )

    def __init__(self, tutor: Tutor, retention: timedelta | None) -> None:
        self.tutor = tutor
        self.retention = retention
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        if self.retention is not None:
            sweeping = self.tutor.privacy.keep_sweeping(self.retention, self._swept, self._failed)
            self._task = asyncio.create_task(sweeping, name="retention")

    async def cog_unload(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def _swept(self, swept: Swept) -> None:
        assert self.retention is not None
        log.info(
            "Data retention (%d days): deleted %d attempts with their answers, and %d names",
            self.retention.days,
            swept.attempts,
            swept.names,
        )

    @staticmethod
    def _failed(error: Exception) -> None:
        log.error("Data retention: the sweep failed; trying again in a few minutes", exc_info=error)

    @app_commands.command(name="mydata", description=about("mydata"))
    @app_commands.guild_only()
    async def mydata(self, interaction: discord.Interaction) -> None:
        who = await who_of(interaction)
        mine = await self.tutor.privacy.my_data(who)
        lang = reader_of(interaction)
        view = discord.ui.View(timeout=None)
        said = "\n".join(lang.render(line) for line in mine.summary)
        if not mine.data.empty:
            view.add_item(DeleteMyDataButton(who.user_id, lang("privacy.delete_mine")))
            said += "\n\n" + lang("privacy.how_to_delete")
        await interaction.response.send_message(
            content=said,
            file=discord.File(io.BytesIO(mine.content), FILENAME, description=lang("privacy.file")),
            view=view,
            ephemeral=True,
        )

    @student.command(name="forget", description=about("student forget"))
    @app_commands.describe(student=about("student forget:student"))
    @teacher_only
    async def forget(self, interaction: discord.Interaction, student: discord.User) -> None:
        who = await who_of(interaction)
        held = await self.tutor.privacy.held_student(who, student.id)
        if held.nothing:
            await reply_private(interaction, nothing_about(student.display_name))
            return
        lang = reader_of(interaction)
        view = discord.ui.View(timeout=None)
        view.add_item(ForgetStudentButton(who.user_id, student.id, lang("privacy.yes_theirs")))
        view.add_item(KeepDataButton(who.user_id, lang("lesson.cancel")))
        await interaction.response.send_message(
            content=lang.render(confirm_student(student.display_name, held)), view=view, ephemeral=True
        )
