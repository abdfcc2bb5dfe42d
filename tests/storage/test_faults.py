"""The database's waits are bounded below Discord's 3 s, and its faults say what they are."""

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.quiz.rules import QuizRules
from bot.storage import SQLiteDatabase
from bot.storage.faults import BUSY_WAIT, BoundedLock, StorageBusyError, StorageError, fault_from

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)

GUILD, LESSON, CHANNEL, TEACHER = 10, "fine-tuning", 20, 30


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "tutor.sqlite3"


@pytest.fixture
def other_program(path: Path) -> Iterator[sqlite3.Connection]:
    """A second connection to the bot's file, as a backup tool or a teacher's script would open."""
    conn = sqlite3.connect(path, isolation_level=None)
    yield conn
    conn.close()


async def test_a_write_while_another_program_holds_the_lock_gives_up_quickly(path, other_program):
    db = await SQLiteDatabase.open(path)
    try:
        other_program.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(StorageBusyError) as busy:
            await db.open_quiz(GUILD, LESSON, CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW)
        assert BUSY_WAIT * 0.9 <= time.monotonic() - started < BUSY_WAIT + 0.5
        assert busy.value.code == "SQLITE_BUSY"
        # Reading is not held up (WAL), and once the other program is done, writing works again.
        assert await db.quiz(1) is None
        other_program.execute("ROLLBACK")
        _, opened = await db.open_quiz(
            GUILD, LESSON, CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW
        )
        assert opened
    finally:
        await db.close()


def open_one(db, n):
    return db.open_quiz(GUILD, f"lesson-{n}", CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW)


async def test_clicks_queued_behind_a_lock_are_refused_rather_than_left_to_wait(path, other_program):
    db = await SQLiteDatabase.open(path)
    try:
        other_program.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        results = await asyncio.gather(
            *(
                db.open_quiz(
                    GUILD, f"lesson-{n}", CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW
                )
                for n in range(6)
            ),
            return_exceptions=True,
        )
        elapsed = time.monotonic() - started
        assert all(isinstance(result, StorageBusyError) for result in results), results
        # One waits for SQLite; those queued behind it are refused as soon as it gives up.
        assert elapsed < BUSY_WAIT + 0.5
        assert {result.code for result in results if isinstance(result, StorageBusyError)} <= {
            "SQLITE_BUSY",
            "QUEUE",
        }
    finally:
        other_program.execute("ROLLBACK")
        await db.close()


async def test_a_bounded_lock_serves_in_order_and_refuses_after_its_wait():
    lock = BoundedLock(0.05)
    order = []

    async def hold(name: str, release: asyncio.Event) -> None:
        async with lock:
            order.append(name)
            await release.wait()

    release = asyncio.Event()
    first = asyncio.create_task(hold("first", release))
    await asyncio.sleep(0)
    with pytest.raises(StorageBusyError, match="too many clicks were waiting"):
        async with lock:
            pass
    release.set()
    await first
    async with lock:
        order.append("after")
    assert order == ["first", "after"]
    assert not lock.locked()


@pytest.mark.parametrize(
    ("error", "kind", "code"),
    [
        (sqlite3.OperationalError, StorageBusyError, "SQLITE_BUSY"),
        (sqlite3.OperationalError, StorageError, "SQLITE_FULL"),
        (sqlite3.DatabaseError, StorageError, "SQLITE_CORRUPT"),
        (sqlite3.OperationalError, StorageError, "SQLITE_IOERR"),
    ],
)
def test_faults_of_the_file_are_named_with_sqlites_code(error: type[sqlite3.Error], kind, code):
    raised = error("it went wrong")
    raised.sqlite_errorcode = getattr(sqlite3, code) | (3 << 8)  # an extended code of that kind
    fault = fault_from(raised)
    assert type(fault) is kind
    assert fault.code == code
    assert str(fault).endswith("(it went wrong)")


def test_a_bug_in_sql_is_not_mistaken_for_a_fault_of_the_file():
    raised = sqlite3.IntegrityError("UNIQUE constraint failed")
    raised.sqlite_errorcode = sqlite3.SQLITE_CONSTRAINT_UNIQUE
    assert fault_from(raised) is None


async def test_a_constraint_error_reaches_the_caller_unchanged(tmp_path: Path):
    db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            await db._run("INSERT INTO quizzes (id) VALUES (NULL), (NULL)")
    finally:
        await db.close()


async def test_forgetting_and_sweeping_wait_like_any_write_for_another_programs_lock(path, other_program):
    db = await SQLiteDatabase.open(path)
    try:
        await db.remember_name(GUILD, TEACHER, "Ms Ada", NOW)
        other_program.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageBusyError):
            await open_one(db, 0)
        # A write just waited in vain: these only glance at the lock, as a click would.
        started = time.monotonic()
        for write in (db.forget(GUILD, TEACHER), db.sweep(NOW), db.pin_unversioned(LESSON, 1)):
            with pytest.raises(StorageBusyError) as busy:
                await write
            assert busy.value.code == "SQLITE_BUSY"
        assert time.monotonic() - started < BUSY_WAIT
        other_program.execute("ROLLBACK")
        assert (await db.forget(GUILD, TEACHER)).names == 1
    finally:
        await db.close()
