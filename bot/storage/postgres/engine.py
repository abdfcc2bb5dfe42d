"""The PostgreSQL engine's connection pool: opening, migrations, and running one statement at a time.

Every statement of the bot lives in the modules beside this one, one per feature, mirroring the SQLite
engine's modules; the `Database` of this package puts them together. Every write is one statement, so
several bot processes on one database can neither double nor lose anything: the constraints decide.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Self

import asyncpg

from bot.storage import migrator
from bot.storage.migrator import MigrationError

# Any fixed number: the advisory lock that lets one process at a time migrate (all start together).
_MIGRATION_LOCK = 0x7475746F72  # "tutor"
VERSIONS_TABLE = "schema_migrations"

Row = asyncpg.Record


def at(moment: datetime) -> datetime:
    """A time as stored: UTC, to the millisecond as in SQLite, so both engines give back the same."""
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def maybe(moment: datetime | None) -> datetime | None:
    return None if moment is None else at(moment)


class Engine:
    """A pool of connections to one PostgreSQL database. Open with `open`, close with `close`."""

    def __init__(self, pool: asyncpg.Pool[Row]) -> None:
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

    async def _one(self, sql: str, *args: Any) -> Row | None:
        return await self._pool.fetchrow(sql, *args)

    async def _all(self, sql: str, *args: Any) -> list[Row]:
        return await self._pool.fetch(sql, *args)

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
