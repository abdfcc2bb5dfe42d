"""Storage on a real SQLite file in a temp dir."""

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.quiz.rules import QuizRules
from bot.storage import Database, MigrationError
from bot.storage.sqlite import engine as database_module

GUILD, OTHER_GUILD, LESSON, CHANNEL, TEACHER, STUDENT = 10, 11, "fine-tuning", 20, 30, 40
OTHER_CHANNEL = 21
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


async def open_quiz(db: Database, rules: QuizRules | None = None, channel: int = CHANNEL, guild: int = GUILD):
    quiz, _ = await db.open_quiz(
        guild, LESSON, channel, TEACHER, version_id=None, rules=rules or QuizRules(), now=NOW
    )
    return quiz


async def start(db: Database, quiz, user: int = STUDENT, seed: int = 1, count: int = 3, now: datetime = NOW):
    return await db.start_attempt(
        quiz, user, seed=seed, question_count=count, version_id=None, by_teacher=False, now=now
    )


async def answer(db: Database, attempt_id: int, position: int, question: int, now: datetime = NOW) -> bool:
    return await db.record_answer(attempt_id, position, question, 0, correct=True, now=now)


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
    """Today's rows carry over: each quiz keeps its channel, each attempt its answers, and they go on."""
    path = tmp_path / "tutor.sqlite3"
    first = database_module.migrations()[:3]
    monkeypatch.setattr(database_module, "migrations", lambda: first)
    await (await Database.open(path)).close()
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

    db = await Database.open(path)
    assert await db.schema_version() == len(database_module.migrations()) > 3
    (quiz,) = await db.open_quizzes(GUILD, CHANNEL)
    assert (quiz.id, quiz.channel_id, quiz.rules) == (1, CHANNEL, QuizRules())
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


def test_bundled_migrations_are_numbered_from_one():
    assert [v for v, _ in database_module.migrations()] == list(
        range(1, len(database_module.migrations()) + 1)
    )


async def test_one_open_quiz_per_lesson_per_class(db: Database):
    first, opened = await db.open_quiz(
        GUILD, LESSON, CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW
    )
    again, opened_again = await db.open_quiz(
        GUILD, LESSON, CHANNEL, TEACHER, version_id=None, rules=QuizRules(max_attempts=2), now=NOW
    )
    other_class = await open_quiz(db, channel=OTHER_CHANNEL)
    elsewhere = await open_quiz(db, guild=OTHER_GUILD)
    assert opened
    assert not opened_again
    assert again.id == first.id
    assert again.rules == QuizRules()  # opening again changes nothing by itself
    assert len({first.id, other_class.id, elsewhere.id}) == 3
    assert await db.close_quiz(first.id, NOW)
    assert not await db.close_quiz(first.id, NOW)
    assert (await db.quiz(first.id)).closed
    assert not (await db.quiz(other_class.id)).closed
    reopened = await open_quiz(db)
    assert reopened.id != first.id
    assert [q.id for q in await db.quizzes(GUILD, CHANNEL)] == [reopened.id, first.id]


async def test_start_gives_one_unfinished_attempt_per_quiz_and_numbers_the_next(db: Database):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, seed=123, count=2)
    assert await start(db, quiz, seed=456, count=2) is None  # one unfinished attempt at a time
    assert (attempt.seed, attempt.number, attempt.started_at) == (123, 1, NOW)
    assert await answer(db, attempt.id, 0, 1)
    assert await answer(db, attempt.id, 1, 0, now=NOW + HOUR)
    state = await db.attempt_state(attempt.id, NOW)
    assert state.record.finished_at == NOW + HOUR  # the last answer finished it, by the trigger
    second = await start(db, quiz, seed=789, count=2)
    assert second.number == 2
    (first_back, second_back) = await db.attempts(quiz.id, STUDENT)
    assert first_back.score == 2
    assert [a.question_index for a in first_back.answers] == [1, 0]
    assert second_back.answers == ()


async def test_forty_start_clicks_at_once_make_one_attempt(db: Database):
    quiz = await open_quiz(db)
    made = await asyncio.gather(*(start(db, quiz, seed=n) for n in range(40)))
    assert sum(m is not None for m in made) == 1
    assert len(await db.attempts(quiz.id, STUDENT)) == 1


async def test_the_attempt_limit_counts_extra_attempts(db: Database):
    quiz = await open_quiz(db, QuizRules(max_attempts=1))
    first = await start(db, quiz, count=1)
    assert await answer(db, first.id, 0, 0)
    assert await start(db, quiz, count=1) is None
    await db.set_accommodation(quiz.id, STUDENT, 1, None, TEACHER)
    second = await start(db, quiz, count=1)
    assert second is not None
    assert await answer(db, second.id, 0, 0)
    assert await start(db, quiz, count=1) is None
    assert await start(db, quiz, user=STUDENT + 1, count=1) is not None  # limits are per student


async def test_answers_are_taken_only_in_order_and_once(db: Database):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz)
    assert not await answer(db, attempt.id, 1, 4)  # not the current position
    assert await answer(db, attempt.id, 0, 4)
    assert not await db.record_answer(attempt.id, 0, 4, 1, correct=False, now=NOW)  # a second click
    (back,) = await db.attempts(quiz.id)
    assert [(a.question_index, a.option_index) for a in back.answers] == [(4, 0)]


