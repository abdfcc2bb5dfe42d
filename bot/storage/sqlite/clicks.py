"""A click's answer in one trip to SQLite, and the answers of clicks arriving together in one commit.

Each click's state read and guarded insert run together on the connection's thread; clicks that
arrive while a commit is under way wait for the next one, which takes them all in one transaction
(group commit): one fsync for many answers, where each would have waited for its own. Every caller
still returns only once its own answer is durable (synchronous=FULL), or with the batch's fault.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

import aiosqlite

from bot.storage.records import Answered
from bot.storage.sql.attempts import (
    CLICK_OWNER,
    STATE_FROM,
    STATE_SELECT,
    answer_insert,
    answer_values,
    state_of,
)
from bot.storage.sql.dialect import SQLITE, sql
from bot.storage.sqlite.engine import Engine
from bot.storage.sqlite.together import CommitTogether

# The shared statements in SQLite's form: the click path runs them on the connection's own thread.
_STATE = sql(f"{STATE_SELECT}{STATE_FROM} WHERE a.id = :attempt").forms[SQLITE.name]
_CLICK_INSERT = sql(answer_insert(CLICK_OWNER)).forms[SQLITE.name]
_Result = tuple[Any, bool]  # _STATE's row (None if no such attempt), and whether the answer was taken


def _commit_together(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> list[_Result]:
    """On the connection's thread, in one transaction: each click's state, then its insert."""
    results = []
    for params in items:
        state = conn.execute(_STATE.text, params).fetchone()
        inserted = conn.execute(_CLICK_INSERT.text, params).fetchone() is not None
        results.append((state, inserted))
    return results


class ClickStatements(Engine):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn)
        self._clicks: CommitTogether[dict[str, Any], _Result] = CommitTogether(
            self._in_transaction, _commit_together
        )

    async def answer_and_state(
        self,
        attempt_id: int,
        position: int,
        question_index: int,
        option_index: int,
        *,
        guild_id: int,
        user_id: int,
        seed: int,
        correct: bool,
        now: datetime,
        text: str | None = None,
        part: int | None = None,
    ) -> Answered:
        """record_answer's insert for this student's attempt with this seed, and the state before it."""
        values = answer_values(
            attempt_id, position, question_index, option_index, correct=correct, now=now, text=text, part=part
        )
        # Both statements name the same values, and only `now` is stored in another form: bound once.
        state, inserted = await self._clicks.submit(
            _CLICK_INSERT.bind({**values, "guild": guild_id, "user": user_id, "seed": seed})
        )
        return Answered(inserted, state_of(state))

    async def close(self) -> None:
        await self._clicks.close()
        await super().close()
