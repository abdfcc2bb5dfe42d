"""Speed of the whole class report for 1,000 students x 15 questions: figures, card, CSVs, .xlsx,
the Moodle and Canvas files, PNG.

Run: .venv/bin/python benchmarks/bench_report.py
The input is made in memory (as the database would hand it over); reading it from SQLite is not timed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.exts.report_card import report_embeds  # noqa: E402
from bot.report import (  # noqa: E402
    Gradebook,
    ReportInput,
    build_report,
    chart_png,
    gradebook_csv,
    questions_csv,
    report_xlsx,
    students_csv,
)
from tests.report.sample import big_class  # noqa: E402

T = TypeVar("T")
STUDENTS, QUESTIONS, RUNS = 1000, 15, 5


def timed(step: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def run(data: ReportInput) -> dict[str, float]:
    report, figures = timed(lambda: build_report(data))
    times = {"figures": figures}
    times["card"] = timed(lambda: report_embeds(report))[1]
    times["students CSV"] = timed(lambda: students_csv(report))[1]
    times["questions CSV"] = timed(lambda: questions_csv(report))[1]
    xlsx, times["xlsx"] = timed(lambda: report_xlsx(report))
    times["Moodle CSV"] = timed(lambda: gradebook_csv(report, Gradebook.MOODLE))[1]
    times["Canvas CSV"] = timed(lambda: gradebook_csv(report, Gradebook.CANVAS))[1]
    png, times["PNG"] = timed(lambda: chart_png(report))
    assert png is not None  # hundreds have finished: there is a chart
    print(
        f"  one run: xlsx {len(xlsx):,} bytes, PNG {len(png):,} bytes,"
        f" {sum(times.values()) * 1000:.0f} ms in all"
    )
    return times


def main() -> None:
    data = big_class(STUDENTS, QUESTIONS)
    answers = sum(len(a.answers) for a in data.attempts)
    print(
        f"input: {STUDENTS} students x {QUESTIONS} questions, "
        f"{len(data.attempts)} attempts, {answers} answers"
    )

    # The first report in a process also pays for importing matplotlib.
    cold = run(data)
    warm: dict[str, list[float]] = {name: [] for name in cold}
    for _ in range(RUNS):
        for name, took in run(data).items():
            warm[name].append(took)

    print(f"{'step':<15}{'first (ms)':>12}{'median of ' + str(RUNS) + ' (ms)':>20}")
    for name, first in cold.items():
        print(f"{name:<15}{first * 1000:>12.0f}{statistics.median(warm[name]) * 1000:>20.0f}")
    total_cold = sum(cold.values())
    total_warm = sum(statistics.median(times) for times in warm.values())
    print(f"{'total':<15}{total_cold * 1000:>12.0f}{total_warm * 1000:>20.0f}")
    print("goal: the whole report under 1 s")


if __name__ == "__main__":
    main()
