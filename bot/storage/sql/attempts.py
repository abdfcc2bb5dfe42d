"""Attempts and their answers: every answer one statement, checked against its quiz's window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.storage.records import AnswerRow, AttemptRecord, AttemptState, AttemptWithAnswers, QuizRecord
from bot.storage.sql.dialect import sql
from bot.storage.sql.quizzes import MAY_ANSWER, QUIZ_COLUMNS, QUIZ_WIDTH, quiz_of
from bot.storage.sql.runner import Row, Runner
from bot.storage.sql.values import time_of, time_or_none

# Attempts with no limit of their own; larger than any count a quiz can reach.
_UNLIMITED = 1_000_000

_ATTEMPT_COLUMNS = (
    "a.id, a.guild_id, a.lesson_id, a.user_id, a.quiz_id, a.number, a.seed, a.question_count,"
    " a.version_id, a.started_at, a.finished_at, a.by_teacher"
)
_ATTEMPT_WIDTH = _ATTEMPT_COLUMNS.count(",") + 1

# The attempt `a`, its quiz, whether its student may answer at :now, and its answers as one text
# ("question:option,..."): one row, where a row per answer cost three times as long to read. The
# caller adds the WHERE clause naming the attempt.
STATE_SELECT = (
    f"SELECT {_ATTEMPT_COLUMNS}, {QUIZ_COLUMNS}, {MAY_ANSWER},"
    " (SELECT string_agg(r.question_index || ':' || r.option_index, ',') FROM answers r"
    "  WHERE r.attempt_id = a.id),"
    # Typed answers as `question:length:text`, one after another: a text may hold any character, and
    # its length (in characters on both engines) says where it ends.
    " (SELECT string_agg(r.question_index || ':' || length(r.answer_text) || ':' || r.answer_text, '')"
    "  FROM answers r WHERE r.attempt_id = a.id AND r.answer_text IS NOT NULL)"
)
STATE_FROM = (
    " FROM attempts a JOIN quizzes q ON q.id = a.quiz_id"
    " LEFT JOIN accommodations x ON x.quiz_id = a.quiz_id AND x.user_id = a.user_id"
)
_STATE = sql(f"{STATE_SELECT}{STATE_FROM} WHERE a.id = :attempt")

# Only the attempt's own student, in its own server, with the seed the click was judged by.
CLICK_OWNER = " AND a.guild_id = :guild AND a.user_id = :user AND a.seed = :seed"


def answer_insert(owner: str = "") -> str:
    """The one statement that takes an answer: only the attempt's next position, only while its quiz
    takes answers, one per question (simultaneous identical clicks meet at the answers' keys: one row,
    no error). `owner` adds conditions on the attempt `a`."""
    return (
        "INSERT INTO answers"
        " (attempt_id, position, question_index, option_index, correct, answered_at, answer_text,"
        " credit_milli)"
        " SELECT :attempt::bigint, :position::integer, :question::integer, :option::integer,"
        " :correct::boolean, :now::timestamptz, :text::text, :part::integer"
        " FROM attempts a JOIN quizzes q ON q.id = a.quiz_id"
        " LEFT JOIN accommodations x ON x.quiz_id = a.quiz_id AND x.user_id = a.user_id"
        f" WHERE a.id = :attempt AND a.finished_at IS NULL{owner}"
        " AND (SELECT COUNT(*) FROM answers WHERE attempt_id = :attempt) = :position"
        f" AND {MAY_ANSWER}"
        " ON CONFLICT DO NOTHING RETURNING position"
    )


_ANSWER = sql(answer_insert())
_START = sql(
    "INSERT INTO attempts (guild_id, lesson_id, user_id, number, quiz_id, seed, question_count,"
    " version_id, by_teacher, started_at)"
    " SELECT :guild::bigint, :lesson::text, :user::bigint, (SELECT COALESCE(MAX(number), 0) + 1"
    "   FROM attempts WHERE guild_id = :guild AND lesson_id = :lesson AND user_id = :user),"
    "  :quiz::bigint, :seed::bigint, :count::integer, :version::bigint, :teacher::boolean,"
    "  :now::timestamptz"
    " WHERE (SELECT COUNT(*) FROM attempts WHERE quiz_id = :quiz AND user_id = :user)"
    "  < COALESCE((SELECT max_attempts FROM quizzes WHERE id = :quiz), :unlimited::integer)"
    "    + COALESCE((SELECT extra_attempts FROM accommodations"
    "                WHERE quiz_id = :quiz AND user_id = :user), 0)"
    f" ON CONFLICT DO NOTHING RETURNING {_ATTEMPT_COLUMNS.replace('a.', '')}"
)
_WITH_ANSWERS = (
    f"SELECT {_ATTEMPT_COLUMNS}, r.question_index, r.option_index, r.correct, r.answered_at, r.answer_text,"
    " r.credit_milli"
    " FROM attempts a LEFT JOIN answers r ON r.attempt_id = a.id"
)
_QUIZ_ATTEMPTS = sql(
    f"{_WITH_ANSWERS} WHERE a.quiz_id = :quiz AND (:user::bigint IS NULL OR a.user_id = :user)"
    " ORDER BY a.id, r.position"
)
_STUDENT_ATTEMPTS = sql(
    f"{_WITH_ANSWERS} WHERE a.guild_id = :guild AND a.user_id = :user ORDER BY a.id, r.position"
)
_MAY_START = sql(
    f"SELECT {MAY_ANSWER} FROM quizzes q"
    " LEFT JOIN accommodations x ON x.quiz_id = q.id AND x.user_id = :user WHERE q.id = :quiz"
)


_PING = sql("SELECT 1")
_DATABASE_NOW = sql("SELECT now()")
_OPEN_ATTEMPTS = sql("SELECT COUNT(*) FROM attempts WHERE finished_at IS NULL")


def _attempt(row: Sequence[Any]) -> AttemptRecord:
    (id_, guild, lesson, user, quiz, number, seed, count, version, started, finished, teacher) = row
    return AttemptRecord(
        id=int(id_),
        guild_id=int(guild),
        lesson_id=str(lesson),
        user_id=int(user),
        quiz_id=int(quiz),
        number=int(number),
        seed=int(seed),
        question_count=int(count),
        version_id=None if version is None else int(version),
        started_at=time_of(started),
        finished_at=time_or_none(finished),
        by_teacher=bool(teacher),
    )


def answer_values(
    attempt_id: int,
    position: int,
    question_index: int,
    option_index: int,
    *,
    correct: bool,
    now: datetime,
    text: str | None = None,
    part: int | None = None,
) -> dict[str, Any]:
    """The values answer_insert's statement names; `part` a part mark in thousandths (1-999), if any."""
    return {
        "attempt": attempt_id,
        "position": position,
        "question": question_index,
        "option": option_index,
        "correct": correct,
        "now": now,
        "text": text,
        "part": part,
    }


