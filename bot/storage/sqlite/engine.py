"""The SQLite engine: one connection, opening, migrations, running the shared statements one by one or
as one transaction, and the bounded waits for the database's lock.

The statements themselves are written once for both engines, in bot/storage/sql/.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Self, TypeVar

import aiosqlite

from bot.internals import run_on_sqlite_thread
from bot.metrics import DATABASE_FAULTS, DATABASE_WAIT_SECONDS
from bot.storage import migrator
from bot.storage.faults import (
    BUSY_WAIT,
    BoundedLock,
    StorageBusyError,
    check_openable,
    fault_from,
    refuse_damage,
)
from bot.storage.migrator import MigrationError
from bot.storage.sql.dialect import SQLITE, Statement
from bot.storage.sql.runner import Row, Runner, Step

T = TypeVar("T")

# How long a write waits for another program's lock right after one waited in vain (milliseconds).
_GLANCE_MS = 50


def _atomically(work: Callable[[sqlite3.Connection], T], conn: sqlite3.Connection) -> T:
    # Run whole on the connection's thread: one hop, not one per statement, and no other coroutine's
    # statement on this connection can land between BEGIN and COMMIT.
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return done


class Engine(Runner):
    """One connection to the bot's SQLite file. Open with `open`, close with `close`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        # One connection serves every coroutine; writes that span statements must not interleave.
        # Clicks queue here; a long queue is refused as busy, never left to pass Discord's deadline.
        self._write: asyncio.Lock = BoundedLock(BUSY_WAIT)
        self._busy_seen = 0.0  # when a write last gave up on another program's lock

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open (creating the file and its folder) and bring the schema up to date.

        Raises StorageError, saying what is wrong and what to do, if the file cannot be used.
        """
        check_openable(path)
        conn = await aiosqlite.connect(path, isolation_level=None)
        db = cls(conn)
        try:
            # First, so that every statement after it waits for another program's lock, briefly.
            await db._run(f"PRAGMA busy_timeout = {int(BUSY_WAIT * 1000)}")
            await db._run("PRAGMA journal_mode = WAL")
            # FULL: an answer shown to a student as saved survives a power cut, not only a crash.
            await db._run("PRAGMA synchronous = FULL")
            await db._run("PRAGMA foreign_keys = ON")
            # A damaged file is found now, with a line saying so, not by a student mid-quiz.
            refuse_damage([row[0] for row in await db._run("PRAGMA quick_check(1)")])
            await db._migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        """Close the connection and its worker thread."""
        await self._conn.close()

    async def _run(self, sql: str, params: object = ()) -> list[Row]:
        """One statement in SQLite's own text, run to completion in one hop to the worker thread.

        A cursor left open across an await holds a read; while reads overlap commits, the WAL never
        resets and grows.
        """
        try:
            return list(await self._conn.execute_fetchall(sql, params))
        except sqlite3.Error as exc:
            fault = fault_from(exc)
            if fault is None:
                raise
            DATABASE_FAULTS.labels(fault.code).inc()
            raise fault from exc

    async def _read_all(self, statement: Statement, /, **values: Any) -> list[Row]:
        form = statement.forms[SQLITE.name]
        return await self._run(form.text, form.bind(values))

    async def _read_one(self, statement: Statement, /, **values: Any) -> Row | None:
        return next(iter(await self._read_all(statement, **values)), None)

    async def _write_all(self, statement: Statement, /, **values: Any) -> list[Row]:
        return await self._writing(lambda: self._read_all(statement, **values))

    async def _write_one(self, statement: Statement, /, **values: Any) -> Row | None:
        return next(iter(await self._write_all(statement, **values)), None)

    async def _write_together(self, steps: Sequence[Step], *, queue_on: int | None = None) -> list[list[Row]]:
        # SQLite's writes run one at a time (BEGIN IMMEDIATE), so `queue_on` needs nothing more.
        forms = [(statement.forms[SQLITE.name], values) for statement, values in steps]

        def run(conn: sqlite3.Connection) -> list[list[Row]]:
            return [conn.execute(form.text, form.bind(values)).fetchall() for form, values in forms]

        return await self._in_transaction(run)

    async def _writing(self, write: Callable[[], Awaitable[T]]) -> T:
        """Run `write` (statements that write) under the write lock, with bounded waits for other programs."""
        # The lock keeps the write out of another coroutine's open transaction on this connection.
        began = time.perf_counter()
        async with self._write:
            DATABASE_WAIT_SECONDS.observe(time.perf_counter() - began)
            if time.monotonic() - self._busy_seen >= BUSY_WAIT:
                try:
                    return await write()
                except StorageBusyError:
                    self._busy_seen = time.monotonic()
                    raise
            # A write just waited its whole time for another program's lock. Clicks queued behind it
            # would each wait as long again, one after another, past Discord's deadline: until the
            # lock is seen free, a write only glances at it.
            await self._run(f"PRAGMA busy_timeout = {_GLANCE_MS}")
            try:
                done = await write()
            except StorageBusyError:
                self._busy_seen = time.monotonic()
                raise
            finally:
                await self._run(f"PRAGMA busy_timeout = {int(BUSY_WAIT * 1000)}")
            self._busy_seen = 0.0
            return done

    async def _in_worker(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on the connection's own thread: any number of statements for one hop there."""
        connection = self._conn
        try:
            return await run_on_sqlite_thread(connection, work)
        except sqlite3.Error as exc:
            fault = fault_from(exc)
            if fault is None:
                raise
            DATABASE_FAULTS.labels(fault.code).inc()
            raise fault from exc

    async def _in_transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work`'s statements as one transaction, in one hop to the connection's thread.

        Under the write lock and its bounded waits, like every write; a fault rolls it all back.
        """
        return await self._writing(partial(self._in_worker, partial(_atomically, work)))

    async def schema_version(self) -> int:
        """The migration number the file is at (PRAGMA user_version)."""
        row = next(iter(await self._run("PRAGMA user_version")), None)
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        pending = migrator.due("sqlite", await self.schema_version())
        if not pending:
            return
        # One script, one transaction: a failed migration leaves the file exactly as it was.
        script = "BEGIN IMMEDIATE;\n"
        script += "\n".join(sql for _, sql in pending)
        script += f"\nPRAGMA user_version = {pending[-1][0]};\nCOMMIT;\n"
        try:
            await self._conn.executescript(script)
        except aiosqlite.Error as exc:
            if self._conn.in_transaction:
                await self._conn.rollback()
            raise MigrationError(f"migration failed: {exc}") from exc
