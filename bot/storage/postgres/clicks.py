"""A click's answer in one trip to PostgreSQL: one statement, insert and state.

The server commits concurrent clicks together by itself, so there is nothing to batch here (SQLite's
engine batches them: bot/storage/sqlite/clicks.py).
"""

from __future__ import annotations

from datetime import datetime

from bot.storage.records import Answered
from bot.storage.sql.attempts import (
    CLICK_OWNER,
    STATE_FROM,
    STATE_SELECT,
    answer_insert,
    answer_values,
    state_of,
)
from bot.storage.sql.dialect import sql
from bot.storage.sql.runner import Runner

# The insert as a data-modifying CTE, which SQLite has not: the SELECT beside it reads the snapshot
# taken before it, so the state returned never includes this answer. Taken only for the attempt's own
# student, in its own server, with the seed the click was judged by.
_CLICK = sql(
    f"WITH taken AS ({answer_insert(CLICK_OWNER)})"
    f" {STATE_SELECT}, (SELECT COUNT(*) FROM taken){STATE_FROM} WHERE a.id = :attempt"
)


class ClickStatements(Runner):
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
        row = await self._write_one(_CLICK, **values, guild=guild_id, user=user_id, seed=seed)
        return Answered(row is not None and row[-1] > 0, state_of(row))
