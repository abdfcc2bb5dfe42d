"""What only the SQLite engine has: its file, its migrations as the file sees them, and its WAL."""

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.quiz.rules import QuizRules, ShuffleMode
from bot.storage import MigrationError, SQLiteDatabase, migrator
from tests.storage.test_database import (
    CHANNEL,
    GUILD,
    LESSON,
    NOW,
    STUDENT,
    TEACHER,
    answer,
    open_quiz,
    start,
)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[SQLiteDatabase]:
    database = await SQLiteDatabase.open(tmp_path / "data" / "tutor.sqlite3")
    yield database
    await database.close()


async def test_migrations_run_from_empty_and_record_the_version(tmp_path: Path):
    path = tmp_path / "new" / "folder" / "tutor.sqlite3"
    db = await SQLiteDatabase.open(path)
    assert await db.schema_version() == len(migrator.migrations("sqlite"))
    await db.close()
    with sqlite3.connect(path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"quizzes", "attempts", "answers"} <= tables
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_reopening_applies_nothing_twice(tmp_path: Path):
    path = tmp_path / "tutor.sqlite3"
    await (await SQLiteDatabase.open(path)).close()
    db = await SQLiteDatabase.open(path)
    assert await db.schema_version() == len(migrator.migrations("sqlite"))
    await db.close()


async def test_a_database_newer_than_the_code_is_refused(tmp_path: Path):
    path = tmp_path / "tutor.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(MigrationError, match="update the bot"):
        await SQLiteDatabase.open(path)


async def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch):
    path = tmp_path / "tutor.sqlite3"
    await (await SQLiteDatabase.open(path)).close()
    good = migrator.migrations("sqlite")
    broken = [*good, (len(good) + 1, "CREATE TABLE extra (id INTEGER);\nCREATE TABLE broken (;")]
    monkeypatch.setattr(migrator, "migrations", lambda dialect: broken)
    with pytest.raises(MigrationError):
        await SQLiteDatabase.open(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(good)
        assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchone() is None


async def test_an_older_database_is_upgraded_and_keeps_its_data(tmp_path: Path, monkeypatch):
    """Today's rows carry over: each quiz keeps its channel, each attempt its answers, and they go on."""
    path = tmp_path / "tutor.sqlite3"
    first = migrator.migrations("sqlite")[:3]
    monkeypatch.setattr(migrator, "migrations", lambda dialect: first)
    await (await SQLiteDatabase.open(path)).close()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO quizzes (id, guild_id, lesson_id, channel_id, opened_by) VALUES (1, ?, ?, ?, ?)",
            (GUILD, LESSON, CHANNEL, TEACHER),
        )
        raw.execute(
            "INSERT INTO attempts (id, guild_id, lesson_id, user_id, number, quiz_id, seed, question_count)"
            " VALUES (1, ?, ?, ?, 1, 1, 7, 2)",
            (GUILD, LESSON, STUDENT),
        )
        raw.execute(
            "INSERT INTO answers (attempt_id, position, question_index, option_index, correct)"
            " VALUES (1, 0, 1, 0, 1)"
        )
    monkeypatch.undo()

    db = await SQLiteDatabase.open(path)
    assert await db.schema_version() == len(migrator.migrations("sqlite")) > 3
    (quiz,) = await db.open_quizzes(GUILD, CHANNEL)
    # A quiz from before the shuffle choice keeps shuffling questions: its attempts' seeds were played so.
    old_rules = QuizRules(shuffle=ShuffleMode.QUESTIONS)
    assert (quiz.id, quiz.channel_id, quiz.rules) == (1, CHANNEL, old_rules)
    state = await db.attempt_state(1, NOW)
    assert state is not None
    assert (state.record.seed, state.answers, state.may_answer) == (7, {1: 0}, True)
    assert await db.record_answer(1, 1, 0, 2, correct=False, now=NOW)
    finished = await db.attempt_state(1, NOW)
    assert finished.record.finished_at == NOW  # finished by its last answer, at that answer's time
    version = await db.lesson_version(LESSON, "hash", "{}", NOW)
    await db.pin_unversioned(LESSON, version)
    assert (await db.quiz(1)).version_id == version
    assert (await db.attempt_state(1, NOW)).record.version_id == version
    await db.close()


async def test_the_database_itself_refuses_a_second_answer_to_a_question(db: SQLiteDatabase, tmp_path: Path):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz)
    assert await answer(db, attempt.id, 0, 4)
    with sqlite3.connect(tmp_path / "data" / "tutor.sqlite3") as raw:
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO answers (attempt_id, position, question_index, option_index, correct)"
                " VALUES (?, 5, 4, 1, 0)",
                (attempt.id,),
            )
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO answers (attempt_id, position, question_index, option_index, correct)"
                " VALUES (?, 0, 7, 1, 0)",
                (attempt.id,),
            )


async def test_a_restart_keeps_everything(tmp_path: Path):
    path = tmp_path / "tutor.sqlite3"
    db = await SQLiteDatabase.open(path)
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, seed=99)
    await answer(db, attempt.id, 0, 2)
    await db.close()

    db = await SQLiteDatabase.open(path)
    assert not (await db.quiz(quiz.id)).closed
    assert await start(db, quiz) is None
    state = await db.attempt_state(attempt.id, NOW)
    assert (state.record.seed, state.answers) == (99, {2: 0})
    await db.close()


async def test_the_wal_stays_bounded_while_many_students_answer_at_once(db: SQLiteDatabase, tmp_path: Path):
    """A statement left open across an await would block every checkpoint and let the WAL grow."""
    quiz = await open_quiz(db)

    async def student(user: int) -> None:
        attempt = await start(db, quiz, user=user, seed=user, count=15)
        for position in range(15):
            # The reads of one click, as a click makes them, overlapping other students' commits.
            await db.attempt_state(attempt.id, NOW)
            assert await answer(db, attempt.id, position, position)

    await asyncio.gather(*(student(1000 + n) for n in range(100)))
    wal = (tmp_path / "data" / "tutor.sqlite3-wal").stat().st_size
    # SQLite checkpoints every 1,000 pages; a WAL that is reset stays near that size.
    assert wal < 1200 * (4096 + 24), wal
