"""What the shared statements need from an engine: running a statement, and several in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.storage.sql.dialect import Statement

Row = Sequence[Any]
Step = tuple[Statement, Mapping[str, Any]]


class Runner:
    """The engine under the shared statement classes; each engine implements these five.

    Reads and writes are told apart because SQLite serialises its writes through one connection (and
    bounds the wait for it), where PostgreSQL's pool needs no such care.
    """

    async def _read_one(self, statement: Statement, /, **values: Any) -> Row | None:
        raise NotImplementedError

    async def _read_all(self, statement: Statement, /, **values: Any) -> list[Row]:
        raise NotImplementedError

    async def _write_one(self, statement: Statement, /, **values: Any) -> Row | None:
        raise NotImplementedError

    async def _write_all(self, statement: Statement, /, **values: Any) -> list[Row]:
        raise NotImplementedError

    async def _write_together(self, steps: Sequence[Step], *, queue_on: int | None = None) -> list[list[Row]]:
        """Run `steps` in order as one transaction; each step's rows (RETURNING), all or nothing.

        `queue_on` (a number, such as a server id) makes transactions given the same number run one at
        a time, for a rule that spans rows no constraint can hold (a count under a cap). SQLite's writes
        already run one at a time; PostgreSQL takes an advisory lock.
        """
        raise NotImplementedError