async def test_answers_are_taken_only_inside_the_window(db: Database):
    quiz = await open_quiz(db, QuizRules(opens_at=NOW + HOUR, closes_at=NOW + 3 * HOUR))
    assert not await db.may_start(quiz.id, STUDENT, NOW)
    assert await db.may_start(quiz.id, STUDENT, NOW + HOUR)
    attempt = await start(db, quiz, now=NOW + HOUR)
    assert await answer(db, attempt.id, 0, 0, now=NOW + 2 * HOUR)
    assert not await answer(db, attempt.id, 1, 1, now=NOW + 3 * HOUR)  # the deadline is exclusive
    assert not (await db.attempt_state(attempt.id, NOW + 3 * HOUR)).may_answer
    # Extra time for one student lets them answer after the deadline, even once it has closed the quiz.
    await db.set_accommodation(quiz.id, STUDENT, 0, NOW + 5 * HOUR, TEACHER)
    assert await db.close_overdue(NOW + 3 * HOUR) == [(quiz.id, False)]
    assert await answer(db, attempt.id, 1, 1, now=NOW + 4 * HOUR)
    assert not await db.may_start(quiz.id, STUDENT + 1, NOW + 4 * HOUR)
    # A teacher's close ends extra time too.
    assert await db.close_quiz(quiz.id, NOW + 4 * HOUR)
    assert not await answer(db, attempt.id, 2, 2, now=NOW + 4 * HOUR)


async def test_the_database_itself_refuses_a_second_answer_to_a_question(db: Database, tmp_path: Path):
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


async def test_deadlines_close_once_and_settle_when_extra_time_ends(db: Database):
    quiz = await open_quiz(db, QuizRules(closes_at=NOW + HOUR))
    plain = await open_quiz(db, QuizRules(closes_at=NOW + 2 * HOUR), channel=OTHER_CHANNEL)
    assert await db.next_wakeup(NOW) == NOW + HOUR
    await db.set_accommodation(quiz.id, STUDENT, 0, NOW + 3 * HOUR, TEACHER)
    assert await db.close_overdue(NOW) == []
    assert await db.close_overdue(NOW + HOUR) == [(quiz.id, False)]
    assert await db.close_overdue(NOW + HOUR) == []  # a second process finds nothing left to close
    closed = await db.quiz(quiz.id)
    assert (closed.closed_at, closed.settled_at) == (NOW + HOUR, None)
    assert closed.closed_by_deadline()
    assert await db.next_wakeup(NOW + HOUR) == NOW + 2 * HOUR
    assert await db.close_overdue(NOW + 2 * HOUR) == [(plain.id, True)]
    assert await db.next_wakeup(NOW + 2 * HOUR) == NOW + 3 * HOUR
    assert await db.settle_finished_extensions(NOW + 2 * HOUR) == []
    assert await db.settle_finished_extensions(NOW + 3 * HOUR) == [quiz.id]
    assert await db.next_wakeup(NOW + 3 * HOUR) is None
    assert await db.unsettle(quiz.id)  # extra time given after it settled opens its cards again


async def test_settings_and_names_per_server(db: Database):
    assert (await db.settings(GUILD)).timezone == "UTC"
    await db.set_setting(GUILD, "timezone", "Europe/London")
    await db.set_setting(GUILD, "teacher_role_id", 77)
    found = await db.settings(GUILD)
    assert (found.timezone, found.teacher_role_id, found.student_role_id) == ("Europe/London", 77, None)
    assert (await db.settings(OTHER_GUILD)).timezone == "UTC"
    with pytest.raises(ValueError, match="no setting"):
        await db.set_setting(GUILD, "guild_id; DROP TABLE quizzes", 1)
    await db.remember_name(GUILD, STUDENT, "Alice", NOW)
    await db.remember_name(GUILD, STUDENT, "Ali", NOW + HOUR)
    assert await db.names(GUILD, [STUDENT, STUDENT + 1]) == {STUDENT: "Ali"}
    assert await db.names(OTHER_GUILD, [STUDENT]) == {}


async def test_lesson_versions_are_recorded_once_per_content(db: Database):
    first = await db.lesson_version(LESSON, "a", '{"v": 1}', NOW)
    assert await db.lesson_version(LESSON, "a", '{"v": 1}', NOW + HOUR) == first
    second = await db.lesson_version(LESSON, "b", '{"v": 2}', NOW + HOUR)
    assert second != first
    assert (await db.version(first)).content == '{"v": 1}'
    assert (await db.latest_version(LESSON)).id == second


async def test_a_restart_keeps_everything(tmp_path: Path):
    path = tmp_path / "tutor.sqlite3"
    db = await Database.open(path)
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, seed=99)
    await answer(db, attempt.id, 0, 2)
    await db.close()

    db = await Database.open(path)
    assert not (await db.quiz(quiz.id)).closed
    assert await start(db, quiz) is None
    state = await db.attempt_state(attempt.id, NOW)
    assert (state.record.seed, state.answers) == (99, {2: 0})
    await db.close()


async def test_attempts_are_scoped_by_server(db: Database):
    quiz = await open_quiz(db)
    other = await open_quiz(db, guild=OTHER_GUILD)
    mine = await start(db, quiz, count=2)
    await start(db, other, count=2)
    await answer(db, mine.id, 0, 1)
    assert len(await db.student_attempts(GUILD, STUDENT)) == 1
    assert await db.student_attempts(GUILD, STUDENT + 1) == []
    assert len(await db.attempts(quiz.id)) == 1


async def test_the_wal_stays_bounded_while_many_students_answer_at_once(db: Database, tmp_path: Path):
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
