"""Quizzes close themselves at their deadline: one wake-up for the next deadline, not a poll per quiz."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.exts.quiz import refresh_cards
from bot.storage.faults import StorageError

if TYPE_CHECKING:
    from bot.tutor import Tutor

log = logging.getLogger(__name__)
# After an unexpected failure the keeper tries again this much later rather than spinning.
_RETRY = timedelta(seconds=30)


class DeadlinesCog(commands.Cog):
    def __init__(self, client: discord.Client, tutor: Tutor) -> None:
        self.client = client
        self.tutor = tutor
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._keep(), name="deadlines")

    async def cog_unload(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _keep(self) -> None:
        """Close what is due (at start too: deadlines that passed while the bot was down), then sleep."""
        teaching, clock = self.tutor.teaching, self.tutor.clock
        await self.client.wait_until_ready()
        while True:
            teaching.deadlines_moved.clear()
            try:
                for closed in await teaching.close_due():
                    log.info("Quiz %s closed at its deadline", closed.quiz_id)
                    await refresh_cards(self.client, closed)
                wake = await teaching.next_wakeup()
            except StorageError as exc:  # a busy or failing database: expected, and said in one line
                log.warning("Could not close quizzes at their deadline (%s); trying again shortly", exc.code)
                wake = clock.now() + _RETRY
            except Exception:
                log.exception("Closing quizzes at their deadline failed; trying again shortly")
                wake = clock.now() + _RETRY
            waits: list[asyncio.Task[Any]] = [asyncio.create_task(teaching.deadlines_moved.wait())]
            if wake is not None:
                waits.append(asyncio.create_task(clock.sleep_until(wake)))
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiting in waits:
                    waiting.cancel()
