"""Storage on a real SQLite file in a temp dir."""

import sqlite3
from pathlib import Path

import pytest

from bot.storage import Database, MigrationError
from bot.storage import database as database_module

GUILD, OTHER_GUILD, LESSON, CHANNEL, TEACHER, STUDENT = 10, 11, "fine-tuning", 20, 30, 40


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "data" / "tutor.sqlite3")
    yield database
    await database.close()


async def test_migrations_run_from_empty_and_record_the_version(tmp_path: Path):
    path = tmp_path / "new" / "folder" / "tutor.sqlite3"
    db = await Database.open(path)
    assert await db.schema_version() == len(database_module.migrations())
    await db.close()
    with sqlite3.connect(path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"quizzes", "attempts", "answers"} <= tables
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_reopening_applies_nothing_twice(tmp_path: Path):
    path = tmp_path / "tutor.sqlite3"
    await (await Database.open(path)).close()
    db = await Database.open(path)
    assert await db.schema_version() == len(database_module.migrations())
    await db.close()


async def test_a_database_newer_than_the_code_is_refused(tmp_path: Path):
    path = tmp_path / "tutor.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(MigrationError, match="update the bot"):
        await Database.open(path)


async def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch):
    path = tmp_path / "tutor.sqlite3"
    await (await Database.open(path)).close()
    good = database_module.migrations()
    broken = [*good, (len(good) + 1, "CREATE TABLE extra (id INTEGER);\nCREATE TABLE broken (;")]
    monkeypatch.setattr(database_module, "migrations", lambda: broken)
    with pytest.raises(MigrationError):
        await Database.open(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(good)
        assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchone() is None


async def test_an_older_database_is_upgraded_and_keeps_its_data(tmp_path: Path, monkeypatch):
    path = tmp_path / "tutor.sqlite3"
    first = database_module.migrations()[:1]
    monkeypatch.setattr(database_module, "migrations", lambda: first)
    old = await Database.open(path)
    quiz, _ = await old.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    attempt, _ = await old.current_or_new_attempt(quiz, STUDENT, 7, 1)
    await old.close()
    monkeypatch.undo()

    db = await Database.open(path)
    assert await db.schema_version() == len(database_module.migrations()) > 1
    await db.add_quiz_card(quiz.id, CHANNEL, 555)
    assert await db.quiz_cards(quiz.id) == [(CHANNEL, 555)]
    assert await db.record_answer(attempt.id, 0, 0, 0, True)
    state = await db.attempt_state(attempt.id)
    assert state is not None
    record, answers, quiz_open = state
    assert (record.seed, record.finished, answers, quiz_open) == (7, True, {0: 0}, True)
    await db.close_quiz(GUILD, LESSON)
    after_close = await db.attempt_state(attempt.id)
    assert after_close is not None
    assert not after_close.quiz_open
    await db.close()


def test_bundled_migrations_are_numbered_from_one():
    assert [v for v, _ in database_module.migrations()] == list(
        range(1, len(database_module.migrations()) + 1)
    )


async def test_one_open_quiz_per_lesson_per_guild(db: Database):
    first, opened = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    again, opened_again = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    elsewhere, _ = await db.open_quiz(OTHER_GUILD, LESSON, CHANNEL, TEACHER)
    assert opened
    assert not opened_again
    assert again.id == first.id
    assert elsewhere.id != first.id
    assert await db.close_quiz(GUILD, LESSON) == first.id
    assert await db.close_quiz(GUILD, LESSON) is None
    assert (await db.quiz(first.id)).closed
    assert not (await db.quiz(elsewhere.id)).closed
    reopened, opened = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    assert opened
    assert reopened.id != first.id
    closed = await db.quiz(first.id)
    assert closed is not None
    assert closed.closed


async def test_start_resumes_the_unfinished_attempt_then_numbers_the_next(db: Database):
    quiz, _ = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    attempt, new = await db.current_or_new_attempt(quiz, STUDENT, 123, 2)
    same, new_again = await db.current_or_new_attempt(quiz, STUDENT, 456, 2)
    assert new
    assert not new_again
    assert (same.id, same.seed, same.number) == (attempt.id, 123, 1)
    assert await db.record_answer(attempt.id, 0, 1, 0, True)
    assert await db.record_answer(attempt.id, 1, 0, 2, False)
    state = await db.attempt_state(attempt.id)
    assert state is not None
    assert state.record.finished  # the last answer finished it, by the trigger
    assert state.answers == {1: 0, 0: 2}
    second, new = await db.current_or_new_attempt(quiz, STUDENT, 789, 2)
    assert new
    assert second.number == 2


async def test_answers_are_taken_only_in_order_and_once(db: Database):
    quiz, _ = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    attempt, _ = await db.current_or_new_attempt(quiz, STUDENT, 1, 3)
    assert not await db.record_answer(attempt.id, 1, 4, 0, True)  # not the current position
    assert await db.record_answer(attempt.id, 0, 4, 0, True)
    assert not await db.record_answer(attempt.id, 0, 4, 1, False)  # a second click
    assert await db.answers(attempt.id) == {4: 0}


async def test_the_database_itself_refuses_a_second_answer_to_a_question(db: Database, tmp_path: Path):
    quiz, _ = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    attempt, _ = await db.current_or_new_attempt(quiz, STUDENT, 1, 3)
    assert await db.record_answer(attempt.id, 0, 4, 0, True)
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
    db = await Database.open(path)
    quiz, _ = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    attempt, _ = await db.current_or_new_attempt(quiz, STUDENT, 99, 3)
    await db.record_answer(attempt.id, 0, 2, 1, True)
    await db.close()

    db = await Database.open(path)
    assert not (await db.quiz(quiz.id)).closed
    resumed, new = await db.current_or_new_attempt(quiz, STUDENT, 1, 3)
    assert not new
    assert (resumed.id, resumed.seed) == (attempt.id, 99)
    assert await db.answers(attempt.id) == {2: 1}
    await db.close()


async def test_attempt_rows_for_reports_are_scoped_by_guild(db: Database):
    quiz, _ = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)
    other, _ = await db.open_quiz(OTHER_GUILD, LESSON, CHANNEL, TEACHER)
    mine, _ = await db.current_or_new_attempt(quiz, STUDENT, 1, 2)
    await db.current_or_new_attempt(other, STUDENT, 1, 2)
    await db.record_answer(mine.id, 0, 1, 0, True)
    await db.record_answer(mine.id, 1, 0, 1, False)
    (row,) = await db.lesson_attempts(GUILD, LESSON)
    assert (row.user_id, row.finished, row.results) == (STUDENT, True, [(1, True), (0, False)])
    assert len(await db.student_attempts(GUILD, STUDENT)) == 1
    assert await db.student_attempts(GUILD, STUDENT + 1) == []


async def test_the_wal_stays_bounded_while_many_students_answer_at_once(db: Database, tmp_path: Path):
    """A statement left open across an await would block every checkpoint and let the WAL grow."""
    import asyncio

    quiz, _ = await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER)

    async def student(user: int) -> None:
        attempt, _ = await db.current_or_new_attempt(quiz, user, user, 15)
        for position in range(15):
            # The reads of one click, as Tutor.answer makes them, overlapping other students' commits.
            await db.attempt_state(attempt.id)
            assert await db.record_answer(attempt.id, position, position, 0, True)

    await asyncio.gather(*(student(1000 + n) for n in range(100)))
    wal = (tmp_path / "data" / "tutor.sqlite3-wal").stat().st_size
    # SQLite checkpoints every 1,000 pages; a WAL that is reset stays near that size.
    assert wal < 1200 * (4096 + 24), wal
