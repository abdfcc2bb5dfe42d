"""`python -m bot migrate-db`: copy the SQLite file into an empty PostgreSQL database, all or nothing.

The SQLite file itself is never changed: a snapshot of it (SQLite's online backup, consistent even while
a bot writes to the file) goes to a temporary folder, and that copy is what is brought to this code's
schema and read. The target is brought there by its own migrations, so the tables match; the copy then
runs in one PostgreSQL transaction, row counts are checked before it commits, and identity sequences are
moved past the copied ids so that new rows carry on from them. Every refusal is one HostError line.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from bot.errors import HostError
from bot.storage import sqlite
from bot.storage.engines import open_postgres, shown_url
from bot.storage.migrator import MigrationError
from bot.storage.postgres.engine import VERSIONS_TABLE
from bot.storage.sql.values import day_or_none, time_or_none

_BATCH = 5000


@dataclass(frozen=True, slots=True)
class Copied:
    """What a copy did: rows per table, in the order copied, and the schema version of both ends."""

    source: Path
    target: str
    version: int
    rows: tuple[tuple[str, int], ...]
    source_version: int = 0  # the file's own schema version, which the copy leaves as it was

    def lines(self) -> list[str]:
        total = sum(n for _, n in self.rows)
        older = (
            f" (the file is at schema version {self.source_version}; a temporary copy of it was brought"
            f" to {self.version} and read)"
            if self.source_version < self.version
            else ""
        )
        return [
            *(f"  {table}: {count} row(s)" for table, count in self.rows),
            f"copied {total} row(s) in {len(self.rows)} tables from {self.source} into {self.target}"
            f" (schema version {self.version}); the row counts match.",
            "Set DATABASE_URL to that address to run the bot on it;"
            f" the SQLite file was left as it was{older}.",
        ]


async def copy_to_postgres(source: Path, url: str) -> Copied:
    """Copy every row of the SQLite file `source` (which must exist) into the empty PostgreSQL database."""
    shown = shown_url(url)
    await _refuse_rows(url, shown)
    with tempfile.TemporaryDirectory(prefix="migrate-db-") as folder:
        snapshot = Path(folder) / "snapshot.sqlite3"
        source_version = _snapshot(source, snapshot)
        version = await _migrated(snapshot, source)
        try:
            target = await open_postgres(url)
        except MigrationError as exc:
            raise HostError(f"{shown}: {exc}") from None
        reached = await target.schema_version()
        await target.close()
        if reached != version:
            raise HostError(
                f"{shown} is at schema version {reached} but the file at {version}; update the bot"
            )

        conn = await asyncpg.connect(url)
        try:
            async with aiosqlite.connect(snapshot) as reader, conn.transaction():
                rows = await _copy_all(reader, conn, shown)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, sqlite3.Error) as exc:
            raise HostError(f"the copy into {shown} failed ({exc}); nothing was copied") from None
        finally:
            await conn.close()
    return Copied(source, shown, version, rows, source_version)


def _snapshot(source: Path, snapshot: Path) -> int:
    """Copy the file to `snapshot` as one consistent read, touching nothing of it; its schema version."""
    try:
        with (
            closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as reader,
            closing(sqlite3.connect(snapshot)) as copy,
        ):
            reader.backup(copy)
            return int(copy.execute("PRAGMA user_version").fetchone()[0])
    except (OSError, sqlite3.Error) as exc:
        raise HostError(f"cannot read {source} as a SQLite database ({exc})") from None


async def _migrated(snapshot: Path, source: Path) -> int:
    """Bring the snapshot to this code's schema; the version it reached."""
    try:
        lite = await sqlite.SQLiteDatabase.open(snapshot)
    except MigrationError as exc:
        raise HostError(f"{source}: {exc}") from None
    try:
        return await lite.schema_version()
    finally:
        await lite.close()


async def _refuse_rows(url: str, shown: str) -> None:
    """Refuse a database any of whose tables holds a row: the copy would mix two histories."""
    try:
        conn = await asyncpg.connect(url)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise HostError(f"cannot open the database at {shown} ({exc})") from None
    try:
        for table in await _tables(conn):
            if table != VERSIONS_TABLE and await conn.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{table}")'):
                raise HostError(
                    f"{shown} is not empty (table {table} has rows);"
                    " migrate-db copies only into an empty database"
                )
    finally:
        await conn.close()


async def _tables(conn: asyncpg.Connection[Any]) -> list[str]:
    """The public tables, each after the tables its foreign keys point to."""
    names = [r[0] for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    parents: dict[str, set[str]] = {name: set() for name in names}
    for child, parent in await conn.fetch(
        "SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
        " JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace s ON s.oid = c.relnamespace"
        " WHERE k.contype = 'f' AND s.nspname = 'public'"
    ):
        if child != parent:
            parents[child].add(parent)
    ordered: list[str] = []
    while parents:
        ready = sorted(name for name, needs in parents.items() if not needs - set(ordered))
        ordered.extend(ready)
        for name in ready:
            del parents[name]
    return ordered


async def _copy_all(
    reader: aiosqlite.Connection, conn: asyncpg.Connection[Any], shown: str
) -> tuple[tuple[str, int], ...]:
    tables = [t for t in await _tables(conn) if t != VERSIONS_TABLE]
    await conn.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
    copied = []
    for table in tables:
        if await conn.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{table}")'):
            raise HostError(f"{shown} got rows in {table} while the copy began; nothing was copied")
        columns = await conn.fetch(
            "SELECT column_name, data_type, is_identity = 'YES' FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            table,
        )
        names = [c[0] for c in columns]
        expected = (await (await reader.execute(f'SELECT count(*) FROM "{table}"')).fetchone() or (0,))[0]
        # The copy is the history as it was: the trigger that finishes attempts must not act on it again.
        await conn.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        await conn.copy_records_to_table(
            table, records=_rows(reader, table, names, [_convert(c[1]) for c in columns]), columns=names
        )
        await conn.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        count = await conn.fetchval(f'SELECT count(*) FROM "{table}"')
        if count != expected:
            raise HostError(f"{table}: {expected} row(s) in the file but {count} copied; nothing was copied")
        for name in (c[0] for c in columns if c[2]):
            await conn.execute(
                f'SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(max("{name}"), 0) + 1, false)'
                f' FROM "{table}"',
                table,
                name,
            )
        copied.append((table, int(count)))
    return tuple(copied)


def _convert(kind: str) -> Callable[[Any], Any]:
    """How a value SQLite keeps becomes the value a PostgreSQL column of this kind takes."""
    if kind == "timestamp with time zone":
        return time_or_none
    if kind == "boolean":
        return lambda value: None if value is None else bool(value)
    if kind == "date":
        return day_or_none
    return lambda value: value


async def _rows(
    reader: aiosqlite.Connection, table: str, names: list[str], convert: list[Callable[[Any], Any]]
) -> AsyncIterator[tuple[Any, ...]]:
    quoted = ", ".join(f'"{n}"' for n in names)
    async with reader.execute(f'SELECT {quoted} FROM "{table}"') as cursor:
        while batch := await cursor.fetchmany(_BATCH):
            for row in batch:
                yield tuple(change(value) for change, value in zip(convert, row, strict=True))
