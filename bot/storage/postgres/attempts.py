"""Attempts and their answers (PostgreSQL; mirrors sqlite/attempts.py): every answer one statement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.storage.postgres.engine import Engine, Row, at
from bot.storage.postgres.quizzes import QUIZ_COLUMNS, QUIZ_WIDTH, may_answer, quiz_of
from bot.storage.records import AnswerRow, AttemptRecord, AttemptState, AttemptWithAnswers, QuizRecord

# Attempts with no limit of their own; larger than any count a quiz can reach.
_UNLIMITED = 1_000_000

_ATTEMPT_COLUMNS = (
    "a.id, a.guild_id, a.lesson_id, a.user_id, a.quiz_id, a.number, a.seed, a.question_count,"
    " a.version_id, a.started_at, a.finished_at, a.by_teacher"
)
_ATTEMPT_WIDTH = _ATTEMPT_COLUMNS.count(",") + 1


def _attempt(row: Iterable[Any]) -> AttemptRecord:
    (id_, guild, lesson, user, quiz, number, seed, count, version, started, finished, teacher) = row
    return AttemptRecord(
        id=id_,
        guild_id=guild,
        lesson_id=lesson,
        user_id=user,
        quiz_id=quiz,
        number=number,
        seed=seed,
        question_count=count,
        version_id=version,
        started_at=started,
        finished_at=finished,
        by_teacher=teacher,
    )


def state_sql(now: str, more: str = "") -> str:
    """An attempt `a`, its quiz, whether its student may answer at `now`, and its answers as one array
    of [question, option] pairs, in one row ending with the columns `more`; the caller adds the WHERE
    clause naming the attempt. One row, as on SQLite, where a row per answer repeated everything else."""
    return (
        f"SELECT {_ATTEMPT_COLUMNS}, {QUIZ_COLUMNS}, {may_answer(now)},"
        " ARRAY(SELECT ARRAY[r.question_index, r.option_index] FROM answers r"
        f"  WHERE r.attempt_id = a.id){more}"
        " FROM attempts a JOIN quizzes q ON q.id = a.quiz_id"
        " LEFT JOIN accommodations x ON x.quiz_id = a.quiz_id AND x.user_id = a.user_id"
    )


def answer_insert(owner: str = "") -> str:
    """The one statement that takes an answer ($1 attempt, $2 position, $3 question, $4 option, $5 correct,
    $6 now): only the attempt's next position, only while its quiz takes answers, one per question.
    `owner` adds conditions on the attempt `a`. Simultaneous identical clicks meet at the answers' keys."""
    return (
        "INSERT INTO answers (attempt_id, position, question_index, option_index, correct, answered_at)"
        " SELECT $1::bigint, $2::integer, $3::integer, $4::integer, $5::boolean, $6::timestamptz"
        " FROM attempts a JOIN quizzes q ON q.id = a.quiz_id"
        " LEFT JOIN accommodations x ON x.quiz_id = a.quiz_id AND x.user_id = a.user_id"
        f" WHERE a.id = $1 AND a.finished_at IS NULL{owner}"
        " AND (SELECT COUNT(*) FROM answers WHERE attempt_id = $1) = $2"
        f" AND {may_answer('$6')}"
        " ON CONFLICT DO NOTHING RETURNING position"
    )


def state_of(row: Row | None) -> AttemptState | None:
    """The AttemptState in state_sql's row; None if there is none."""
    if row is None:
        return None
    first = tuple(row)
    quiz_end = _ATTEMPT_WIDTH + QUIZ_WIDTH
    return AttemptState(
        _attempt(first[:_ATTEMPT_WIDTH]),
        dict(first[quiz_end + 1]),  # [question, option] pairs
        quiz_of(first[_ATTEMPT_WIDTH:quiz_end]),
        bool(first[quiz_end]),
    )


