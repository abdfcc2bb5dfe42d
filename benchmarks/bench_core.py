"""Speed of the core without Discord: the pure engine, and the click path through Tutor and SQLite.

Run: .venv/bin/python benchmarks/bench_core.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content import load_library  # noqa: E402
from bot.quiz.engine import Attempt  # noqa: E402
from bot.storage import SQLiteDatabase  # noqa: E402
from bot.tutor import RulesText, Tutor, Who  # noqa: E402

GUILD, CHANNEL, TEACHER = 1, 2, 3


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def bench_engine(lesson_count: int = 2000) -> None:
    library, _ = load_library(ROOT / "data" / "lessons")
    lesson = library["fine-tuning"]
    start = time.perf_counter()
    for seed in range(lesson_count):
        attempt = Attempt(lesson, seed)
        while (question := attempt.current()) is not None:
            choice = attempt.judge(question.position, 0)
            attempt = attempt.with_choice(choice)
            attempt.feedback(choice)
        attempt.summary()
    elapsed = time.perf_counter() - start
    answers = lesson_count * len(lesson.questions)
    print(
        f"engine: {answers} answers judged in {elapsed:.2f} s = "
        f"{answers / elapsed:,.0f} answers/s (pure, no I/O)"
    )


async def take(tutor: Tutor, quiz_id: int, user: int, latencies: list[float]) -> None:
    step = await tutor.sessions.start(Who(GUILD, user, f"Student {user}"), quiz_id)
    while step.question is not None:
        begin = time.perf_counter()
        step = await tutor.sessions.answer(GUILD, step.attempt_id, user, step.question.position, 0)
        latencies.append(time.perf_counter() - begin)


async def bench_storage(students: int) -> None:
    library, _ = load_library(ROOT / "data" / "lessons")
    with tempfile.TemporaryDirectory() as folder:
        db = await SQLiteDatabase.open(Path(folder) / "bench.sqlite3")
        tutor = Tutor(library, db)
        await tutor.start()
        teacher = Who(GUILD, TEACHER, "Teacher", is_teacher=True)
        quiz = (await tutor.teaching.open_quiz(teacher, "fine-tuning", CHANNEL, RulesText())).quiz

        latencies: list[float] = []
        start = time.perf_counter()
        await take(tutor, quiz.id, 1, latencies)
        one = time.perf_counter() - start
        print(
            f"storage, one student: 15 answers committed (synchronous=FULL) in {one * 1000:.0f} ms, "
            f"median {statistics.median(latencies) * 1000:.2f} ms per answer"
        )

        latencies = []
        start = time.perf_counter()
        await asyncio.gather(*(take(tutor, quiz.id, 1000 + n, latencies) for n in range(students)))
        elapsed = time.perf_counter() - start
        print(
            f"storage, {students} students at once: {len(latencies)} answers in {elapsed:.2f} s = "
            f"{len(latencies) / elapsed:,.0f} answers/s; "
            f"per answer p50 {percentile(latencies, 50) * 1000:.1f} ms, "
            f"p95 {percentile(latencies, 95) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
        )

        start = time.perf_counter()
        report = await tutor.reports.build(quiz)
        elapsed = time.perf_counter() - start
        print(f"report over {len(report.students)} students: {elapsed * 1000:.0f} ms")
        start = time.perf_counter()
        await tutor.sessions.progress(Who(GUILD, 1000, "Student 1000"))
        print(f"one student's /progress: {(time.perf_counter() - start) * 1000:.2f} ms")
        size = (Path(folder) / "bench.sqlite3").stat().st_size + (
            Path(folder) / "bench.sqlite3-wal"
        ).stat().st_size
        print(f"database size with {len(latencies) + 15} answers: {size / 1024:.0f} KiB")
        await db.close()


def main() -> None:
    bench_engine()
    asyncio.run(bench_storage(students=int(sys.argv[1]) if len(sys.argv) > 1 else 300))


if __name__ == "__main__":
    main()
