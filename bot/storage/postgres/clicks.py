"""A click's answer in one trip to PostgreSQL (mirrors sqlite/clicks.py): one statement, insert and state.

The server commits concurrent clicks together by itself, so there is nothing to batch here.
"""

from __future__ import annotations

from datetime import datetime

from bot.storage.postgres.attempts import answer_insert, state_of, state_sql
from bot.storage.postgres.engine import Engine, at
from bot.storage.records import Answered

# The insert as a data-modifying CTE: the SELECT beside it reads the snapshot taken before it, so the
# state returned never includes this answer. Taken only for the attempt's own student, in its own
# server, with the seed the click was judged by.
_CLICK = (
    f"WITH taken AS ({answer_insert(' AND a.guild_id = $7 AND a.user_id = $8 AND a.seed = $9')})"
    f" {state_sql('$6', ', (SELECT COUNT(*) FROM taken)')} WHERE a.id = $1"
)


class ClickStatements(Engine):
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
    ) -> Answered:
        """record_answer's insert for this student's attempt with this seed, and the state before it."""
        answer = (attempt_id, position, question_index, option_index, correct, at(now))
        row = await self._one(_CLICK, *answer, guild_id, user_id, seed)
        return Answered(row is not None and row[-1] > 0, state_of(row))
