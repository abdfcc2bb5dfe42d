"""What one statement costs the bot's process on PostgreSQL: through the engine (its bounded wait: the
statement runs as a task of its own, so a hung server cannot hold the caller) against asyncpg's pool called
directly, the floor, in the same run. One at a time and 200 at once (a burst of clicks).

Run: bash scripts/postgres.sh .venv/bin/python benchmarks/bench_pg_call.py [--calls 5000]

CPU is this process's (the server's is not counted: both ways send it the same statement). Numbers are
printed, never asserted. The statement is a one-row read by primary key, as a click's reads are.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage import PostgresDatabase  # noqa: E402
from bot.storage.sql.dialect import POSTGRES, sql  # noqa: E402
from tests.postgres import new_database  # noqa: E402

READ = sql("SELECT guild_id, lesson_id FROM quizzes WHERE id = :quiz")
AT_ONCE = 200


async def _per_call(call: Callable[[], Awaitable[Any]], calls: int, at_once: int) -> tuple[float, float]:
    """(wall µs, CPU µs) per call, `at_once` calls in flight at a time."""
    for _ in range(200):  # warm: connections open, statements prepared
        await call()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls // at_once):
        await asyncio.gather(*(call() for _ in range(at_once)))
    done = (calls // at_once) * at_once
    return 1e6 * (time.perf_counter() - wall) / done, 1e6 * (time.process_time() - cpu) / done


async def main(calls: int) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        sys.exit("needs PostgreSQL: bash scripts/postgres.sh .venv/bin/python benchmarks/bench_pg_call.py")
    async with new_database(server) as url:
        db = await PostgresDatabase.open(url)
        try:
            await db._write_one(  # one row to read, as any quiz
                sql(
                    "INSERT INTO quizzes (guild_id, lesson_id, channel_id, opened_by, opened_at)"
                    " VALUES (1, 'fine-tuning', 2, 3, now()) RETURNING id"
                )
            )
            form = READ.forms[POSTGRES.name]
            pool = db._pool  # the floor: asyncpg's own call

            def through_engine() -> Awaitable[Any]:
                return db._read_one(READ, quiz=1)

            def direct() -> Awaitable[Any]:
                return pool.fetchrow(form.text, *form.bind({"quiz": 1}))

            print(f"{'':34s} {'wall µs':>9s} {'CPU µs':>9s}")
            ways = (("asyncpg pool, direct", direct), ("the bot's engine", through_engine))
            for at_once in (1, AT_ONCE):
                for _ in range(2):  # each twice, interleaved: the second pair shows the noise
                    for label, call in ways:
                        wall, cpu = await _per_call(call, calls, at_once)
                        print(f"{label + f' ({at_once} at once)':34s} {wall:9.1f} {cpu:9.1f}")
        finally:
            await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    asyncio.run(main(parser.parse_args().calls))
