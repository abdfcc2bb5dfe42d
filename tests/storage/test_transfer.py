"""`python -m bot migrate-db`: the SQLite file copied into an empty PostgreSQL, the same records back."""

import asyncio
import hashlib
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import asyncpg
import pytest

from bot.errors import HostError
from bot.quiz.rules import Grading, QuizRules
from bot.storage import PostgresDatabase, SQLiteDatabase, Storage
from bot.storage.migrator import migrations
from bot.storage.records import ReviewSettings
from bot.storage.transfer import copy_to_postgres
from tests.storage.review_rows import reviewed
from tests.storage.test_database import (
    CHANNEL,
    GUILD,
    HOUR,
    LESSON,
    NOW,
    OTHER_CHANNEL,
    STUDENT,
    TEACHER,
    answer,
    open_quiz,
    start,
)
from tests.test_cli import run


async def _a_term_of_class(db: Storage) -> None:
    """Every table holds something: versions, quizzes open and closed, cards, attempts finished and not,
    a server's lesson and an upload waiting."""
    version = await db.lesson_version(LESSON, "h1", '{"v": 1}', NOW)
    closed = await open_quiz(db, QuizRules(max_attempts=2, grading=Grading.LAST))
    await db.add_quiz_card(closed.id, CHANNEL, 555)
    done = await start(db, closed, count=2)
    assert await answer(db, done.id, 0, 1)
    assert await answer(db, done.id, 1, 0, now=NOW + HOUR)
    await db.close_quiz(closed.id, NOW + 2 * HOUR)
    running = await open_quiz(db, QuizRules(closes_at=NOW + 5 * HOUR), channel=OTHER_CHANNEL)
    await db.set_accommodation(running.id, STUDENT, 1, NOW + 6 * HOUR, TEACHER)
    half = await start(db, running, count=3)
    assert await answer(db, half.id, 0, 2)
    await db.pin_unversioned(LESSON, version)
    await db.set_setting(GUILD, "timezone", "Europe/Paris")
    await db.remember_name(GUILD, STUDENT, "Alice", NOW)
    assert await db.publish_lesson(GUILD, LESSON, version, TEACHER, NOW, cap=50)
    assert await db.add_draft(GUILD, TEACHER, "draft.toml", '{"v": 2}', NOW) == 1
    await reviewed(db, GUILD, STUDENT, NOW)  # spaced review: days, reals and an assignment
    await db.assign_review(
        GUILD,
        CHANNEL,
        "",
        ends_on=None,
        exam_on=NOW.date(),
        measure=True,
        check_on=NOW.date(),
        seed=7,
        now=NOW,
    )
    await db.set_review_settings(ReviewSettings(GUILD, 3, 600, 127))


async def _everything(db: Storage) -> tuple[object, ...]:
    quizzes = await db.quizzes(GUILD)
    return (
        quizzes,
        [await db.attempts(q.id) for q in quizzes],
        [await db.quiz_cards(q.id) for q in quizzes],
        [await db.accommodations(q.id) for q in quizzes],
        await db.latest_version(LESSON),
        await db.settings(GUILD),
        await db.names(GUILD, [STUDENT]),
        await db.server_lessons(GUILD),
        await db.draft(1),
        await db.review_items(GUILD),
        await db.review_answers(GUILD),
        await db.review_assignments(GUILD),
        await db.review_settings(GUILD),
        await db.review_remind(GUILD, STUDENT),
    )


@pytest.fixture
async def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "tutor.sqlite3"
    db = await SQLiteDatabase.open(path)
    await _a_term_of_class(db)
    await db.close()
    return path


async def test_everything_is_copied_and_carries_on(sqlite_file: Path, fresh_postgres_url: str):
    lite = await SQLiteDatabase.open(sqlite_file)
    before = await _everything(lite)
    await lite.close()

    copied = await copy_to_postgres(sqlite_file, fresh_postgres_url)
    counts = dict(copied.rows)
    assert counts["quizzes"] == 2
    assert counts["attempts"] == 2
    assert counts["answers"] == 3
    assert list(counts).index("quizzes") < list(counts).index("attempts") < list(counts).index("answers")
    assert "the row counts match" in copied.lines()[-2]

    db = await PostgresDatabase.open(fresh_postgres_url)
    try:
        assert await _everything(db) == before
        # New rows carry on after the copied ids, and the half-done attempt finishes on its last answer.
        running = (await db.quizzes(GUILD))[0]
        again = await open_quiz(db)
        assert again.id > running.id
        (half,) = await db.attempts(running.id)
        assert await answer(db, half.record.id, 1, 0, now=NOW + HOUR)
        assert await answer(db, half.record.id, 2, 1, now=NOW + 2 * HOUR)
        assert (await db.attempt_state(half.record.id, NOW)).record.finished_at == NOW + 2 * HOUR
        other = await start(db, again, user=STUDENT + 1)
        assert other.id > half.record.id
        assert await db.add_draft(GUILD, TEACHER, "next.toml", "{}", NOW) == 2
    finally:
        await db.close()


