"""A command waiting for its teacher to pick how a date like `10/12` was meant, kept until the click.

The buttons carry only this request's id and the picked moment (epoch minutes); everything else the
command was given (lesson, channel, other options) is kept here, so a click after a restart still works.
Kept in the pending_requests table for a day, like an upload's preview.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.errors import UserError
from bot.i18n import text
from bot.storage import Storage
from bot.tutor.screens import Who

KIND = "time-choice"
LIFETIME = timedelta(days=1)
GONE = text("when.pick_gone")
NOT_YOURS = text("when.pick_not_yours")


def minute_of(moment: datetime) -> int:
    return int(moment.timestamp()) // 60


def from_minute(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, UTC)


@dataclass(frozen=True, slots=True)
class Pending:
    id: int
    request: dict[str, Any]


class PendingChoices:
    def __init__(self, db: Storage, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def keep(self, who: Who, request: dict[str, Any]) -> int:
        now = self._clock.now()
        await self._db.drop_pending_before(now - LIFETIME)
        content = json.dumps(request, sort_keys=True)
        return await self._db.add_pending(who.guild_id, who.user_id, KIND, content, now)

    async def get(self, who: Who, pending_id: int) -> Pending:
        """The request, if it is still there, of this server, and this teacher's; else a clear refusal."""
        found = await self._db.pending(pending_id)
        if found is None or found.guild_id != who.guild_id or found.kind != KIND:
            raise UserError(GONE)
        if found.user_id != who.user_id:
            raise UserError(NOT_YOURS)
        if found.created_at < self._clock.now() - LIFETIME:
            await self._db.drop_pending(pending_id)
            raise UserError(GONE)
        return Pending(pending_id, json.loads(found.content))

    async def done(self, pending_id: int) -> None:
        await self._db.drop_pending(pending_id)
