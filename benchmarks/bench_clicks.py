"""Clicks through the real discord.py client: latency, throughput, and the bot's memory.

The bot runs as its own process (`python -m bot`), as a host runs it; this process runs the
Discord stand-in and the students. Every click writes SQLite (synchronous=FULL) before it is
answered. Run: .venv/bin/python benchmarks/bench_clicks.py [class_size] [burst_size]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content import Lesson, load_library  # noqa: E402
from tests.conftest import bot_environment  # noqa: E402
from tests.e2e.helpers import question_on  # noqa: E402
from tests.fake_discord import FakeDiscord, NoResponse, Person, Shown  # noqa: E402


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(name: str, latencies: list[float], failed: int, elapsed: float) -> None:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    print(
        f"{name}: {len(latencies)} clicks answered in {elapsed:.2f} s ({len(latencies) / elapsed:,.0f}/s); "
        f"p50 {pct(50):.0f} ms, p95 {pct(95):.0f} ms, max {ordered[-1] * 1000:.0f} ms; "
        f"not answered in time: {failed}"
    )


async def timed(latencies: list[float], action: asyncio.Future[Shown] | object) -> Shown | None:
    begin = time.perf_counter()
    try:
        shown = await action  # type: ignore[misc]
    except NoResponse:
        return None
    latencies.append(time.perf_counter() - begin)
    return shown  # type: ignore[no-any-return]


async def take_quiz(student: Person, lesson: Lesson, latencies: list[float], failures: list[str]) -> None:
    shown = await timed(latencies, student.click("Start quiz"))
    while shown is not None and any(t.startswith("Question ") for t in shown.titles):
        shown = await timed(latencies, student.click(question_on(shown, lesson).answer, on=shown))
    if shown is None:
        failures.append(student.member.name)


async def main(class_size: int, burst: int) -> None:
    library, _ = load_library(ROOT / "data" / "lessons")
    lesson = library["fine-tuning"]
    fake = FakeDiscord()
    await fake.start()
    folder = tempfile.mkdtemp()
    env = {**os.environ, **bot_environment(fake, Path(folder) / "bench.sqlite3"), "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=folder, env=env)
    try:
        await fake.wait_connected(timeout=30)
        teacher = Person(fake, fake.add_member("Teacher", teacher=True))
        await teacher.slash("quiz start", lesson="fine-tuning")
        print(f"bot memory after start: {rss_mib(process.pid):.1f} MiB")

        students = [Person(fake, fake.add_member(f"Student {n}")) for n in range(class_size)]
        latencies: list[float] = []
        failures: list[str] = []
        begin = time.perf_counter()
        await asyncio.gather(*(take_quiz(s, lesson, latencies, failures) for s in students))
        summary(
            f"a class of {class_size} taking the whole quiz at once",
            latencies,
            len(failures),
            time.perf_counter() - begin,
        )
        print(f"bot memory after {len(latencies)} clicks: {rss_mib(process.pid):.1f} MiB")

        crowd = [Person(fake, fake.add_member(f"Crowd {n}")) for n in range(burst)]
        starts: list[float] = []
        begin = time.perf_counter()
        opened = await asyncio.gather(*(timed(starts, s.click("Start quiz")) for s in crowd))
        summary(
            f"{burst} students pressing Start quiz in the same instant",
            starts,
            opened.count(None),
            time.perf_counter() - begin,
        )
        for round_number in range(3):
            answers: list[float] = []
            cpu = cpu_seconds(process.pid)
            begin = time.perf_counter()
            opened = await asyncio.gather(
                *(
                    timed(answers, s.click(question_on(shown, lesson).answer, on=shown))
                    for s, shown in zip(crowd, opened, strict=True)
                    if shown is not None
                )
            )
            elapsed = time.perf_counter() - begin
            summary(
                f"burst {round_number + 1}: {burst} answers in the same instant",
                answers,
                opened.count(None),
                elapsed,
            )
            used = cpu_seconds(process.pid) - cpu
            print(
                f"  the bot's CPU: {used:.2f} s of {elapsed:.2f} s "
                f"({used / len(answers) * 1000:.1f} ms per click)"
            )
        print(
            f"bot memory after {len(fake.interactions)} interactions in all: {rss_mib(process.pid):.1f} MiB"
        )
        rejected = fake.rejected()
        print(f"requests Discord would have refused: {len(rejected)}")
    finally:
        process.terminate()
        await process.wait()
        await fake.stop()


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    crowd = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    asyncio.run(main(size, crowd))
