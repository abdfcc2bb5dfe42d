"""Finding due review items for 10,000 students x 100 items, on SQLite and PostgreSQL, through the bot's
own storage: the schema its migrations make (bot/storage/migrations/*/0009_review.sql) and the methods
the daily run and a student's review call (bot/storage/sql/review.py).

Run: .venv/bin/python benchmarks/bench_review_due.py            (SQLite only)
     bash scripts/postgres.sh .venv/bin/python benchmarks/bench_review_due.py   (both engines)

A million items are loaded in bulk (the bot would make them one quiz at a time), with due days spread
from 7 days overdue to 60 days ahead, so about a tenth are due; each student's next due day is filled as
the bot keeps it. Timed, median of 7 runs:
- waiting students (Storage.waiting_students): who has something waiting today, for the class's card and
  the reminders: the daily run's query, through the (guild_id, next_due) index;
- the card counted from the items themselves, for comparison (no per-student row);
- one student's items (Storage.review_items): what today's plan is made from (bot/tutor/review.py);
- one answer (Storage.answer_review): the logged step, the item's new memory and the student's next due
  day, in one transaction (committed; SQLite with synchronous=FULL).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.review.scheduler import Scheduler  # noqa: E402
from bot.storage import PostgresDatabase, SQLiteDatabase, Storage  # noqa: E402
from bot.storage.records import ReviewAnswer  # noqa: E402
from bot.storage.sql.dialect import sql  # noqa: E402
from tests.postgres import new_database  # noqa: E402

STUDENTS, ITEMS, GUILD, RUNS = 10_000, 100, 1, 7
TODAY = date(2026, 3, 16)
REVIEWED = datetime(2026, 3, 10, 10, tzinfo=UTC)
ONE = 4321
FSRS = Scheduler()

COLUMNS = (
    "guild_id, user_id, lesson, question_key, stability, difficulty, due, last_review, reps, lapses,"
    " last_correct, longest_recall, arm, checked, first_correct, first_at"
)
FILL_STUDENTS = (
    "INSERT INTO review_students (guild_id, user_id, next_due)"
    " SELECT guild_id, user_id, MIN(due) FROM review_items GROUP BY guild_id, user_id"
)
CARD = sql("SELECT COUNT(DISTINCT user_id) FROM review_items WHERE guild_id = :guild AND due <= :day::date")


def rows() -> Iterator[tuple[Any, ...]]:
    rng = random.Random(1)
    for user in range(STUDENTS):
        for item in range(ITEMS):
            due = TODAY + timedelta(days=rng.randrange(-7, 61))
            lesson, key = f"lesson-{item // 15}", f"q{item % 15}"
            yield (
                GUILD,
                user,
                lesson,
                key,
                2.3,
                5.0,
                due,
                REVIEWED,
                2,
                0,
                True,
                0,
                "none",
                False,
                True,
                REVIEWED,
            )


def load_sqlite(path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    marks = ",".join("?" * 16)
    db.executemany(
        f"INSERT INTO review_items ({COLUMNS}) VALUES ({marks})",  # noqa: S608 - fixed text
        (
            (
                *r[:6],
                r[6].isoformat(),
                r[7].strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                *r[8:15],
                r[15].strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            )
            for r in rows()
        ),
    )
    db.execute(FILL_STUDENTS)
    db.commit()
    db.execute("ANALYZE")
    db.close()


async def load_postgres(url: str) -> None:
    import asyncpg

    db = await asyncpg.connect(url)
    try:
        await db.copy_records_to_table("review_items", records=rows(), columns=COLUMNS.split(", "))
        await db.execute(FILL_STUDENTS)
        await db.execute("VACUUM ANALYZE")  # what autovacuum does to a settled table
    finally:
        await db.close()


async def median(call: Callable[[], Awaitable[object]]) -> tuple[float, object]:
    took, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = await call()
        took.append(time.perf_counter() - start)
    return statistics.median(took) * 1000, result


async def measure(engine: str, db: Storage) -> None:
    waiting_ms, waiting = await median(lambda: db.waiting_students(GUILD, TODAY))
    card_ms, card = await median(lambda: db._read_one(CARD, guild=GUILD, day=TODAY))  # type: ignore[attr-defined]
    one_ms, theirs = await median(lambda: db.review_items(GUILD, ONE))
    assert isinstance(waiting, list)
    assert isinstance(theirs, list)
    assert card is not None
    counted = int(cast("Sequence[Any]", card)[0])
    steps = iter(range(RUNS))

    async def answer() -> bool:
        step = next(steps)
        item = next(i for i in await db.review_items(GUILD, ONE) if i.memory.due <= TODAY)
        now = datetime(2026, 3, 16, 9, tzinfo=UTC) + timedelta(seconds=step)
        given = ReviewAnswer(
            GUILD, ONE, TODAY, 0, step, item.lesson, item.question_key, "review", True, 0.8, "none", now
        )
        return await db.answer_review(item, given, FSRS.review(item.memory, True, now))

    took = []
    for _ in range(RUNS):
        start = time.perf_counter()
        assert await answer()
        took.append(time.perf_counter() - start)
    upkeep = statistics.median(took) * 1000
    print(f"{engine}: {STUDENTS:,} students x {ITEMS} items, the bot's own schema, median of {RUNS} runs")
    print(f"  waiting students (daily run): {waiting_ms:7.1f} ms -> {len(waiting):,} students")
    print(f"  card, counted from the items: {card_ms:7.1f} ms -> {counted:,} students")
    print(f"  one student's items:          {one_ms:7.2f} ms -> {len(theirs)} items")
    print(f"  one answer (read + write):    {upkeep:7.2f} ms")
    print(
        f"  goal: due items found for the daily run under 100 ms: {'met' if waiting_ms < 100 else 'MISSED'}"
    )


async def sqlite(folder: Path) -> None:
    path = folder / "review.sqlite3"
    await (await SQLiteDatabase.open(path)).close()  # the bot's migrations make the schema
    load_sqlite(path)
    db = await SQLiteDatabase.open(path)
    try:
        await measure("SQLite", db)
    finally:
        await db.close()


async def postgres(server: str) -> None:
    async with new_database(server) as url:
        db = await PostgresDatabase.open(url)
        try:
            await load_postgres(url)
            await measure("PostgreSQL", db)
        finally:
            await db.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(sqlite(Path(folder)))
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        asyncio.run(postgres(server))
    else:
        print("PostgreSQL: skipped (run under scripts/postgres.sh to include it)", file=sys.stderr)


if __name__ == "__main__":
    main()
