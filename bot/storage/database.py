"""The SQLite engine: the connection, its migrations, and every SQL statement the bot runs.

Methods are small and named for what they guarantee. Every invariant that two clicks at once could
break is a constraint or a single statement, never a read followed by a write.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from bot.quiz.rules import FeedbackMode, Grading, QuizRules
from bot.storage.records import (
    Accommodation,
    AnswerRow,
    AttemptRecord,
    AttemptState,
    AttemptWithAnswers,
    GuildSettings,
    LessonVersion,
    QuizRecord,
)

_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")
# Attempts with no limit of their own; larger than any count a quiz can reach.
_UNLIMITED = 1_000_000


class MigrationError(Exception):
    """The database file is newer than this code, or a migration failed."""


def migrations() -> list[tuple[int, str]]:
    """The bundled migrations as (version, SQL), in order; versions must run 1, 2, 3, ..."""
    found = []
    for item in resources.files("bot.storage").joinpath("migrations", "sqlite").iterdir():
        match = _MIGRATION_NAME.fullmatch(item.name)
        if match:
            found.append((int(match[1]), item.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _ in found] != list(range(1, len(found) + 1)):
        raise MigrationError(f"migration numbers must run 1..n, found {[v for v, _ in found]}")
    return found


def ts(moment: datetime) -> str:
    """A time as stored: UTC, millisecond ISO-8601 text, the format SQLite's own defaults write."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def dt(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _dt(text: str) -> datetime:
    moment = dt(text)
    assert moment is not None
    return moment


_QUIZ_COLUMNS = (
    "q.id, q.guild_id, q.lesson_id, q.channel_id, q.version_id, q.opened_at, q.closed_at, q.settled_at,"
    " q.opens_at, q.closes_at, q.max_attempts, q.grading, q.feedback"
)
_QUIZ_WIDTH = 13
_ATTEMPT_COLUMNS = (
    "a.id, a.guild_id, a.lesson_id, a.user_id, a.quiz_id, a.number, a.seed, a.question_count,"
    " a.version_id, a.started_at, a.finished_at, a.by_teacher"
)
_ATTEMPT_WIDTH = 12
# Whether the student of attempt `a` may answer its quiz `q` at time ?now (bound as :now), given their
# accommodation `x` (LEFT JOINed): after it opens, before their deadline, and not closed by a teacher.
_MAY_ANSWER = (
    "(q.opens_at IS NULL OR q.opens_at <= :now)"
    " AND (q.closed_at IS NULL OR (q.settled_at IS NULL AND q.closes_at IS NOT NULL"
    "      AND q.closed_at >= q.closes_at"
    "      AND x.until IS NOT NULL AND x.until > :now))"
    " AND (q.closes_at IS NULL OR q.closes_at > :now OR (x.until IS NOT NULL AND x.until > :now))"
)


def _quiz(row: Sequence[Any]) -> QuizRecord:
    (id_, guild, lesson, channel, version, opened, closed, settled, opens, closes, most, grading, mode) = row
    return QuizRecord(
        id=int(id_),
        guild_id=int(guild),
        lesson_id=str(lesson),
        channel_id=int(channel),
        version_id=None if version is None else int(version),
        opened_at=_dt(str(opened)),
        closed_at=dt(closed),
        settled_at=dt(settled),
        rules=QuizRules(
            opens_at=dt(opens),
            closes_at=dt(closes),
            max_attempts=None if most is None else int(most),
            grading=Grading(grading),
            feedback=FeedbackMode(mode),
        ),
    )


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
        started_at=_dt(str(started)),
        finished_at=dt(finished),
        by_teacher=bool(teacher),
    )


