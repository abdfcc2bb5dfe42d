"""Live answers arriving together committed together on SQLite: a whole class answers in one burst.

As bot/storage/sqlite/clicks.py does for self-paced answers: answers that arrive while a commit is
under way wait for the next one, which takes them all in one transaction (one fsync for many). Each
answer is still the one UPSERT of bot/storage/sql/live.py, judged alone; each caller returns once its
own answer is durable, or with the batch's fault.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

import aiosqlite

from bot.storage.sql.dialect import SQLITE
from bot.storage.sql.live import ANSWER, answer_values
from bot.storage.sqlite.engine import Engine

_ANSWER = ANSWER.forms[SQLITE.name]


@dataclass
class _Answer:
    params: Any
    done: asyncio.Future[bool] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


def _take_all(conn: sqlite3.Connection, answers: list[_Answer]) -> list[bool]:
    return [conn.execute(_ANSWER.text, answer.params).fetchone() is not None for answer in answers]


class LiveClickStatements(Engine):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn)
        self._live_waiting: list[_Answer] = []
        self._live_committer: asyncio.Task[None] | None = None

    async def live_answer(
        self,
        session_id: int,
        position: int,
        user_id: int,
        option_index: int,
        *,
        correct: bool,
        by_teacher: bool,
        now: datetime,
    ) -> bool:
        values = answer_values(
            session_id, position, user_id, option_index, correct=correct, by_teacher=by_teacher, now=now
        )
        answer = _Answer(_ANSWER.bind(values))
        self._live_waiting.append(answer)
        if self._live_committer is None or self._live_committer.done():
            self._live_committer = asyncio.create_task(self._commit_live())
        return await answer.done

    async def _commit_live(self) -> None:
        while self._live_waiting:
            batch, self._live_waiting = self._live_waiting, []
            try:
                taken = await self._in_transaction(partial(_take_all, answers=batch))
            except Exception as exc:  # noqa: BLE001 - each caller gets the fault, as if it had run alone
                for answer in batch:
                    if not answer.done.done():
                        answer.done.set_exception(exc)
                continue
            for answer, result in zip(batch, taken, strict=True):
                if not answer.done.done():
                    answer.done.set_result(result)

    async def close(self) -> None:
        if self._live_committer is not None:
            await asyncio.gather(self._live_committer, return_exceptions=True)
        await super().close()
