"""What only the PostgreSQL engine has: its migrations as the server sees them, and its kinds of values."""

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import asyncpg
import pytest

from bot.quiz.rules import QuizRules
from bot.storage import MigrationError, PostgresDatabase, migrator
from bot.storage.postgres.engine import VERSIONS_TABLE
from tests.storage.test_database import GUILD, LESSON, NOW, STUDENT, TEACHER, answer, open_quiz, start

# A Discord id of today: larger than 2**53, so it would lose digits as a float or a 32-bit integer.
SNOWFLAKE = 1_215_386_457_829_511_209


async def _tables(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row[0] for row in rows}
    finally:
        await conn.close()


async def test_migrations_run_from_empty_and_reopening_applies_nothing_twice(fresh_postgres_url: str):
    db = await PostgresDatabase.open(fresh_postgres_url)
    assert await db.schema_version() == len(migrator.migrations("postgres"))
    await db.close()
    assert {"quizzes", "attempts", "answers", VERSIONS_TABLE} <= await _tables(fresh_postgres_url)
    db = await PostgresDatabase.open(fresh_postgres_url)
    assert await db.schema_version() == len(migrator.migrations("postgres"))
    await db.close()


async def test_processes_starting_together_migrate_once(fresh_postgres_url: str):
    opened = await asyncio.gather(*(PostgresDatabase.open(fresh_postgres_url) for _ in range(4)))
    for db in opened:
        assert await db.schema_version() == len(migrator.migrations("postgres"))
        await db.close()


async def test_a_database_newer_than_the_code_is_refused(fresh_postgres_url: str):
    await (await PostgresDatabase.open(fresh_postgres_url)).close()
    conn = await asyncpg.connect(fresh_postgres_url)
    await conn.execute("INSERT INTO schema_migrations (version) VALUES (99)")
    await conn.close()
    with pytest.raises(MigrationError, match="update the bot"):
        await PostgresDatabase.open(fresh_postgres_url)


async def test_a_failing_migration_leaves_the_database_as_it_was(fresh_postgres_url: str, monkeypatch):
    await (await PostgresDatabase.open(fresh_postgres_url)).close()
    good = migrator.migrations("postgres")
    broken = [*good, (len(good) + 1, "CREATE TABLE extra (id integer);\nCREATE TABLE broken (;")]
    monkeypatch.setattr(migrator, "migrations", lambda dialect: broken)
    with pytest.raises(MigrationError, match=f"migration {len(good) + 1} failed"):
        await PostgresDatabase.open(fresh_postgres_url)
    monkeypatch.undo()
    assert "extra" not in await _tables(fresh_postgres_url)
    db = await PostgresDatabase.open(fresh_postgres_url)
    assert await db.schema_version() == len(good)
    await db.close()


async def test_a_restart_keeps_everything(fresh_postgres_url: str):
    db = await PostgresDatabase.open(fresh_postgres_url)
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, seed=99)
    await answer(db, attempt.id, 0, 2)
    await db.close()

    db = await PostgresDatabase.open(fresh_postgres_url)
    assert not (await db.quiz(quiz.id)).closed
    assert await start(db, quiz) is None
    state = await db.attempt_state(attempt.id, NOW)
    assert (state.record.seed, state.answers) == (99, {2: 0})
    await db.close()


async def test_the_database_itself_refuses_a_second_answer_to_a_question(fresh_postgres_url: str):
    db = await PostgresDatabase.open(fresh_postgres_url)
    attempt = await start(db, await open_quiz(db))
    assert await answer(db, attempt.id, 0, 4)
    await db.close()
    conn = await asyncpg.connect(fresh_postgres_url)
    try:
        for position, question in [(5, 4), (0, 7)]:
            with pytest.raises(asyncpg.UniqueViolationError):
                await conn.execute(
                    "INSERT INTO answers (attempt_id, position, question_index, option_index, correct,"
                    " answered_at) VALUES ($1, $2, $3, 1, false, now())",
                    attempt.id,
                    position,
                    question,
                )
    finally:
        await conn.close()


async def test_discord_ids_and_times_come_back_as_they_went_in(fresh_postgres_url: str):
    db = await PostgresDatabase.open(fresh_postgres_url)
    try:
        in_paris = timezone(timedelta(hours=1))
        when = datetime(2026, 12, 2, 11, 0, 0, 123456, tzinfo=in_paris)
        quiz, _ = await db.open_quiz(
            SNOWFLAKE, LESSON, SNOWFLAKE + 1, SNOWFLAKE + 2, version_id=None, rules=QuizRules(), now=when
        )
        assert (quiz.guild_id, quiz.channel_id) == (SNOWFLAKE, SNOWFLAKE + 1)
        # Kept to the millisecond, as SQLite keeps it, and given back in UTC.
        assert quiz.opened_at == datetime(2026, 12, 2, 10, 0, 0, 123000, tzinfo=UTC)
        assert quiz.opened_at.utcoffset() == timedelta(0)
        await db.remember_name(SNOWFLAKE, SNOWFLAKE + 3, "Alice", when)
        assert await db.names(SNOWFLAKE, [SNOWFLAKE + 3]) == {SNOWFLAKE + 3: "Alice"}
        await db.set_setting(GUILD, "teacher_role_id", SNOWFLAKE)
        assert (await db.settings(GUILD)).teacher_role_id == SNOWFLAKE
        attempt = await start(db, quiz, user=STUDENT, seed=2**62 - 1)
        assert attempt.seed == 2**62 - 1
        assert not attempt.by_teacher
        await db.set_accommodation(quiz.id, STUDENT, 1, when, TEACHER)
        assert (await db.accommodations(quiz.id))[STUDENT].until == quiz.opened_at
    finally:
        await db.close()
