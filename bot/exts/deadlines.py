"""Quizzes close themselves at their deadline, on whichever process looks first; their cards are edited
and the teacher who opened one is told, once.

Every process looks at the database at the next deadline and at least every few seconds (see
bot/tutor/deadlines.py), so a deadline set through a process that has since died is still kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.exts.keeper import keep
from bot.exts.quiz import refresh_cards
from bot.exts.report import compose_report
from bot.i18n import language
from bot.metrics import DEADLINE_LAG_SECONDS
from bot.storage.faults import StorageError
from bot.tutor.screens import ClosedQuiz

if TYPE_CHECKING:
    from bot.tutor import Tutor

log = logging.getLogger(__name__)
# A difference between this machine's clock and the database's worth a line in the log.
_NOTICED = timedelta(seconds=1)


class DeadlinesCog(commands.Cog):
    def __init__(self, client: discord.Client, tutor: Tutor) -> None:
        self.client = client
        self.tutor = tutor
        self._task: asyncio.Task[None] | None = None
        self._notes: set[asyncio.Task[None]] = set()  # teachers' notes being sent

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._keep(), name="deadlines")

    async def cog_unload(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._remember_locale(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._remember_locale(guild)

    @commands.Cog.listener()
    async def on_guild_update(self, _before: discord.Guild, after: discord.Guild) -> None:
        await self._remember_locale(after)

    async def _remember_locale(self, guild: discord.Guild) -> None:
        try:
            await self.tutor.deadlines.remember_locale(guild.id, guild.preferred_locale.value)
        except StorageError as exc:  # only the language of cards written by another process is at stake
            log.warning("Could not keep the language of server %s (%s)", guild.id, exc.code)

    async def _keep(self) -> None:
        """Close what is due (at start too: deadlines that passed while the bot was down), then sleep until
        the next deadline or a change of one."""
        await self.client.wait_until_ready()
        await self._follow_database_clock()
        moved = self.tutor.teaching.deadlines_moved
        await keep(self.tutor.clock, self._close_due, moved, log=log, what="close quizzes at their deadline")

    async def _follow_database_clock(self) -> None:
        try:
            skew = await self.tutor.deadlines.follow_database_clock()
        except StorageError as exc:
            log.warning("Could not read the database's clock (%s); deadlines follow this machine's", exc.code)
            return
        if skew is not None and abs(skew) > _NOTICED:
            log.warning(
                "This machine's clock is %.1f s off the database's; deadlines follow the database's",
                -skew.total_seconds(),
            )

    async def _close_due(self) -> datetime:
        """Close the quizzes whose deadline has passed, tell their cards and teachers; when to look again."""
        deadlines, clock = self.tutor.deadlines, self.tutor.clock
        began = clock.now()
        for closed in await deadlines.due():
            log.info("Quiz %s closed at its deadline", closed.quiz_id)
            if closed.by_deadline:
                DEADLINE_LAG_SECONDS.observe((clock.now() - closed.closed_at).total_seconds())
            await refresh_cards(self.client, closed)
            if closed.by_deadline:  # building the report takes a while: the keeper goes on
                note = asyncio.create_task(self._tell_teacher(closed))
                self._notes.add(note)
                note.add_done_callback(self._notes.discard)
        return await deadlines.next_look(began)

    async def _tell_teacher(self, closed: ClosedQuiz) -> None:
        """The teacher who opened a quiz its deadline closed gets its report privately, once."""
        try:
            await self._send_note(closed)
        except Exception:  # a note is a courtesy: /report has the same; the keeper must not hear of it
            log.exception("Could not send the deadline note of quiz %s", closed.quiz_id)

    async def _send_note(self, closed: ClosedQuiz) -> None:
        teacher_id = await self.tutor.deadlines.teacher_to_tell(closed)
        if teacher_id is None:
            return
        quiz = await self.tutor.deadlines.quiz(closed.quiz_id)
        lang = language(closed.locale)
        guild = self.client.get_guild(quiz.guild_id)
        shown = await compose_report(
            self.tutor, quiz, lang, guild, members_visible=self.client.intents.members
        )
        note = lang("report.note.deadline", title=closed.title, channel=f"<#{quiz.channel_id}>")
        try:
            channel = await self.client.create_dm(discord.Object(teacher_id))
            await channel.send(
                content=f"{note}\n\n{shown.content}".strip(), embeds=shown.embeds, files=shown.files
            )
        except discord.HTTPException as exc:  # their DMs are closed: /report has it all the same
            log.info("Could not send the deadline note of quiz %s to its teacher: %s", quiz.id, exc)