def state_of(row: Sequence[Any] | None) -> AttemptState | None:
    """The AttemptState in a row that starts with STATE_SELECT's columns; None if there is none."""
    if row is None:
        return None
    row = tuple(row)
    quiz_end = _ATTEMPT_WIDTH + QUIZ_WIDTH
    answered = row[quiz_end + 1]
    pairs = (pair.split(":") for pair in answered.split(",")) if answered else ()
    return AttemptState(
        _attempt(row[:_ATTEMPT_WIDTH]),
        {int(question): int(option) for question, option in pairs},
        quiz_of(row[_ATTEMPT_WIDTH:quiz_end]),
        bool(row[quiz_end]),
        texts_of(row[quiz_end + 2]),
    )


def texts_of(joined: str | None) -> dict[int, str]:
    """The typed answers STATE_SELECT joins as `question:length:text...`, by question index."""
    texts: dict[int, str] = {}
    at = 0
    while joined and at < len(joined):
        question_end = joined.index(":", at)
        length_end = joined.index(":", question_end + 1)
        length = int(joined[question_end + 1 : length_end])
        texts[int(joined[at:question_end])] = joined[length_end + 1 : length_end + 1 + length]
        at = length_end + 1 + length
    return texts


class AttemptStatements(Runner):
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
        Start clicks from any number of processes give one attempt and no error, and with it the attempt
        limit holds too: a new attempt can only begin when no other is running.
        """
        row = await self._write_one(
            _START,
            guild=quiz.guild_id,
            lesson=quiz.lesson_id,
            user=user_id,
            quiz=quiz.id,
            seed=seed,
            count=question_count,
            version=version_id,
            teacher=by_teacher,
            now=now,
            unlimited=_UNLIMITED,
        )
        return None if row is None else _attempt(row)

    async def attempts(self, quiz_id: int, user_id: int | None = None) -> list[AttemptWithAnswers]:
        """A quiz's attempts (one student's, or everyone's) with their answers in the order given."""
        return _with_answers(await self._read_all(_QUIZ_ATTEMPTS, quiz=quiz_id, user=user_id))

    async def student_attempts(self, guild_id: int, user_id: int) -> list[AttemptWithAnswers]:
        """Every attempt the student made in this server, with their answers."""
        return _with_answers(await self._read_all(_STUDENT_ATTEMPTS, guild=guild_id, user=user_id))

    async def attempt_state(self, attempt_id: int, now: datetime) -> AttemptState | None:
        """The attempt, its answers, its quiz, and whether its student may answer now."""
        return state_of(await self._read_one(_STATE, attempt=attempt_id, now=now))

    async def ping(self) -> bool:
        """Whether the database answers (for a host's health check); a fault raises as any call's."""
        return await self._read_one(_PING) is not None

    async def database_now(self) -> datetime:
        """The database's own clock (PostgreSQL's server; SQLite's is this machine's)."""
        row = await self._read_one(_DATABASE_NOW)
        assert row is not None
        return time_of(row[0])

    async def open_attempts(self) -> int:
        """Attempts begun and not finished, in every server (a host's metric)."""
        row = await self._read_one(_OPEN_ATTEMPTS)
        return int(row[0]) if row else 0

    async def may_start(self, quiz_id: int, user_id: int, now: datetime) -> bool:
        """Whether the student may answer this quiz now, by its window and their extra time."""
        row = await self._read_one(_MAY_START, quiz=quiz_id, user=user_id, now=now)
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
        text: str | None = None,
        part: int | None = None,
    ) -> bool:
        """Commit an answer if `position` is the attempt's next one and its quiz takes answers now.

        False (nothing written) if not. The answer that completes the attempt finishes it in the same
        statement (a trigger). `text` is a typed answer, stored as typed; `part` a part mark in thousandths.
        """
        values = answer_values(
            attempt_id, position, question_index, option_index, correct=correct, now=now, text=text, part=part
        )
        return await self._write_one(_ANSWER, **values) is not None


def _with_answers(rows: list[Row]) -> list[AttemptWithAnswers]:
    heads: dict[int, AttemptRecord] = {}
    answers: dict[int, list[AnswerRow]] = {}
    for row in rows:
        record = heads.get(row[0]) or _attempt(row[:_ATTEMPT_WIDTH])
        heads[record.id] = record
        found = answers.setdefault(record.id, [])
        if row[_ATTEMPT_WIDTH] is not None:
            index, option, correct, answered, text, part = row[_ATTEMPT_WIDTH : _ATTEMPT_WIDTH + 6]
            row_part = None if part is None else int(part)
            found.append(AnswerRow(int(index), int(option), bool(correct), time_of(answered), text, row_part))
    return [AttemptWithAnswers(record, tuple(answers[key])) for key, record in heads.items()]
