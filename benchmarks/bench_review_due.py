"""Finding due review items for 10,000 students x 100 items, on SQLite and PostgreSQL, with one index.

Run: .venv/bin/python benchmarks/bench_review_due.py            (SQLite only)
     bash scripts/postgres.sh .venv/bin/python benchmarks/bench_review_due.py   (both engines)

The table and index are the ones proposed to the storage layer for issue 20 (review_items keyed by
guild, user, lesson and question key, with the scheduler's Memory as columns); this file makes its own
copy in a temporary database, so it measures the shape, not bot/storage's code. Due days are spread
from 7 days overdue to 60 days ahead, so about a tenth of the items are due. Three queries are timed:
- card, from the items: how many students have something waiting, counted over the items;
- waiting students, from review_students (one row per student with their earliest due day, kept up to
  date after each answer): who has something waiting, for the card and the opted-in reminders;
- one student: their due items, all columns (what bot.review.plan.todays_items is given);
- one answer's upkeep: the item's row, then the student's next due day (in SQLite, committed).
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

STUDENTS, ITEMS, GUILD, RUNS = 10_000, 100, 1, 7
TODAY = date(2026, 3, 16)

SCHEMA = """
CREATE TABLE review_items (
    guild_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    lesson TEXT NOT NULL,
    question_key TEXT NOT NULL,
    stability REAL NOT NULL,
    difficulty REAL NOT NULL,
    due DATE NOT NULL,
    last_review {timestamp} NOT NULL,
    reps INTEGER NOT NULL,
    lapses INTEGER NOT NULL,
    last_correct BOOLEAN NOT NULL,
    longest_recall INTEGER NOT NULL,
    arm TEXT NOT NULL,
    checked BOOLEAN NOT NULL,
    PRIMARY KEY (guild_id, user_id, lesson, question_key)
);
CREATE INDEX review_items_due ON review_items (guild_id, due, user_id);
CREATE TABLE review_students (
    guild_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    next_due DATE,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX review_students_due ON review_students (guild_id, next_due);
"""
CARD = "SELECT COUNT(DISTINCT user_id) FROM review_items WHERE guild_id = $1 AND due <= $2"
WAITING = "SELECT user_id FROM review_students WHERE guild_id = $1 AND next_due <= $2"
ONE_STUDENT = "SELECT * FROM review_items WHERE guild_id = $1 AND user_id = $2 AND due <= $3"
# After each answer, in the answer's transaction: the item's new Memory, then the student's next due day.
ANSWERED = (
    "UPDATE review_items SET due = $4"
    " WHERE guild_id = $1 AND user_id = $2 AND lesson = 'lesson-0' AND question_key = $3"
)
NEXT_DUE = (
    "UPDATE review_students SET next_due = (SELECT MIN(due) FROM review_items"
    " WHERE guild_id = $1 AND user_id = $2) WHERE guild_id = $1 AND user_id = $2"
)
FILL_STUDENTS = (
    "INSERT INTO review_students"
    " SELECT guild_id, user_id, MIN(due) FROM review_items GROUP BY guild_id, user_id"
)


def rows() -> Iterator[tuple[Any, ...]]:
    rng = random.Random(1)
    reviewed = datetime(2026, 3, 10, 10, tzinfo=UTC)
    for user in range(STUDENTS):
        for item in range(ITEMS):
            due = TODAY + timedelta(days=rng.randrange(-7, 61))
            lesson, key = f"lesson-{item // 15}", f"q{item % 15}"
            yield (GUILD, user, lesson, key, 2.3, 5.0, due, reviewed, 2, 0, True, 0, "none", False)


def timed(query: Callable[[], object]) -> tuple[float, object]:
    took = []
    result: object = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = query()
        took.append(time.perf_counter() - start)
    return statistics.median(took) * 1000, result


def sqlite(folder: Path) -> None:
    db = sqlite3.connect(folder / "review.sqlite3")
    db.execute("PRAGMA journal_mode = WAL")  # as the bot's own SQLite engine sets it
    db.execute("PRAGMA synchronous = FULL")
    db.executescript(SCHEMA.format(timestamp="TEXT"))
    db.executemany(
        "INSERT INTO review_items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ((*row[:6], row[6].isoformat(), row[7].isoformat(), *row[8:]) for row in rows()),
    )
    db.execute(FILL_STUDENTS)
    db.commit()
    db.execute("ANALYZE")
    today = TODAY.isoformat()

    def answer() -> None:
        tomorrow = (TODAY + timedelta(days=1)).isoformat()
        db.execute(ANSWERED, {"1": GUILD, "2": 4321, "3": "q3", "4": tomorrow})
        db.execute(NEXT_DUE, {"1": GUILD, "2": 4321})
        db.commit()

    report(
        "SQLite",
        timed(lambda: db.execute(CARD, {"1": GUILD, "2": today}).fetchall()),
        timed(lambda: db.execute(WAITING, {"1": GUILD, "2": today}).fetchall()),
        timed(lambda: db.execute(ONE_STUDENT, {"1": GUILD, "2": 4321, "3": today}).fetchall()),
        timed(answer),
    )
    db.close()


async def postgres(url: str) -> None:
    import asyncpg

    db = await asyncpg.connect(url)
    try:
        await db.execute("DROP TABLE IF EXISTS review_items, review_students")
        await db.execute(SCHEMA.format(timestamp="TIMESTAMPTZ"))
        await db.copy_records_to_table("review_items", records=rows())
        await db.execute(FILL_STUDENTS)
        await db.execute("VACUUM ANALYZE")  # what autovacuum does to a settled table

        async def median(query: str, *args: object) -> tuple[float, object]:
            took = []
            for _ in range(RUNS):
                start = time.perf_counter()
                result = await db.fetch(query, *args)
                took.append(time.perf_counter() - start)
            return statistics.median(took) * 1000, result

        async def answer() -> list[object]:
            async with db.transaction():
                await db.execute(ANSWERED, GUILD, 4321, "q3", TODAY + timedelta(days=1))
                await db.execute(NEXT_DUE, GUILD, 4321)
            return []

        took = []
        for _ in range(RUNS):
            start = time.perf_counter()
            await answer()
            took.append(time.perf_counter() - start)
        report(
            "PostgreSQL",
            await median(CARD, GUILD, TODAY),
            await median(WAITING, GUILD, TODAY),
            await median(ONE_STUDENT, GUILD, 4321, TODAY),
            (statistics.median(took) * 1000, None),
        )
        await db.execute("DROP TABLE review_items, review_students")
    finally:
        await db.close()


def report(engine: str, *timings: tuple[float, object]) -> None:
    (card, counted), (waiting, students), (one, theirs), (upkeep, _) = timings
    assert isinstance(counted, list)
    assert isinstance(students, list)
    assert isinstance(theirs, list)
    print(f"{engine}: {STUDENTS:,} students x {ITEMS} items, median of {RUNS} runs")
    print(f"  card, from the items:     {card:7.1f} ms -> {counted[0][0]:,} students")
    print(f"  waiting students:         {waiting:7.1f} ms -> {len(students):,} students")
    print(f"  one student's due items:  {one:7.2f} ms -> {len(theirs)} items")
    print(f"  one answer's upkeep:      {upkeep:7.2f} ms")
    print(f"  goal: due items found for the daily run under 100 ms: {'met' if waiting < 100 else 'MISSED'}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sqlite(Path(folder))
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        asyncio.run(postgres(url))
    else:
        print("PostgreSQL: skipped (run under scripts/postgres.sh to include it)", file=sys.stderr)


if __name__ == "__main__":
    main()
