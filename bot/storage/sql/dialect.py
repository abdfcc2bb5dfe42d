"""One SQL text per statement, turned into each engine's form once, when its module is imported.

Statements are written in PostgreSQL's spelling with named parameters, `:name`, and a parameter's type,
where an engine needs it, as a cast on the parameter, `:name::timestamptz`. Each dialect folds that text
into its own form once, at import, so a call costs a dictionary look-up and the binding of its values:

| written                      | PostgreSQL (asyncpg)       | SQLite (sqlite3)                          |
| ---------------------------- | -------------------------- | ----------------------------------------- |
| `:name`                      | `$1` (one number per name) | `:name` (bound from a dict)               |
| `:name::bigint`              | `$1::bigint`               | `:name` (SQLite has no need of the cast)  |
| `:name::timestamptz`         | `$1::timestamptz`; the     | `:name`; the value stored as UTC ISO text |
|                              | value kept to the ms       | to the ms (text order is time order)      |
| `= ANY(:ids::bigint[])`      | as written; a list         | `IN (SELECT value FROM json_each(:ids))`  |
| `:name::date`                | `$1::date`                 | `:name`; the day as ISO text (YYYY-MM-DD) |
| `string_agg(x, ',')`         | as written                 | `group_concat(x, ',')` (3.44 names both)  |
| `GREATEST(a, b)`             | as written                 | `max(a, b)`: NULL if any argument is, so  |
|                              |                            | the shared text COALESCEs its arguments   |
| `now()`                      | as written (the server's   | `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`:  |
|                              | clock)                     | the machine's, as text like the others    |

A third engine needs a `Dialect` here, its engine and its migrations; no statement is written again.
Values come back as each driver gives them (times as `datetime` from asyncpg, as text from SQLite):
`bot.storage.sql.values` reads either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

Convert = Callable[[Any], Any]

# A parameter and its optional cast. Not preceded by ':' so that `x::text`, a cast of a column, is no name.
_PARAM = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)(?:::([a-z]+(?:\[\])?))?")
# PostgreSQL's membership in an array parameter, which SQLite spells as a JSON table.
_ANY = re.compile(r"=\s*ANY\(\s*:([a-z_][a-z0-9_]*)::[a-z]+\[\]\s*\)")


def time_text(moment: datetime) -> str:
    """A time as SQLite keeps it: UTC, millisecond ISO-8601 text, the format SQLite's own defaults write."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def to_millisecond(moment: datetime) -> datetime:
    """A time as PostgreSQL keeps it here: UTC, to the millisecond as on SQLite; both give back the same."""
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _or_none(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A statement in one engine's form: its text, and how a call's named values become its arguments."""

    text: str
    names: tuple[str, ...]  # in the order the engine numbers them ($1, $2, ...)
    convert: tuple[tuple[str, Convert], ...]  # the values an engine keeps in another form
    by_name: bool  # the driver takes a mapping (sqlite3), not a sequence (asyncpg)

    def bind(self, values: Mapping[str, Any]) -> Any:
        """The arguments for the driver: a dict by name, or a tuple in number order."""
        if self.by_name:
            if not self.convert:
                return values
            bound = dict(values)
            for name, convert in self.convert:
                bound[name] = convert(bound[name])
            return bound
        if not self.convert:
            return tuple(values[name] for name in self.names)
        converted = {name: convert(values[name]) for name, convert in self.convert}
        return tuple(converted[name] if name in converted else values[name] for name in self.names)


@dataclass(frozen=True)
class Dialect:
    """How one engine spells what the shared text says."""

    name: str
    numbered: bool  # `$1` placeholders rather than `:name`
    keeps_casts: bool
    converters: Mapping[str, Convert]  # by cast, for the values this engine keeps in another form
    rewrites: tuple[tuple[re.Pattern[str], str], ...] = ()

    def compile(self, text: str) -> Compiled:
        for pattern, replacement in self.rewrites:
            text = pattern.sub(replacement, text)
        names: list[str] = []
        convert: dict[str, Convert] = {}

        def placeholder(match: re.Match[str]) -> str:
            name, cast = match[1], match[2]
            if name not in names:
                names.append(name)
            if cast and cast in self.converters:
                convert[name] = _or_none(self.converters[cast])
            mark = f"${names.index(name) + 1}" if self.numbered else f":{name}"
            return f"{mark}::{cast}" if cast and self.keeps_casts else mark

        folded = _PARAM.sub(placeholder, text)
        return Compiled(folded, tuple(names), tuple(convert.items()), by_name=not self.numbered)


def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{word}\(", re.IGNORECASE)


POSTGRES = Dialect("postgres", numbered=True, keeps_casts=True, converters={"timestamptz": to_millisecond})
SQLITE = Dialect(
    "sqlite",
    numbered=False,
    keeps_casts=False,
    converters={
        "timestamptz": time_text,
        "date": date.isoformat,
        "bigint[]": json.dumps,
    },
    rewrites=(
        (_ANY, r"IN (SELECT value FROM json_each(:\1::bigint[]))"),
        (_word("string_agg"), "group_concat("),
        (_word("GREATEST"), "max("),
        (re.compile(r"\bnow\(\)"), "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"),
    ),
)
DIALECTS = (SQLITE, POSTGRES)


class Statement:
    """One SQL statement, written once, with its form for every dialect made now."""

    __slots__ = ("forms", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.forms = {dialect.name: dialect.compile(text) for dialect in DIALECTS}

    def __repr__(self) -> str:
        return f"Statement({self.text!r})"


def sql(text: str) -> Statement:
    """A statement for every engine: `sql("SELECT ... WHERE id = :quiz")`."""
    return Statement(text)
