"""Each engine's schema as read from its own catalogue, in one logical form the two can be compared in.

Kinds are compared as SQLite stores them: PostgreSQL's bigint, integer and boolean are SQLite INTEGERs, its
text and timestamptz SQLite TEXT. A PostgreSQL boolean counts as a check on its column, which is what SQLite's
CHECK (column IN (0, 1)) is. Times have no default in PostgreSQL on purpose (the bot's clock gives them),
so SQLite's strftime('now') defaults are left out.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bot.storage.postgres.engine import VERSIONS_TABLE

_AS_SQLITE = {
    "bigint": "INTEGER",
    "integer": "INTEGER",
    "smallint": "INTEGER",
    "boolean": "INTEGER",
    "text": "TEXT",
    "timestamp with time zone": "TEXT",
    "date": "TEXT",
    "double precision": "REAL",
}
_ON_DELETE = {"a": "NO ACTION", "c": "CASCADE", "r": "RESTRICT", "n": "SET NULL", "d": "SET DEFAULT"}
Index = tuple[tuple[str, ...], bool, str | None]  # columns, unique, the partial index's condition
ForeignKey = tuple[tuple[str, ...], str, tuple[str, ...], str]  # columns, table, its columns, on delete


@dataclass
class Table:
    columns: dict[str, tuple[str, bool, str | None]] = field(default_factory=dict)  # kind, not null, default
    primary_key: tuple[str, ...] = ()
    indexes: set[Index] = field(default_factory=set)
    foreign_keys: set[ForeignKey] = field(default_factory=set)
    checks: set[frozenset[str]] = field(default_factory=set)  # the columns each check constraint reads
    triggers: set[str] = field(default_factory=set)


def _condition(text: str | None) -> str | None:
    """A partial index's WHERE, with PostgreSQL's added brackets and either's spacing and case gone."""
    if text is None:
        return None
    return " ".join(text.replace("(", " ").replace(")", " ").lower().split())


def _default(text: str | None) -> str | None:
    if text is None or "strftime" in text or "nextval" in text:
        return None
    text = re.sub(r"::[a-z ]+$", "", text)
    return {"false": "0", "true": "1"}.get(text, text)


def _checks(create_sql: str, columns: set[str]) -> set[frozenset[str]]:
    """The columns read by each CHECK (...) in SQLite's CREATE TABLE text."""
    found = set()
    for match in re.finditer(r"\bCHECK\s*\(", create_sql, re.IGNORECASE):
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(create_sql[end], 0)
            end += 1
        words = set(re.findall(r"[a-z_]+", create_sql[match.end() : end].lower()))
        found.add(frozenset(words & columns))
    return found


def sqlite_schema(path: Path) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        for name, create in rows:
            table = tables[name] = Table()
            info = raw.execute(f"PRAGMA table_info({name})").fetchall()
            for _, column, kind, notnull, default, pk in info:
                table.columns[column] = (kind, bool(notnull or pk), _default(default))
            table.primary_key = tuple(c for *_, c in sorted((pk, c) for _, c, _, _, _, pk in info if pk))
            for _, index, unique, origin, partial in raw.execute(f"PRAGMA index_list({name})"):
                if origin == "pk":
                    continue
                cols = tuple(r[2] for r in raw.execute(f"PRAGMA index_info({index})"))
                condition = None
                if partial:
                    (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()
                    condition = re.split(r"\bWHERE\b", sql, flags=re.IGNORECASE)[1]
                table.indexes.add((cols, bool(unique), _condition(condition)))
            keys: dict[int, list[tuple[str, str, str, str]]] = {}
            for key, _, parent, column, to, _, on_delete, _ in raw.execute(
                f"PRAGMA foreign_key_list({name})"
            ):
                keys.setdefault(key, []).append((parent, column, to, on_delete))
            for parts in keys.values():
                cols, to = tuple(p[1] for p in parts), tuple(p[2] for p in parts)
                table.foreign_keys.add((cols, parts[0][0], to, parts[0][3]))
            table.checks = _checks(create, set(table.columns))
        for name, table_name in raw.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
        ):
            tables[table_name].triggers.add(name)
    return tables


async def postgres_schema(url: str) -> dict[str, Table]:
    conn = await asyncpg.connect(url)
    try:
        tables: dict[str, Table] = {}
        columns = await conn.fetch(
            "SELECT table_name, column_name, data_type, is_nullable, column_default"
            " FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1"
            " ORDER BY table_name, ordinal_position",
            VERSIONS_TABLE,
        )
        for table_name, column, kind, nullable, default in columns:
            table = tables.setdefault(table_name, Table())
            table.columns[column] = (_AS_SQLITE[kind], nullable == "NO", _default(default))
            if kind == "boolean":
                table.checks.add(frozenset({column}))
        constraints = await conn.fetch(
            "SELECT c.relname, k.contype::text, k.confdeltype::text, r.relname,"
            " ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i)"
            "       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),"
            " ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i)"
            "       JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)"
            " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
            " JOIN pg_namespace s ON s.oid = c.relnamespace LEFT JOIN pg_class r ON r.oid = k.confrelid"
            " WHERE s.nspname = 'public' AND c.relname <> $1",
            VERSIONS_TABLE,
        )
        for table_name, kind, on_delete, parent, cols, to in constraints:
            table = tables[table_name]
            if kind == "p":
                table.primary_key = tuple(cols)
            elif kind == "f":
                table.foreign_keys.add((tuple(cols), parent, tuple(to), _ON_DELETE[on_delete]))
            elif kind == "c":
                table.checks.add(frozenset(cols))
        indexes = await conn.fetch(
            "SELECT c.relname, i.indisunique, pg_get_expr(i.indpred, i.indrelid),"
            " ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS u(n, o)"
            "       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o)"
            " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
            " JOIN pg_namespace s ON s.oid = c.relnamespace"
            " WHERE s.nspname = 'public' AND NOT i.indisprimary AND c.relname <> $1",
            VERSIONS_TABLE,
        )
        for table_name, unique, condition, cols in indexes:
            tables[table_name].indexes.add((tuple(cols), unique, _condition(condition)))
        triggers = await conn.fetch(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public' AND NOT t.tgisinternal"
        )
        for name, table_name in triggers:
            tables[table_name].triggers.add(name)
        return tables
    finally:
        await conn.close()


async def postgres_column_kinds(url: str) -> dict[tuple[str, str], str]:
    """Every column's own PostgreSQL type, by (table, column)."""
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        )
        return {(r[0], r[1]): r[2] for r in rows}
    finally:
        await conn.close()
