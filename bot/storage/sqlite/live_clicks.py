"""Live answers arriving together committed together on SQLite: a whole class answers in one burst.

As bot/storage/sqlite/clicks.py does for self-paced answers, through bot/storage/sqlite/together.py:
answers that arrive while a commit is under way wait for the next one, all in one transaction. Each
answer is still the one UPSERT of bot/storage/sql/live.py, judged alone; each caller returns once its
own answer is durable, or with the batch's fault.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import aiosqlite

from bot.storage.sql.dialect import SQLITE
from bot.storage.sql.live import ANSWER
from bot.storage.sqlite.engine import Engine
from bot.storage.sqlite.together import CommitTogether

_ANSWER = ANSWER.forms[SQLITE.name]


def _take_all(conn: sqlite3.Connection, items: list[Any]) -> list[bool]:
    return [conn.execute(_ANSWER.text, params).fetchone() is not None for params in items]


class LiveClickStatements(Engine):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn)
        self._live: CommitTogether[Any, bool] = CommitTogether(self._in_transaction, _take_all)

    async def _take_answer(self, values: dict[str, Any]) -> bool:
        """Before LiveStatements' own in SQLiteDatabase's bases: its live_answer commits here, together."""
        return await self._live.submit(_ANSWER.bind(values))

    async def close(self) -> None:
        await self._live.close()
        await super().close()
