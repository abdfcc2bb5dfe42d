"""Memory over consecutive bursts: RSS of one bot process (and of one bare discord.py bot) after each.

bench_burst.py starts a fresh bot for every burst; a host's bot lives through burst after burst. Here
each bot (`python -m bot`, then benchmarks/bare_bot.py) is started once and takes N bursts, each of
SIZE new students who press Start quiz (untimed, a hundred at a time) and then answer at the same
instant. After each burst, once the bot is idle, its RSS is printed with the burst's CPU per click
(all threads) and the share of clicks answered within 3 s; at the end, RSS at start, after the
first burst, the most after any, and after the last, per bot.

Run: .venv/bin/python benchmarks/bench_memory.py [--bursts 20] [--size 2000] [--bot-only | --bare-only]
         [--bare-gc default|tuned] [--no-pin]
Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))

import bench_burst  # noqa: E402 - also puts the repository on the path
from bench_burst import LESSON, ROOT, TimedFake, fire, launch, quiz_card, ready_clicks  # noqa: E402
from bench_clicks import cpu_seconds, rss_mib  # noqa: E402
from measure import settle  # noqa: E402

from bot.content import Lesson, load_library  # noqa: E402


@dataclass
class Run:
    who: str
    rss_start: float = 0.0
    rss: list[float] = field(default_factory=list)  # MiB after each burst, the bot idle
    cpu: list[float] = field(default_factory=list)  # ms per click, each burst


async def bursts(who: str, count: int, size: int, lesson: Lesson) -> Run:
    """`count` bursts of `size` clicks against one process of `who`, printing a row after each."""
    fake = TimedFake()
    await fake.start()
    folder = Path(tempfile.mkdtemp(prefix="memory-"))
    process = await launch(who, fake, folder, None)
    run = Run(who)
    try:
        await fake.wait_connected(timeout=60)
        card = await quiz_card(who, fake)
        await settle(process.pid)
        run.rss_start = rss_mib(process.pid)
        print(f"{who:<4} start {'':>9} {'':>9} {run.rss_start:>8.1f}", flush=True)
        for burst in range(1, count + 1):
            clicks = await ready_clicks(fake, card, lesson, [f"Student {burst}-{n}" for n in range(size)])
            await settle(process.pid)
            cpu = cpu_seconds(process.pid)
            sent, _, _ = await fire(fake, process.pid, clicks)
            run.cpu.append((cpu_seconds(process.pid) - cpu) / size * 1000)
            in_time = sum(
                1 for i in sent if i.done.done() and i.done.exception() is None and i.original is i.source
            )
            run.rss.append(rss_mib(process.pid))
            print(
                f"{who:<4} {burst:>5} {in_time / size:>9.1%} {run.cpu[-1]:>7.2f}ms {run.rss[-1]:>8.1f}",
                flush=True,
            )
            # The stand-in's own memory is not what is measured: it keeps the card alone.
            fake.messages = {card.id: fake.messages[card.id]}
            fake.callback_at.clear()
        return run
    finally:
        process.terminate()
        await process.wait()
        await fake.stop()
        shutil.rmtree(folder, ignore_errors=True)


def summary(run: Run) -> str:
    cpu = sorted(run.cpu)
    return (
        f"{run.who}: RSS MiB start {run.rss_start:.1f}, after burst 1 {run.rss[0]:.1f}, "
        f"most {max(run.rss):.1f} (after burst {run.rss.index(max(run.rss)) + 1}), "
        f"after burst {len(run.rss)} {run.rss[-1]:.1f}; CPU per click median {cpu[len(cpu) // 2]:.2f} ms"
    )


async def main(args: argparse.Namespace) -> None:
    bench_burst.BARE_GC = args.bare_gc
    if args.pin:
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[0]})
        bench_burst.PIN_BOT[:] = ["taskset", "-c", str(cores[1])]
    library, _ = load_library(ROOT / "data" / "lessons")
    whos = ["bot"] if args.bot_only else ["bare"] if args.bare_only else ["bot", "bare"]
    print(f"{'who':<4} {'burst':>5} {'in 3 s':>9} {'CPU/click':>9} {'RSS MiB':>8}", flush=True)
    runs = [await bursts(who, args.bursts, args.size, library[LESSON]) for who in whos]
    print()
    for run in runs:
        print(summary(run))


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bursts", type=int, default=20, help="consecutive bursts per bot process")
    parser.add_argument("--size", type=int, default=2000, help="clicks per burst")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--bot-only", action="store_true")
    only.add_argument("--bare-only", action="store_true")
    parser.add_argument("--bare-gc", choices=["default", "tuned"], default="default")
    parser.add_argument(
        "--pin",
        action=argparse.BooleanOptionalAction,
        default=len(os.sched_getaffinity(0)) >= 2,
        help="the bot on one core, this process on another, as bench_burst.py does",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(arguments()))
