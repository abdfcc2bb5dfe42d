"""Answers per second into SQLite and into PostgreSQL, from 1 and from 2 processes: the same workload.

Each process runs the click path (Tutor: Start quiz, then 15 answers) for its own students, all at once,
on one shared database. Printed side by side, not asserted. PostgreSQL needs a server:

    bash scripts/postgres.sh .venv/bin/python benchmarks/bench_engines.py [students per process]

That throwaway server runs with fsync off; SQLite here commits with synchronous=FULL. A host's PostgreSQL
(fsync on) is slower per commit than the figure printed, and gains more from many processes.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bot.content import load_library  # noqa: E402
from bot.storage import PostgresDatabase, SQLiteDatabase, Storage  # noqa: E402
from bot.tutor import RulesText, Tutor, Who  # noqa: E402
from tests.postgres import new_database  # noqa: E402

GUILD, CHANNEL, TEACHER = 1, 2, 3


async def _open(where: str) -> Storage:
    if where.startswith("postgresql://"):
        return await PostgresDatabase.open(where)
    return await SQLiteDatabase.open(Path(where))


async def _open_quiz(where: str) -> int:
    db = await _open(where)
    try:
        tutor = Tutor(load_library(ROOT / "data" / "lessons")[0], db)
        await tutor.start()
        teacher = Who(GUILD, TEACHER, "Teacher", is_teacher=True)
        return (await tutor.teaching.open_quiz(teacher, "fine-tuning", CHANNEL, RulesText())).quiz.id
    finally:
        await db.close()


async def _students(where: str, quiz_id: int, users: range, start_at: float) -> tuple[int, float]:
    db = await _open(where)
    try:
        tutor = Tutor(load_library(ROOT / "data" / "lessons")[0], db)
        await tutor.start()
        answers = 0

        async def take(user: int) -> None:
            nonlocal answers
            step = await tutor.sessions.start(Who(GUILD, user, f"Student {user}"), quiz_id)
            while step.question is not None:
                step = await tutor.sessions.answer(GUILD, step.attempt_id, user, step.question.position, 0)
                answers += 1

        # Every process begins at the same moment, after its own start-up.
        await asyncio.sleep(max(0.0, start_at - time.time()))
        await asyncio.gather(*(take(user) for user in users))
        return answers, time.time()
    finally:
        await db.close()


def _worker(where: str, quiz_id: int, first: int, count: int, start_at: float) -> tuple[int, float]:
    return asyncio.run(_students(where, quiz_id, range(first, first + count), start_at))


def run(where: str, processes: int, students: int) -> float:
    """Answers per second, from `processes` processes of `students` students each, on one database."""
    quiz_id = asyncio.run(_open_quiz(where))
    start_at = time.time() + 3.0  # time for every process to import and connect
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        jobs = [
            pool.submit(_worker, where, quiz_id, 1000 + n * students, students, start_at)
            for n in range(processes)
        ]
        results = [job.result() for job in jobs]
    answers = sum(n for n, _ in results)
    return answers / (max(end for _, end in results) - start_at)


async def _on_postgres(server: str, processes: int, students: int) -> float:
    # The tests' own throwaway-database helper: made for the run, dropped after.
    async with new_database(server) as url:
        return await asyncio.to_thread(run, url, processes, students)


def main() -> None:
    students = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    server = os.environ.get("TEST_DATABASE_URL", "")
    print(f"{students} students per process, 15 answers each, all at once; answers per second:")
    print(f"{'':12}{'1 process':>14}{'2 processes':>14}")
    rows = []
    for processes in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            rows.append(("SQLite", processes, run(str(Path(folder) / "bench.sqlite3"), processes, students)))
        if server:
            rows.append(("PostgreSQL", processes, asyncio.run(_on_postgres(server, processes, students))))
    for engine in ("SQLite", "PostgreSQL"):
        found = {p: rate for name, p, rate in rows if name == engine}
        if not found:
            print(f"{engine:12}{'skipped: run through scripts/postgres.sh':>28}")
            continue
        print(f"{engine:12}{found[1]:>14,.0f}{found[2]:>14,.0f}")


if __name__ == "__main__":
    main()
