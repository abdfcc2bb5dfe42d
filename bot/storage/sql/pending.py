"""A teacher's command waiting for an answer to a question the bot asked (which of two dates was meant)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.storage.records import PendingRequest
from bot.storage.sql.dialect import sql
from bot.storage.sql.runner import Runner
from bot.storage.sql.values import time_of

PENDING_COLUMNS = "id, guild_id, user_id, kind, content, created_at"
_ADD = sql(
    "INSERT INTO pending_requests (guild_id, user_id, kind, content, created_at)"
    " VALUES (:guild, :user, :kind, :content, :now::timestamptz) RETURNING id"
)
_GET = sql(f"SELECT {PENDING_COLUMNS} FROM pending_requests WHERE id = :pending")
_DROP = sql("DELETE FROM pending_requests WHERE id = :pending RETURNING id")
_DROP_BEFORE = sql("DELETE FROM pending_requests WHERE created_at < :moment::timestamptz RETURNING id")
_OF = sql(
    f"SELECT {PENDING_COLUMNS} FROM pending_requests WHERE guild_id = :guild AND user_id = :user ORDER BY id"
)


def pending_of(row: Sequence[Any]) -> PendingRequest:
    id_, guild, user, kind, content, created = row
    return PendingRequest(int(id_), int(guild), int(user), str(kind), str(content), time_of(created))


class PendingStatements(Runner):
    async def add_pending(self, guild_id: int, user_id: int, kind: str, content: str, now: datetime) -> int:
        row = await self._write_one(_ADD, guild=guild_id, user=user_id, kind=kind, content=content, now=now)
        assert row is not None
        return int(row[0])

    async def pending(self, pending_id: int) -> PendingRequest | None:
        row = await self._read_one(_GET, pending=pending_id)
        return None if row is None else pending_of(row)

    async def drop_pending(self, pending_id: int) -> bool:
        """Forget a waiting command; False if it was gone already (answered, or expired)."""
        return await self._write_one(_DROP, pending=pending_id) is not None

    async def drop_pending_before(self, moment: datetime) -> int:
        """Forget waiting commands made before `moment`; how many."""
        return len(await self._write_all(_DROP_BEFORE, moment=moment))

    async def pending_of(self, guild_id: int, user_id: int) -> list[PendingRequest]:
        """This person's commands waiting in this server, oldest first."""
        return [pending_of(row) for row in await self._read_all(_OF, guild=guild_id, user=user_id)]
