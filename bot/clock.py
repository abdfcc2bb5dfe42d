"""The bot's sense of time, injected so that tests can move it rather than wait for it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...

    async def sleep_until(self, moment: datetime) -> None:
        """Return at `moment` or soon after (never before)."""
        ...


class SystemClock:
    """The machine's clock, shifted by `offset` (CLOCK_OFFSET_SECONDS: for trying deadlines out)."""

    # asyncio's timers drift with a suspended machine; sleeping in bounded steps re-reads the clock.
    _STEP = 300.0

    def __init__(self, offset: timedelta = timedelta()) -> None:
        self.offset = offset
        # How far the database's clock is ahead of this machine's: deadlines are the database's, so
        # that processes on machines whose clocks drift apart close a quiz at the same moment.
        self.skew = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset + self.skew

    def align(self, reference: datetime, sent: datetime, received: datetime) -> timedelta:
        """Follow a reference clock read between `sent` and `received` (this machine's times); the skew."""
        self.skew = reference - (sent + (received - sent) / 2)
        return self.skew

    async def sleep_until(self, moment: datetime) -> None:
        while (left := (moment - self.now()).total_seconds()) > 0:  # noqa: ASYNC110 - see _STEP
            await asyncio.sleep(min(left, self._STEP))