class Database:
    """The bot's SQLite file. Open with `Database.open`, close with `close`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        # One connection serves every coroutine; writes that span statements must not interleave.
        self._write = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating the file and its folder) and bring the schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        db = cls(conn)
        try:
            await db._one("PRAGMA journal_mode = WAL")
            # FULL: an answer shown to a student as saved survives a power cut, not only a crash.
            await db._one("PRAGMA synchronous = FULL")
            await db._one("PRAGMA foreign_keys = ON")
            await db._one("PRAGMA busy_timeout = 5000")
            await db._migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        """Close the connection and its worker thread."""
        await self._conn.close()

    async def _one(self, sql: str, params: object = ()) -> aiosqlite.Row | None:
        # Every statement runs to completion in one hop to the worker thread. A cursor left open
        # across an await holds a read; while reads overlap commits, the WAL never resets and grows.
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def _all(self, sql: str, params: object = ()) -> list[aiosqlite.Row]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def _write_one(self, sql: str, params: object = ()) -> aiosqlite.Row | None:
        # The lock keeps this statement out of another coroutine's open transaction on this connection.
        async with self._write:
            return await self._one(sql, params)

    async def _write_all(self, sql: str, params: object = ()) -> list[aiosqlite.Row]:
        async with self._write:
            return await self._all(sql, params)

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

    # -- lesson versions -----------------------------------------------------------------------

    async def lesson_version(self, lesson_id: str, hash_: str, content: str, now: datetime) -> int:
        """The id of this exact content of a lesson, recording it the first time it is seen."""
        row = await self._write_one(
            "INSERT INTO lesson_versions (lesson_id, hash, content, first_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash RETURNING id",
            (lesson_id, hash_, content, ts(now)),
        )
        assert row is not None
        return int(row[0])

    async def version(self, version_id: int) -> LessonVersion | None:
        row = await self._one(
            "SELECT id, lesson_id, hash, content, first_seen FROM lesson_versions WHERE id = ?", (version_id,)
        )
        return None if row is None else LessonVersion(row[0], row[1], row[2], row[3], _dt(row[4]))

    async def latest_version(self, lesson_id: str) -> LessonVersion | None:
        """The most recently recorded content of a lesson, e.g. for a lesson whose file is gone."""
        row = await self._one(
            "SELECT id, lesson_id, hash, content, first_seen FROM lesson_versions"
            " WHERE lesson_id = ? ORDER BY id DESC LIMIT 1",
            (lesson_id,),
        )
        return None if row is None else LessonVersion(row[0], row[1], row[2], row[3], _dt(row[4]))

    async def pin_unversioned(self, lesson_id: str, version_id: int) -> None:
        """Give quizzes and attempts from before versions existed the version they were taken on."""
        async with self._transaction():
            await self._one(
                "UPDATE quizzes SET version_id = ? WHERE lesson_id = ? AND version_id IS NULL",
                (version_id, lesson_id),
            )
            await self._one(
                "UPDATE attempts SET version_id = ? WHERE lesson_id = ? AND version_id IS NULL",
                (version_id, lesson_id),
            )

    # -- settings and people -------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        """The server's settings, defaults included when nothing was ever set."""
        row = await self._one(
            "SELECT timezone, teacher_role_id, student_role_id FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        )
        return GuildSettings(guild_id) if row is None else GuildSettings(guild_id, row[0], row[1], row[2])

    async def set_setting(self, guild_id: int, key: str, value: str | int | None) -> None:
        """Set one of the server's settings (timezone, teacher_role_id, student_role_id)."""
        if key not in {"timezone", "teacher_role_id", "student_role_id"}:
            raise ValueError(f"no setting {key!r}")
        await self._write_one(
            f"INSERT INTO guild_settings (guild_id, {key}) VALUES (?, ?)"
            f" ON CONFLICT (guild_id) DO UPDATE SET {key} = excluded.{key}",
            (guild_id, value),
        )

    async def remember_name(self, guild_id: int, user_id: int, name: str, now: datetime) -> None:
        """The name a person goes by in this server, as of now."""
        await self._write_one(
            "INSERT INTO people (guild_id, user_id, name, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at",
            (guild_id, user_id, name, ts(now)),
        )

    async def names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = await self._all(
            f"SELECT user_id, name FROM people WHERE guild_id = ? AND user_id IN ({marks})", (guild_id, *ids)
        )
        return {row[0]: row[1] for row in rows}

    # -- quizzes -------------------------------------------------------------------------------

    async def open_quiz(
        self,
        guild_id: int,
        lesson_id: str,
        channel_id: int,
        teacher_id: int,
        *,
        version_id: int | None,
        rules: QuizRules,
        now: datetime,
    ) -> tuple[QuizRecord, bool]:
        """The lesson's open quiz in this channel, opening one with `rules` if none is; True if opened now."""
        row = await self._write_one(
            "INSERT INTO quizzes (guild_id, lesson_id, channel_id, opened_by, opened_at, version_id,"
            " opens_at, closes_at, max_attempts, grading, feedback)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            (
                guild_id,
                lesson_id,
                channel_id,
                teacher_id,
                ts(now),
                version_id,
                None if rules.opens_at is None else ts(rules.opens_at),
                None if rules.closes_at is None else ts(rules.closes_at),
                rules.max_attempts,
                rules.grading.value,
                rules.feedback.value,
            ),
        )
        found = await self.open_quizzes(guild_id, channel_id, lesson_id)
        assert found, "an open quiz was just inserted or already there"
        return found[0], row is not None

    async def change_rules(self, quiz_id: int, rules: QuizRules) -> None:
        """Replace the rules of an open quiz (a teacher ran /quiz start again with new options)."""
        await self._write_one(
            "UPDATE quizzes SET opens_at = ?, closes_at = ?, max_attempts = ?, grading = ?, feedback = ?"
            " WHERE id = ? AND closed_at IS NULL",
            (
                None if rules.opens_at is None else ts(rules.opens_at),
                None if rules.closes_at is None else ts(rules.closes_at),
                rules.max_attempts,
                rules.grading.value,
                rules.feedback.value,
                quiz_id,
            ),
        )

    async def quiz(self, quiz_id: int) -> QuizRecord | None:
        """The quiz with this id, open or closed."""
        row = await self._one(f"SELECT {_QUIZ_COLUMNS} FROM quizzes q WHERE q.id = ?", (quiz_id,))
        return _quiz(row) if row else None

    async def open_quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None
    ) -> list[QuizRecord]:
        """The server's open quizzes, optionally only those of one channel and lesson; newest first."""
        rows = await self._all(
            f"SELECT {_QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = ? AND q.closed_at IS NULL"
            " AND (? IS NULL OR q.channel_id = ?) AND (? IS NULL OR q.lesson_id = ?) ORDER BY q.id DESC",
            (guild_id, channel_id, channel_id, lesson_id, lesson_id),
        )
        return [_quiz(row) for row in rows]

    async def quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None, limit: int = 25
    ) -> list[QuizRecord]:
        """The server's quizzes, open and closed, newest first; optionally of one channel and lesson."""
        rows = await self._all(
            f"SELECT {_QUIZ_COLUMNS} FROM quizzes q WHERE q.guild_id = ?"
            " AND (? IS NULL OR q.channel_id = ?) AND (? IS NULL OR q.lesson_id = ?)"
            " ORDER BY q.id DESC LIMIT ?",
            (guild_id, channel_id, channel_id, lesson_id, lesson_id, limit),
        )
        return [_quiz(row) for row in rows]

    async def close_quiz(self, quiz_id: int, now: datetime) -> bool:
        """Close a quiz for everyone, extra time included; False if it was closed for good already."""
        row = await self._write_one(
            "UPDATE quizzes SET closed_at = COALESCE(closed_at, ?), settled_at = ?"
            " WHERE id = ? AND settled_at IS NULL RETURNING id",
            (ts(now), ts(now), quiz_id),
        )
        return row is not None

    async def close_overdue(self, now: datetime) -> list[tuple[int, bool]]:
        """Close every quiz whose deadline has passed, as of its deadline; (id, settled) for each.

        One statement, so that when several processes run it at once each quiz is closed by exactly one.
        A quiz stays unsettled while a student's extra time runs past its deadline.
        """
        rows = await self._write_all(
            "UPDATE quizzes SET closed_at = closes_at, settled_at = CASE WHEN EXISTS ("
            "   SELECT 1 FROM accommodations x WHERE x.quiz_id = quizzes.id AND x.until > :now)"
            "   THEN NULL ELSE closes_at END"
            " WHERE closed_at IS NULL AND closes_at IS NOT NULL AND closes_at <= :now"
            " RETURNING id, settled_at IS NOT NULL",
            {"now": ts(now)},
        )
        return [(int(row[0]), bool(row[1])) for row in rows]

    async def settle_finished_extensions(self, now: datetime) -> list[int]:
        """Settle closed quizzes whose last extra time has run out; their ids."""
        rows = await self._write_all(
            "UPDATE quizzes SET settled_at = :now WHERE closed_at IS NOT NULL AND settled_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM accommodations x WHERE x.quiz_id = quizzes.id AND x.until > :now)"
            " RETURNING id",
            {"now": ts(now)},
        )
        return [int(row[0]) for row in rows]

    async def unsettle(self, quiz_id: int) -> bool:
        """Reopen a deadline-closed quiz's cards for students given extra time after it settled."""
        row = await self._write_one(
            "UPDATE quizzes SET settled_at = NULL WHERE id = ? AND settled_at IS NOT NULL"
            " AND closes_at IS NOT NULL AND closed_at >= closes_at RETURNING id",
            (quiz_id,),
        )
        return row is not None

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next moment a quiz's deadline or a student's extra time ends, if any."""
        row = await self._one(
            "SELECT MIN(t) FROM ("
            " SELECT MIN(closes_at) AS t FROM quizzes WHERE closed_at IS NULL AND closes_at IS NOT NULL"
            " UNION ALL"
            " SELECT MIN(x.until) FROM accommodations x JOIN quizzes q ON q.id = x.quiz_id"
            "  WHERE q.closed_at IS NOT NULL AND q.settled_at IS NULL AND x.until > ?)",
            (ts(now),),
        )
        return dt(row[0]) if row else None

    async def add_quiz_card(self, quiz_id: int, channel_id: int, message_id: int) -> None:
        """Remember a message that shows the quiz's Start button."""
        await self._write_one(
            "INSERT INTO quiz_cards (message_id, quiz_id, channel_id) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (message_id, quiz_id, channel_id),
        )

    async def quiz_cards(self, quiz_id: int) -> list[tuple[int, int]]:
        """The (channel id, message id) of every message that shows the quiz's Start button."""
        rows = await self._all(
            "SELECT channel_id, message_id FROM quiz_cards WHERE quiz_id = ? ORDER BY message_id", (quiz_id,)
        )
        return [(row[0], row[1]) for row in rows]

    async def is_quiz_card(self, quiz_id: int, message_id: int) -> bool:
        row = await self._one(
            "SELECT 1 FROM quiz_cards WHERE quiz_id = ? AND message_id = ?", (quiz_id, message_id)
        )
        return row is not None

    # -- accommodations ------------------------------------------------------------------------

    async def set_accommodation(
        self, quiz_id: int, user_id: int, extra_attempts: int, until: datetime | None, teacher_id: int
    ) -> None:
        await self._write_one(
            "INSERT INTO accommodations (quiz_id, user_id, extra_attempts, until, granted_by)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (quiz_id, user_id) DO UPDATE SET"
            " extra_attempts = excluded.extra_attempts, until = excluded.until,"
            " granted_by = excluded.granted_by",
            (quiz_id, user_id, extra_attempts, None if until is None else ts(until), teacher_id),
        )

    async def remove_accommodation(self, quiz_id: int, user_id: int) -> bool:
        row = await self._write_one(
            "DELETE FROM accommodations WHERE quiz_id = ? AND user_id = ? RETURNING quiz_id",
            (quiz_id, user_id),
        )
        return row is not None

    async def accommodations(self, quiz_id: int) -> dict[int, Accommodation]:
        rows = await self._all(
            "SELECT quiz_id, user_id, extra_attempts, until FROM accommodations WHERE quiz_id = ?", (quiz_id,)
        )
        return {row[1]: Accommodation(row[0], row[1], row[2], dt(row[3])) for row in rows}

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

        The unique index on unfinished attempts makes two Start clicks at once give one attempt, and with
        it the attempt limit holds too: a new attempt can only begin when no other is running.
        """
        row = await self._write_one(
            "INSERT INTO attempts (guild_id, lesson_id, user_id, number, quiz_id, seed, question_count,"
            " version_id, by_teacher, started_at)"
            " SELECT :guild, :lesson, :user, (SELECT COALESCE(MAX(number), 0) + 1 FROM attempts"
            "   WHERE guild_id = :guild AND lesson_id = :lesson AND user_id = :user),"
            "  :quiz, :seed, :count, :version, :teacher, :now"
            " WHERE (SELECT COUNT(*) FROM attempts WHERE quiz_id = :quiz AND user_id = :user)"
            "  < COALESCE((SELECT max_attempts FROM quizzes WHERE id = :quiz), :unlimited)"
            "    + COALESCE((SELECT extra_attempts FROM accommodations"
            "                WHERE quiz_id = :quiz AND user_id = :user), 0)"
            f" ON CONFLICT DO NOTHING RETURNING {_ATTEMPT_COLUMNS.replace('a.', '')}",
            {
                "guild": quiz.guild_id,
                "lesson": quiz.lesson_id,
                "user": user_id,
                "quiz": quiz.id,
                "seed": seed,
                "count": question_count,
                "version": version_id,
                "teacher": int(by_teacher),
                "now": ts(now),
                "unlimited": _UNLIMITED,
            },
        )
        return None if row is None else _attempt(row)

    async def attempts(self, quiz_id: int, user_id: int | None = None) -> list[AttemptWithAnswers]:
        """A quiz's attempts (one student's, or everyone's) with their answers in the order given."""
        rows = await self._all(
            f"SELECT {_ATTEMPT_COLUMNS}, r.question_index, r.option_index, r.correct, r.answered_at"
            " FROM attempts a LEFT JOIN answers r ON r.attempt_id = a.id"
            " WHERE a.quiz_id = ? AND (? IS NULL OR a.user_id = ?) ORDER BY a.id, r.position",
            (quiz_id, user_id, user_id),
        )
        return _with_answers(rows)

    async def student_attempts(self, guild_id: int, user_id: int) -> list[AttemptWithAnswers]:
        """Every attempt the student made in this server, with their answers."""
        rows = await self._all(
            f"SELECT {_ATTEMPT_COLUMNS}, r.question_index, r.option_index, r.correct, r.answered_at"
            " FROM attempts a LEFT JOIN answers r ON r.attempt_id = a.id"
            " WHERE a.guild_id = ? AND a.user_id = ? ORDER BY a.id, r.position",
            (guild_id, user_id),
        )
        return _with_answers(rows)

    async def attempt_state(self, attempt_id: int, now: datetime) -> AttemptState | None:
        """The attempt, its answers, its quiz, and whether its student may answer now."""
        rows = await self._all(
            f"SELECT {_ATTEMPT_COLUMNS}, {_QUIZ_COLUMNS}, {_MAY_ANSWER}, r.question_index, r.option_index"
            " FROM attempts a JOIN quizzes q ON q.id = a.quiz_id"
            " LEFT JOIN accommodations x ON x.quiz_id = a.quiz_id AND x.user_id = a.user_id"
            " LEFT JOIN answers r ON r.attempt_id = a.id WHERE a.id = :attempt",
            {"attempt": attempt_id, "now": ts(now)},
        )
        if not rows:
            return None
        first = rows[0]
        quiz_end = _ATTEMPT_WIDTH + _QUIZ_WIDTH
        answers = {row[quiz_end + 1]: row[quiz_end + 2] for row in rows if row[quiz_end + 1] is not None}
        return AttemptState(
            _attempt(first[:_ATTEMPT_WIDTH]),
            answers,
            _quiz(first[_ATTEMPT_WIDTH:quiz_end]),
            bool(first[quiz_end]),
        )

    async def may_start(self, quiz_id: int, user_id: int, now: datetime) -> bool:
        """Whether the student may answer this quiz now, by its window and their extra time."""
        row = await self._one(
            f"SELECT {_MAY_ANSWER} FROM quizzes q"
            " LEFT JOIN accommodations x ON x.quiz_id = q.id AND x.user_id = :user WHERE q.id = :quiz",
            {"quiz": quiz_id, "user": user_id, "now": ts(now)},
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
        statement (a trigger).
        """
        row = await self._write_one(
            "INSERT INTO answers (attempt_id, position, question_index, option_index, correct, answered_at)"
            " SELECT :attempt, :position, :question, :option, :correct, :now"
            " FROM attempts a JOIN quizzes q ON q.id = a.quiz_id"
            " LEFT JOIN accommodations x ON x.quiz_id = a.quiz_id AND x.user_id = a.user_id"
            " WHERE a.id = :attempt AND a.finished_at IS NULL"
            " AND (SELECT COUNT(*) FROM answers WHERE attempt_id = :attempt) = :position"
            f" AND {_MAY_ANSWER}"
            " ON CONFLICT DO NOTHING RETURNING position",
            {
                "attempt": attempt_id,
                "position": position,
                "question": question_index,
                "option": option_index,
                "correct": int(correct),
                "now": ts(now),
            },
        )
        return row is not None


def _with_answers(rows: list[aiosqlite.Row]) -> list[AttemptWithAnswers]:
    heads: dict[int, AttemptRecord] = {}
    answers: dict[int, list[AnswerRow]] = {}
    for row in rows:
        record = heads.get(row[0]) or _attempt(row[:_ATTEMPT_WIDTH])
        heads[record.id] = record
        found = answers.setdefault(record.id, [])
        if row[_ATTEMPT_WIDTH] is not None:
            index, option, correct, at = row[_ATTEMPT_WIDTH : _ATTEMPT_WIDTH + 4]
            found.append(AnswerRow(index, option, bool(correct), _dt(at)))
    return [AttemptWithAnswers(record, tuple(answers[key])) for key, record in heads.items()]
