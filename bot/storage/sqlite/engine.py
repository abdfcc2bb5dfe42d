"""The SQLite engine's connection: opening, migrations, and running one statement at a time.

Every statement of the bot lives in the modules beside this one, one per feature, as methods of
classes that the `Database` of this package puts together.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

import aiosqlite

from bot.storage import migrator
from bot.storage.migrator import MigrationError


def ts(moment: datetime) -> str:
    """A time as stored: UTC, millisecond ISO-8601 text, the format SQLite's own defaults write."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def dt(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def must(text: str) -> datetime:
    """A time read from a column that is never NULL."""
    moment = dt(text)
    assert moment is not None
    return moment


class Engine:
    """One connection to the bot's SQLite file. Open with `open`, close with `close`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        # One connection serves every coroutine; writes that span statements must not interleave.
        self._write = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open (creating the file and its folder) and bring the schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        db = cls(conn)
        try:
            await db._one("PRAGMA journal_mode = WAL")
            # FULL: an answer shown to a student as saved survives a power cut, not only a crash.
            await db._one("PRAGMA synchronous = FULL")
            await db._one("PRAGMA foreign_keys = ON")
            await db._one("PRAGMA busy_timeout = 5000")
            await db._migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        """Close the connection and its worker thread."""
        await self._conn.close()

    async def _one(self, sql: str, params: object = ()) -> aiosqlite.Row | None:
        # Every statement runs to completion in one hop to the worker thread. A cursor left open
        # across an await holds a read; while reads overlap commits, the WAL never resets and grows.
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def _all(self, sql: str, params: object = ()) -> list[aiosqlite.Row]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def _write_one(self, sql: str, params: object = ()) -> aiosqlite.Row | None:
        # The lock keeps this statement out of another coroutine's open transaction on this connection.
        async with self._write:
            return await self._one(sql, params)

    async def _write_all(self, sql: str, params: object = ()) -> list[aiosqlite.Row]:
        async with self._write:
            return await self._all(sql, params)

    async def schema_version(self) -> int:
        """The migration number the file is at (PRAGMA user_version)."""
        row = await self._one("PRAGMA user_version")
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

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        async with self._write:
            await self._one("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()
