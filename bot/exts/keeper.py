"""A task that does its work, then sleeps on the bot's clock until the time the work names, or until
something it depends on changes: the shape of every timed job (deadlines, the daily review card).

Sleeping on the injected clock (never asyncio.sleep for a time of day) lets tests move time; a failure is
logged in one line and tried again shortly, so the task never dies.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.storage.faults import StorageError

RETRY = timedelta(seconds=30)


async def keep(
    clock: Clock,
    work: Callable[[], Awaitable[datetime | None]],
    changed: asyncio.Event,
    *,
    log: logging.Logger,
    what: str,
) -> None:
    """Run `work` (which returns when to run again, or None for "when something changes") forever."""
    while True:
        changed.clear()
        try:
            wake = await work()
        except StorageError as exc:  # a busy or failing database: expected, and said in one line
            log.warning("Could not %s (%s); trying again shortly", what, exc.code)
            wake = clock.now() + RETRY
        except Exception:
            log.exception("Could not %s; trying again shortly", what)
            wake = clock.now() + RETRY
        waits: list[asyncio.Task[Any]] = [asyncio.create_task(changed.wait())]
        if wake is not None:
            waits.append(asyncio.create_task(clock.sleep_until(wake)))
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()