async def test_a_database_with_rows_is_refused_and_left_as_it_was(sqlite_file: Path, fresh_postgres_url: str):
    await copy_to_postgres(sqlite_file, fresh_postgres_url)
    with pytest.raises(HostError, match=r"is not empty .* copies only into an empty database"):
        await copy_to_postgres(sqlite_file, fresh_postgres_url)
    db = await PostgresDatabase.open(fresh_postgres_url)
    assert len(await db.quizzes(GUILD)) == 2
    await db.close()


def _migrate_db(*args: str, cwd: Path, database: Path) -> subprocess.CompletedProcess[str]:
    return run("migrate-db", *args, cwd=cwd, env={"DATABASE_PATH": str(database)})


def test_the_command_says_what_it_did_and_refuses_a_second_time(
    sqlite_file: Path, fresh_postgres_url: str, tmp_path: Path
):
    done = _migrate_db("--to", fresh_postgres_url, cwd=tmp_path, database=sqlite_file)
    assert done.returncode == 0, done.stderr
    assert "  answers: 3 row(s)" in done.stdout
    assert f"from {sqlite_file} into {fresh_postgres_url}" in done.stdout
    again = _migrate_db("--to", fresh_postgres_url, cwd=tmp_path, database=sqlite_file)
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1
    assert again.stderr.startswith("error: ")
    assert "is not empty" in again.stderr


def test_the_command_wants_a_target_and_a_file(tmp_path: Path, fresh_postgres_url: str):
    nowhere = _migrate_db(cwd=tmp_path, database=tmp_path / "tutor.sqlite3")
    assert (nowhere.returncode, nowhere.stderr.count("\n")) == (2, 1)
    assert "--to postgresql://" in nowhere.stderr
    missing = _migrate_db("--to", fresh_postgres_url, cwd=tmp_path, database=tmp_path / "none.sqlite3")
    assert (missing.returncode, missing.stderr.count("\n")) == (2, 1)
    assert "no database at" in missing.stderr


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _older_file(path: Path, version: int) -> Path:
    """A file as an older bot left it: its migrations up to `version`, and a server's settings."""
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript("".join(sql for _, sql in migrations("sqlite")[:version]))
        conn.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES (?, 'Europe/Paris')", (GUILD,))
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
    return path


async def test_an_older_file_is_copied_through_a_migrated_copy_and_left_as_it_was(
    tmp_path: Path, fresh_postgres_url: str
):
    older = _older_file(tmp_path / "old.sqlite3", 4)
    before = _digest(older)
    copied = await copy_to_postgres(older, fresh_postgres_url)
    assert _digest(older) == before
    with closing(sqlite3.connect(older)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (4,)
    assert dict(copied.rows)["guild_settings"] == 1
    latest = len(migrations("sqlite"))
    assert copied.lines()[-1] == (
        "Set DATABASE_URL to that address to run the bot on it; the SQLite file was left as it was"
        f" (the file is at schema version 4; a temporary copy of it was brought to {latest} and read)."
    )
    db = await PostgresDatabase.open(fresh_postgres_url)
    assert (await db.settings(GUILD)).timezone == "Europe/Paris"
    await db.close()


async def _newer(url: str) -> None:
    """The database as a newer bot would leave it: one migration past this code's."""
    await (await PostgresDatabase.open(url)).close()
    conn = await asyncpg.connect(url)
    await conn.execute("INSERT INTO schema_migrations (version) VALUES (999)")
    await conn.close()


def test_a_newer_target_or_file_or_no_database_at_all_is_one_line(
    sqlite_file: Path, fresh_postgres_url: str, tmp_path: Path
):
    asyncio.run(_newer(fresh_postgres_url))
    newer = _migrate_db("--to", fresh_postgres_url, cwd=tmp_path, database=sqlite_file)
    assert (newer.returncode, newer.stderr.count("\n")) == (2, 1), newer.stderr
    assert "is at version 999 but this bot knows only" in newer.stderr

    ahead = tmp_path / "ahead.sqlite3"
    ahead.write_bytes(sqlite_file.read_bytes())
    with closing(sqlite3.connect(ahead)) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = _digest(ahead)
    refused = _migrate_db("--to", fresh_postgres_url, cwd=tmp_path, database=ahead)
    assert (refused.returncode, refused.stderr.count("\n")) == (2, 1), refused.stderr
    assert f"error: {ahead}: the database is at version 999" in refused.stderr
    assert _digest(ahead) == before

    garbage = tmp_path / "notes.sqlite3"
    garbage.write_text("not a database at all, " * 100)
    odd = _migrate_db("--to", fresh_postgres_url, cwd=tmp_path, database=garbage)
    assert (odd.returncode, odd.stderr.count("\n")) == (2, 1), odd.stderr
    assert f"cannot read {garbage} as a SQLite database" in odd.stderr
