"""Writes arriving while a commit is under way wait for the next one, which takes them all in one
transaction (group commit): one fsync for many, where each would have waited for its own.

SQLite only: PostgreSQL's server commits concurrent transactions together by itself. Each caller still
returns only once its own write is durable (synchronous=FULL), or with the batch's fault.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Batch = Callable[[sqlite3.Connection, list[Item]], list[Result]]


class CommitTogether(Generic[Item, Result]):
    """`batch` runs a list of items on the connection's thread (one result each), in one transaction."""

    def __init__(
        self,
        in_transaction: Callable[[Callable[[sqlite3.Connection], list[Result]]], Awaitable[list[Result]]],
        batch: Batch[Item, Result],
    ) -> None:
        self._in_transaction = in_transaction
        self._batch = batch
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._committer: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        done: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit())
        return await done

    async def _commit(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                results = await self._in_transaction(partial(self._batch_of, [item for item, _ in batch]))
            except Exception as exc:  # noqa: BLE001 - each caller gets the fault, as if it had run alone
                for _, done in batch:
                    if not done.done():  # a caller that gave up (cancelled) needs nothing
                        done.set_exception(exc)
                continue
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(result)

    def _batch_of(self, items: list[Item], conn: sqlite3.Connection) -> list[Result]:
        return self._batch(conn, items)

    async def close(self) -> None:
        if self._committer is not None:
            await asyncio.gather(self._committer, return_exceptions=True)
