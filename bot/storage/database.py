"""Every SQL statement the bot runs. Methods are small, named for what they guarantee."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import aiosqlite

from bot.quiz.report import AttemptRow
from bot.storage.faults import BUSY_WAIT, BoundedLock, check_openable, fault_from, refuse_damage

_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


class MigrationError(Exception):
    """The database file is newer than this code, or a migration failed."""


@dataclass(frozen=True, slots=True)
class QuizRecord:
    id: int
    guild_id: int
    lesson_id: str
    channel_id: int
    closed: bool


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: int
    guild_id: int
    lesson_id: str
    user_id: int
    number: int
    seed: int
    question_count: int
    finished: bool


class AttemptState(NamedTuple):
    record: AttemptRecord
    answers: dict[int, int]  # question index -> chosen option index
    quiz_open: bool


def migrations() -> list[tuple[int, str]]:
    """The bundled migrations as (version, SQL), in order; versions must run 1, 2, 3, ..."""
    found = []
    for item in resources.files("bot.storage").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.fullmatch(item.name)
        if match:
            found.append((int(match[1]), item.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _ in found] != list(range(1, len(found) + 1)):
        raise MigrationError(f"migration numbers must run 1..n, found {[v for v, _ in found]}")
    return found


_ATTEMPT_COLUMNS = "id, guild_id, lesson_id, user_id, number, seed, question_count, finished_at"
_QUIZ_COLUMNS = "id, guild_id, lesson_id, channel_id, closed_at"


def _attempt(row: aiosqlite.Row) -> AttemptRecord:
    return AttemptRecord(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7] is not None)


def _quiz(row: aiosqlite.Row) -> QuizRecord:
    return QuizRecord(row[0], row[1], row[2], row[3], row[4] is not None)


class Database:
    """The bot's SQLite file. Open with `Database.open`, close with `close`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        # One connection serves every coroutine; writes that span statements must not interleave.
        self._write = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating the file and its folder) and bring the schema up to date.

        Raises StorageError, saying what is wrong and what to do, if the file cannot be used.
        """
        check_openable(path)
        conn = await aiosqlite.connect(path, isolation_level=None)
        db = cls(conn)
        # Clicks queue here for the one connection; a long queue is refused, never left to time out.
        db._write = BoundedLock(BUSY_WAIT)
        try:
            # First, so that every statement after it waits for another program's lock, briefly.
            await db._one(f"PRAGMA busy_timeout = {int(BUSY_WAIT * 1000)}")
            await db._one("PRAGMA journal_mode = WAL")
            # FULL: an answer shown to a student as saved survives a power cut, not only a crash.
            await db._one("PRAGMA synchronous = FULL")
            await db._one("PRAGMA foreign_keys = ON")
            # A damaged file is found now, with a line saying so, not by a student mid-quiz.
            refuse_damage([row[0] for row in await db._all("PRAGMA quick_check(1)")])
            await db._migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        """Close the connection and its worker thread."""
        await self._conn.close()

    async def _one(self, sql: str, params: tuple[object, ...] = ()) -> aiosqlite.Row | None:
        # Every statement runs to completion in one hop to the worker thread. A cursor left open
        # across an await holds a read; while reads overlap commits, the WAL never resets and grows.
        return next(iter(await self._all(sql, params)), None)

    async def _all(self, sql: str, params: tuple[object, ...] = ()) -> list[aiosqlite.Row]:
        try:
            return list(await self._conn.execute_fetchall(sql, params))
        except sqlite3.Error as exc:
            fault = fault_from(exc)
            if fault is None:
                raise
            raise fault from exc

    async def schema_version(self) -> int:
        """The migration number the file is at (PRAGMA user_version)."""
        row = await self._one("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        bundled = migrations()
        if current > len(bundled):
            raise MigrationError(
                f"the database is at version {current} but this bot knows only {len(bundled)}; update the bot"
            )
        pending = [(v, sql) for v, sql in bundled if v > current]
        if not pending:
            return
        # One script, one transaction: a failed migration leaves the file exactly as it was.
        script = "BEGIN IMMEDIATE;\n"
        script += "\n".join(sql for _, sql in pending)
        script += f"\nPRAGMA user_version = {pending[-1][0]};\nCOMMIT;\n"
        try:
            await self._conn.executescript(script)
        except aiosqlite.Error as exc:
            if self._conn.in_transaction:
                await self._conn.rollback()
            raise MigrationError(f"migration failed: {exc}") from exc

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        async with self._write:
            await self._one("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()

    # -- quizzes -------------------------------------------------------------------------------

    async def open_quiz(
        self, guild_id: int, lesson_id: str, channel_id: int, teacher_id: int
    ) -> tuple[QuizRecord, bool]:
        """The lesson's open quiz in this guild, opening one if none is; True if opened now."""
        async with self._transaction():
            row = await self._one(
                f"SELECT {_QUIZ_COLUMNS} FROM quizzes"
                " WHERE guild_id = ? AND lesson_id = ? AND closed_at IS NULL",
                (guild_id, lesson_id),
            )
            if row is not None:
                return _quiz(row), False
            row = await self._one(
                "INSERT INTO quizzes (guild_id, lesson_id, channel_id, opened_by)"
                f" VALUES (?, ?, ?, ?) RETURNING {_QUIZ_COLUMNS}",
                (guild_id, lesson_id, channel_id, teacher_id),
            )
        assert row is not None
        return _quiz(row), True

    async def close_quiz(self, guild_id: int, lesson_id: str) -> int | None:
        """Close the lesson's open quiz in this guild and return its id; None if none was open."""
        async with self._write:
            row = await self._one(
                "UPDATE quizzes SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                " WHERE guild_id = ? AND lesson_id = ? AND closed_at IS NULL RETURNING id",
                (guild_id, lesson_id),
            )
        return int(row[0]) if row else None

    async def add_quiz_card(self, quiz_id: int, channel_id: int, message_id: int) -> None:
        """Remember a message that shows the quiz's Start button."""
        async with self._write:
            await self._one(
                "INSERT OR IGNORE INTO quiz_cards (message_id, quiz_id, channel_id) VALUES (?, ?, ?)",
                (message_id, quiz_id, channel_id),
            )

    async def quiz_cards(self, quiz_id: int) -> list[tuple[int, int]]:
        """The (channel id, message id) of every message that shows the quiz's Start button."""
        rows = await self._all(
            "SELECT channel_id, message_id FROM quiz_cards WHERE quiz_id = ? ORDER BY message_id",
            (quiz_id,),
        )
        return [(row[0], row[1]) for row in rows]

    async def quiz(self, quiz_id: int) -> QuizRecord | None:
        """The quiz with this id, open or closed."""
        row = await self._one(f"SELECT {_QUIZ_COLUMNS} FROM quizzes WHERE id = ?", (quiz_id,))
        return _quiz(row) if row else None

    async def current_or_new_attempt(
        self, quiz: QuizRecord, user_id: int, seed: int, question_count: int
    ) -> tuple[AttemptRecord, bool]:
        """The student's unfinished attempt at the quiz's lesson, or a new one; True if new."""
        student = (quiz.guild_id, quiz.lesson_id, user_id)
        async with self._transaction():
            row = await self._one(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts"
                " WHERE guild_id = ? AND lesson_id = ? AND user_id = ? AND finished_at IS NULL",
                student,
            )
            if row is not None:
                return _attempt(row), False
            row = await self._one(
                "INSERT INTO attempts"
                " (guild_id, lesson_id, user_id, number, quiz_id, seed, question_count)"
                " VALUES (?, ?, ?, (SELECT COALESCE(MAX(number), 0) + 1 FROM attempts"
                "   WHERE guild_id = ? AND lesson_id = ? AND user_id = ?), ?, ?, ?)"
                f" RETURNING {_ATTEMPT_COLUMNS}",
                (*student, *student, quiz.id, seed, question_count),
            )
        assert row is not None
        return _attempt(row), True

    async def attempt_state(self, attempt_id: int) -> AttemptState | None:
        """The attempt, its answers (question index -> option index), and whether its quiz is open."""
        rows = await self._all(
            f"SELECT {', '.join('a.' + c for c in _ATTEMPT_COLUMNS.split(', '))},"
            " EXISTS (SELECT 1 FROM quizzes q WHERE q.guild_id = a.guild_id"
            "   AND q.lesson_id = a.lesson_id AND q.closed_at IS NULL),"
            " r.question_index, r.option_index"
            " FROM attempts a LEFT JOIN answers r ON r.attempt_id = a.id WHERE a.id = ?",
            (attempt_id,),
        )
        if not rows:
            return None
        answers = {row[9]: row[10] for row in rows if row[9] is not None}
        return AttemptState(_attempt(rows[0]), answers, bool(rows[0][8]))

    async def answers(self, attempt_id: int) -> dict[int, int]:
        """The attempt's answers so far: question index -> chosen option index."""
        rows = await self._all(
            "SELECT question_index, option_index FROM answers WHERE attempt_id = ?", (attempt_id,)
        )
        return {row[0]: row[1] for row in rows}

    async def record_answer(
        self, attempt_id: int, position: int, question_index: int, option_index: int, correct: bool
    ) -> bool:
        """Commit an answer if `position` is the attempt's next one; False (nothing written) if not.

        The answer that completes the attempt finishes it in the same statement (a trigger).
        """
        # The lock keeps this statement out of another coroutine's open transaction on this connection.
        async with self._write:
            row = await self._one(
                "INSERT OR IGNORE INTO answers"
                " (attempt_id, position, question_index, option_index, correct)"
                " SELECT ?, ?, ?, ?, ? FROM attempts WHERE id = ? AND finished_at IS NULL"
                " AND (SELECT COUNT(*) FROM answers WHERE attempt_id = ?) = ?"
                " RETURNING position",
                (
                    attempt_id,
                    position,
                    question_index,
                    option_index,
                    int(correct),
                    attempt_id,
                    attempt_id,
                    position,
                ),
            )
        return row is not None

    # -- what teachers and students are shown --------------------------------------------------

    async def _attempt_rows(self, where: str, params: tuple[object, ...]) -> list[AttemptRow]:
        heads: dict[int, tuple[int, str, int, int, bool]] = {}
        results: dict[int, list[tuple[int, bool]]] = {}
        rows = await self._all(
            "SELECT a.id, a.user_id, a.lesson_id, a.number, a.question_count,"
            " a.finished_at IS NOT NULL, r.question_index, r.correct"
            " FROM attempts a LEFT JOIN answers r ON r.attempt_id = a.id"
            f" WHERE {where} ORDER BY a.id, r.position",
            params,
        )
        for row in rows:
            heads[row[0]] = (row[1], row[2], row[3], row[4], bool(row[5]))
            found = results.setdefault(row[0], [])
            if row[6] is not None:
                found.append((row[6], bool(row[7])))
        return [AttemptRow(*head, results[key]) for key, head in heads.items()]

    async def lesson_attempts(self, guild_id: int, lesson_id: str) -> list[AttemptRow]:
        """Every attempt at the lesson in this guild, with which questions were right."""
        return await self._attempt_rows("a.guild_id = ? AND a.lesson_id = ?", (guild_id, lesson_id))

    async def student_attempts(self, guild_id: int, user_id: int) -> list[AttemptRow]:
        """Every attempt the student made in this guild, with which questions were right."""
        return await self._attempt_rows("a.guild_id = ? AND a.user_id = ?", (guild_id, user_id))