class AttemptStatements(Engine):
    # -- attempts ------------------------------------------------------------------------------

    async def start_attempt(
        self,
        quiz: QuizRecord,
        user_id: int,
        *,
        seed: int,
        question_count: int,
        version_id: int | None,
        by_teacher: bool,
        now: datetime,
    ) -> AttemptRecord | None:
        """A new attempt if the student has none unfinished and attempts left; None (nothing written) if not.

        Insert-or-nothing, then nothing else: the unique index on unfinished attempts makes simultaneous
        Start clicks from any number of processes give one attempt and no error, and the limit holds too.
        """
        row = await self._one(
            "INSERT INTO attempts (guild_id, lesson_id, user_id, number, quiz_id, seed, question_count,"
            " version_id, by_teacher, started_at)"
            " SELECT $1::bigint, $2::text, $3::bigint, (SELECT COALESCE(MAX(number), 0) + 1 FROM attempts"
            "   WHERE guild_id = $1 AND lesson_id = $2 AND user_id = $3),"
            "  $4::bigint, $5::bigint, $6::integer, $7::bigint, $8::boolean, $9::timestamptz"
            " WHERE (SELECT COUNT(*) FROM attempts WHERE quiz_id = $4 AND user_id = $3)"
            "  < COALESCE((SELECT max_attempts FROM quizzes WHERE id = $4), $10::integer)"
            "    + COALESCE((SELECT extra_attempts FROM accommodations"
            "                WHERE quiz_id = $4 AND user_id = $3), 0)"
            f" ON CONFLICT DO NOTHING RETURNING {_ATTEMPT_COLUMNS.replace('a.', '')}",
            quiz.guild_id,
            quiz.lesson_id,
            user_id,
            quiz.id,
            seed,
            question_count,
            version_id,
            by_teacher,
            at(now),
            _UNLIMITED,
        )
        return None if row is None else _attempt(row)

    async def attempts(self, quiz_id: int, user_id: int | None = None) -> list[AttemptWithAnswers]:
        """A quiz's attempts (one student's, or everyone's) with their answers in the order given."""
        rows = await self._all(
            f"SELECT {_ATTEMPT_COLUMNS}, r.question_index, r.option_index, r.correct, r.answered_at"
            " FROM attempts a LEFT JOIN answers r ON r.attempt_id = a.id"
            " WHERE a.quiz_id = $1 AND ($2::bigint IS NULL OR a.user_id = $2) ORDER BY a.id, r.position",
            quiz_id,
            user_id,
        )
        return _with_answers(rows)

    async def student_attempts(self, guild_id: int, user_id: int) -> list[AttemptWithAnswers]:
        """Every attempt the student made in this server, with their answers."""
        rows = await self._all(
            f"SELECT {_ATTEMPT_COLUMNS}, r.question_index, r.option_index, r.correct, r.answered_at"
            " FROM attempts a LEFT JOIN answers r ON r.attempt_id = a.id"
            " WHERE a.guild_id = $1 AND a.user_id = $2 ORDER BY a.id, r.position",
            guild_id,
            user_id,
        )
        return _with_answers(rows)

    async def attempt_state(self, attempt_id: int, now: datetime) -> AttemptState | None:
        """The attempt, its answers, its quiz, and whether its student may answer now."""
        return state_of(await self._one(f"{state_sql('$2')} WHERE a.id = $1", attempt_id, at(now)))

    async def may_start(self, quiz_id: int, user_id: int, now: datetime) -> bool:
        """Whether the student may answer this quiz now, by its window and their extra time."""
        row = await self._one(
            f"SELECT {may_answer('$3')} FROM quizzes q"
            " LEFT JOIN accommodations x ON x.quiz_id = q.id AND x.user_id = $2 WHERE q.id = $1",
            quiz_id,
            user_id,
            at(now),
        )
        return bool(row and row[0])

    async def record_answer(
        self,
        attempt_id: int,
        position: int,
        question_index: int,
        option_index: int,
        *,
        correct: bool,
        now: datetime,
    ) -> bool:
        """Commit an answer if `position` is the attempt's next one and its quiz takes answers now.

        False (nothing written) if not. The answer that completes the attempt finishes it in the same
        statement (a trigger). Simultaneous identical clicks meet at the answers' keys: one row, no error.
        """
        row = await self._one(
            answer_insert(),
            attempt_id,
            position,
            question_index,
            option_index,
            correct,
            at(now),
        )
        return row is not None


def _with_answers(rows: list[Row]) -> list[AttemptWithAnswers]:
    heads: dict[int, AttemptRecord] = {}
    answers: dict[int, list[AnswerRow]] = {}
    for row in rows:
        record = heads.get(row[0]) or _attempt(tuple(row)[:_ATTEMPT_WIDTH])
        heads[record.id] = record
        found = answers.setdefault(record.id, [])
        if row[_ATTEMPT_WIDTH] is not None:
            index, option, correct, answered = tuple(row)[_ATTEMPT_WIDTH : _ATTEMPT_WIDTH + 4]
            found.append(AnswerRow(index, option, correct, answered))
    return [AttemptWithAnswers(record, tuple(answers[key])) for key, record in heads.items()]
