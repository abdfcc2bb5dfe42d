"""The PostgreSQL engine: a pool of connections, opening, migrations, and running the shared statements.

The statements themselves are written once for both engines, in bot/storage/sql/. Several bot processes
on one database can neither double nor lose anything: the constraints decide.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Self, TypeVar, cast

import asyncpg

from bot.config import PoolOptions
from bot.metrics import DATABASE_FAULTS, DATABASE_WAIT_SECONDS
from bot.storage import migrator
from bot.storage.migrator import MigrationError
from bot.storage.postgres.faults import fault_from_postgres
from bot.storage.sql.dialect import POSTGRES, Statement
from bot.storage.sql.runner import Row, Runner, Step

# Any fixed number: the advisory lock that lets one process at a time migrate (all start together).
_MIGRATION_LOCK = 0x7475746F72  # "tutor"
VERSIONS_TABLE = "schema_migrations"
T = TypeVar("T")


def _retrieved(task: asyncio.Future[Any]) -> None:
    """An abandoned statement's outcome, taken so that asyncio does not log it: the caller was already
    told the database was busy."""
    if not task.cancelled():
        task.exception()


# asyncpg's Record is indexed and sliced as a sequence is, though its type does not say so: cast once here.
class Engine(Runner):
    """A pool of connections to one PostgreSQL database. Open with `open`, close with `close`."""

    def __init__(self, pool: asyncpg.Pool[asyncpg.Record], options: PoolOptions) -> None:
        self._pool = pool
        self._timeout = options.timeout

    @classmethod
    async def open(cls, url: str, options: PoolOptions | None = None) -> Self:
        """Connect and bring the schema up to date (one process at a time, whoever starts first)."""
        options = options or PoolOptions()
        pool = await asyncpg.create_pool(
            url,
            min_size=1,
            max_size=options.size,
            statement_cache_size=100 if options.statement_cache else 0,
            # A statement the server itself gives up on, as a backstop to the wait below: a hung
            # statement must not hold its connection (and its locks) after the click was answered.
            server_settings={"statement_timeout": str(int(options.timeout * 4 * 1000))},
        )
        db = cls(pool, options)
        try:
            await db._migrate()
        except BaseException:
            await pool.close()
            raise
        return db

    async def close(self) -> None:
        """Close every connection of the pool."""
        await self._pool.close()

    async def _bounded(self, work: Callable[[], Awaitable[T]], wait: float) -> T:
        """`work` within `wait` seconds (a connection from the pool, then the server's answer); a server
        that is down, hung or refusing is a StorageBusyError, and the pool reconnects on the next call.

        The work runs as a task of its own that is left to finish, not awaited while it is cancelled:
        asyncpg hands a cancelled statement's connection back to the pool only once the server has
        confirmed the cancel, which a hung server never does, and a caller waiting for that would miss
        Discord's deadline all the same.
        """
        task = asyncio.ensure_future(work())
        began = time.perf_counter()
        try:
            done, _ = await asyncio.wait((task,), timeout=wait)
        except asyncio.CancelledError:
            task.cancel()
            raise
        DATABASE_WAIT_SECONDS.observe(time.perf_counter() - began)
        if not done:
            task.cancel()
            task.add_done_callback(_retrieved)
            exc: BaseException = TimeoutError()
        else:
            failure = task.exception()
            if failure is None:
                return task.result()
            exc = failure
        fault = fault_from_postgres(exc, wait)
        if fault is None:
            raise exc
        DATABASE_FAULTS.labels(fault.code).inc()
        raise fault from exc

    async def _read_one(self, statement: Statement, /, **values: Any) -> Row | None:
        form = statement.forms[POSTGRES.name]
        row = await self._bounded(lambda: self._pool.fetchrow(form.text, *form.bind(values)), self._timeout)
        return cast(Row | None, row)

    async def _read_all(self, statement: Statement, /, **values: Any) -> list[Row]:
        form = statement.forms[POSTGRES.name]
        rows = await self._bounded(lambda: self._pool.fetch(form.text, *form.bind(values)), self._timeout)
        return cast(list[Row], rows)

    # The server takes concurrent writes by itself; nothing to queue here.
    _write_one = _read_one
    _write_all = _read_all

    async def _write_together(self, steps: Sequence[Step], *, queue_on: int | None = None) -> list[list[Row]]:
        # Several statements (a sweep of every server, say) may take longer than one click's wait.
        return await self._bounded(lambda: self._together(steps, queue_on), self._timeout * 4)

    async def _together(self, steps: Sequence[Step], queue_on: int | None) -> list[list[Row]]:
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
