"""The one migration runner: numbered SQL files per engine, with the same numbers in each, applied in order.

Each engine reads its version and applies what is due in one transaction of its own; which files are due,
in which order, and the refusal of a database newer than the code are decided here, once for both.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Literal

Dialect = Literal["sqlite", "postgres"]
DIALECTS: tuple[Dialect, ...] = ("sqlite", "postgres")
_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


class MigrationError(Exception):
    """The database is newer than this code, or a migration failed."""


def migrations(dialect: Dialect) -> list[tuple[int, str]]:
    """The bundled migrations of one engine as (version, SQL), in order; versions must run 1, 2, 3, ..."""
    found = []
    for item in resources.files("bot.storage").joinpath("migrations", dialect).iterdir():
        match = _MIGRATION_NAME.fullmatch(item.name)
        if match:
            found.append((int(match[1]), item.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _ in found] != list(range(1, len(found) + 1)):
        raise MigrationError(f"migration numbers must run 1..n, found {[v for v, _ in found]}")
    return found


def due(dialect: Dialect, current: int) -> list[tuple[int, str]]:
    """The migrations a database at version `current` still needs, in order; refuses a newer one."""
    bundled = migrations(dialect)
    if current > len(bundled):
        raise MigrationError(
            f"the database is at version {current} but this bot knows only {len(bundled)}; update the bot"
        )
    return [(v, sql) for v, sql in bundled if v > current]
