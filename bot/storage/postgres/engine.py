"""The PostgreSQL engine: a pool of connections, opening, migrations, and running the shared statements.

The statements themselves are written once for both engines, in bot/storage/sql/. Several bot processes
on one database can neither double nor lose anything: the constraints decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self, cast

import asyncpg

from bot.storage import migrator
from bot.storage.migrator import MigrationError
from bot.storage.sql.dialect import POSTGRES, Statement
from bot.storage.sql.runner import Row, Runner, Step

# Any fixed number: the advisory lock that lets one process at a time migrate (all start together).
_MIGRATION_LOCK = 0x7475746F72  # "tutor"
VERSIONS_TABLE = "schema_migrations"


# asyncpg's Record is indexed and sliced as a sequence is, though its type does not say so: cast once here.
class Engine(Runner):
    """A pool of connections to one PostgreSQL database. Open with `open`, close with `close`."""

    def __init__(self, pool: asyncpg.Pool[asyncpg.Record]) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, url: str, *, min_size: int = 1, max_size: int = 10) -> Self:
        """Connect and bring the schema up to date (one process at a time, whoever starts first)."""
        pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size)
        db = cls(pool)
        try:
            await db._migrate()
        except BaseException:
            await pool.close()
            raise
        return db

    async def close(self) -> None:
        """Close every connection of the pool."""
        await self._pool.close()

    async def _read_one(self, statement: Statement, /, **values: Any) -> Row | None:
        form = statement.forms[POSTGRES.name]
        return cast(Row | None, await self._pool.fetchrow(form.text, *form.bind(values)))

    async def _read_all(self, statement: Statement, /, **values: Any) -> list[Row]:
        form = statement.forms[POSTGRES.name]
        return cast(list[Row], await self._pool.fetch(form.text, *form.bind(values)))

    # The server takes concurrent writes by itself; nothing to queue here.
    _write_one = _read_one
    _write_all = _read_all

    async def _write_together(self, steps: Sequence[Step], *, queue_on: int | None = None) -> list[list[Row]]:
        async with self._pool.acquire() as conn, conn.transaction():
            if queue_on is not None:
                # A statement of its own: a statement sees the rows as they were when it began, so a
                # lock taken inside the first step would be granted after that step had already read.
                await conn.execute("SELECT pg_advisory_xact_lock(7001, hashtext($1::bigint::text))", queue_on)
            done: list[list[Row]] = []
            for statement, values in steps:
                form = statement.forms[POSTGRES.name]
                done.append(cast(list[Row], await conn.fetch(form.text, *form.bind(values))))
            return done

    async def schema_version(self) -> int:
        """The number of the last migration applied."""
        version = await self._pool.fetchval(
            "SELECT CASE WHEN to_regclass($1) IS NULL THEN 0"
            f" ELSE (SELECT COALESCE(max(version), 0) FROM {VERSIONS_TABLE}) END",
            VERSIONS_TABLE,
        )
        return int(version)

    async def _migrate(self) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            # Held to the end of the transaction: a second process waits, then finds nothing due.
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {VERSIONS_TABLE} ("
                " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            current = await conn.fetchval(f"SELECT COALESCE(max(version), 0) FROM {VERSIONS_TABLE}")
            for version, sql in migrator.due("postgres", int(current)):
                try:
                    await conn.execute(sql)
                except asyncpg.PostgresError as exc:
                    # Raising rolls the whole transaction back: the database is exactly as it was.
                    raise MigrationError(f"migration {version} failed: {exc}") from exc
                await conn.execute(f"INSERT INTO {VERSIONS_TABLE} (version) VALUES ($1)", version)
