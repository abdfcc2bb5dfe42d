"""Scale-out: real `python -m bot` processes on SQLite and on PostgreSQL (fsync on), one guild per shard.

For each engine and number of processes P: a stand-in Discord (tests/fake_discord) serves P guilds, one
per shard; P bot processes run shards 0..P-1 (SHARD_COUNT=P, SHARD_IDS=i; with P=1 no sharding at all)
on one database. After a warm-up, every student of every guild presses Start quiz and answers all 15
questions, all students at once, each pressing as soon as the last screen came. Printed, never asserted:
- answers/s: answers saved over the time from the first click to the last callback;
- CPU per answer, in ms, all CPU over the run divided by the answers (each quiz's Start quiz click is
  in it): the bot processes' (all threads; SQLite works inside them) and the database server's (the
  postmaster and every child: backends, WAL writer, checkpointer), and their total;
- p50/p95 click latency (INTERACTION_CREATE sent to the bot's callback received) and the share of
  clicks answered with their next screen within Discord's 3 s; refused ("busy, press again") and failed
  clicks are pressed again and counted; "errors" are ERROR lines the bots logged;
- harness: how busy the harness processes (stand-in and students) were; near 100% they, not the bots,
  limit the figure: give them more --harness-cores. "others": cores the rest of the machine kept busy.
The bots run on --bot-cores, PostgreSQL on --db-cores (the bots' by default), the harness on
--harness-cores, one harness process per core (at most one per bot process): pinned with taskset.

Run: .venv/bin/python benchmarks/bench_scale.py [--engines sqlite,postgres] [--processes 1,2]
         [--students 200] [--repeat 2] [--bot-cores 1] [--db-cores 1] [--harness-cores 0]
SQLite is run with one process only: several processes writing one file is not how the bot is hosted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_clicks import cpu_seconds  # noqa: E402
from measure import machine_busy, quiet_machine, settle  # noqa: E402
from scale_harness import Plan, Tally, serve  # noqa: E402
from scale_servers import BenchPostgres, bench_postgres, cpu_list, machine, pin  # noqa: E402

from bot.config import PoolOptions  # noqa: E402

POOL_SIZE = PoolOptions().size  # the bot's default DATABASE_POOL_SIZE: connections per process


@dataclass
class Run:
    engine: str
    processes: int
    expected: int  # answers: processes x students x 15
    tally: Tally
    bot_cpu: float
    db_cpu: float
    errors: int
    workers: int
    others: float

    @property
    def wall(self) -> float:
        return self.tally.last - self.tally.first

    @property
    def rate(self) -> float:
        """Answers saved per second; NaN when no click was answered at all."""
        return self.tally.answers / self.wall if self.wall > 0 else float("nan")

    def per_answer(self, cpu: float) -> float:
        return cpu / self.tally.answers * 1000 if self.tally.answers else float("nan")

    def pct(self, p: float) -> float:
        ordered = sorted(self.tally.latencies) or [float("nan")]
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def default_cores() -> tuple[list[int], list[int]]:
    """(harness, bots): a quarter of the cores (one at least) for the harness, the rest for the bots."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return cores, cores
    share = max(1, len(cores) // 4)
    return cores[:share], cores[share:]


async def receive(conn: Connection, expect: str) -> object:
    kind, value = await asyncio.to_thread(conn.recv)
    if kind != expect:
        raise RuntimeError(f"a harness process failed: {value}")
    return value


async def run_case(
    engine: str, processes: int, args: argparse.Namespace, server: BenchPostgres | None
) -> Run:
    folder = Path(tempfile.mkdtemp(prefix="bench-scale.", dir="/tmp"))  # on disk, for SQLite's fsync
    if server is not None:
        database = {"DATABASE_URL": await server.new_database()}
    else:
        database = {"DATABASE_PATH": str(folder / "bench.sqlite3")}
    workers = min(processes, len(args.harness_cores))
    context = multiprocessing.get_context("spawn")
    pipes, harnesses = [], []
    for w in range(workers):
        plan = Plan(
            shards=list(range(w, processes, workers)),
            shard_count=processes if processes > 1 else None,
            students=args.students,
            warm=args.warm,
            database=database,
            folder=str(folder),
            bot_pin=pin(args.bot_cores),
            harness_cores={args.harness_cores[w]},
        )
        ours, theirs = context.Pipe()
        harness = context.Process(target=serve, args=(theirs, plan), daemon=True)
        harness.start()
        pipes.append(ours)
        harnesses.append(harness)
    try:
        pids = [pid for conn in pipes for pid in await receive(conn, "ready")]  # type: ignore[attr-defined]
        for pid in pids:
            await settle(pid)
        await quiet_machine(patience=args.patience)
        bots, db, busy, began = (
            sum(map(cpu_seconds, pids)),
            server.cpu() if server else 0.0,
            machine_busy(),
            time.monotonic(),
        )
        for conn in pipes:
            conn.send("go")
        tallies = [await receive(conn, "done") for conn in pipes]
        for pid in pids:
            await settle(pid)
        bots = sum(map(cpu_seconds, pids)) - bots
        db = (server.cpu() - db) if server else 0.0
        busy, took = machine_busy() - busy, time.monotonic() - began
    finally:
        for conn in pipes:
            conn.send("stop")
        errors = 0
        for conn in pipes:
            while True:
                kind, value = await asyncio.to_thread(conn.recv)
                if kind == "stopped":
                    errors += int(value)
                    break
        for harness in harnesses:
            harness.join(30)
        shutil.rmtree(folder, ignore_errors=True)
    tally = merge(tallies)  # type: ignore[arg-type]
    others = (busy - bots - db - tally.harness_cpu) / took
    return Run(engine, processes, processes * args.students * 15, tally, bots, db, errors, workers, others)


def merge(tallies: list[Tally]) -> Tally:
    whole = Tally()
    for t in tallies:
        whole.latencies += t.latencies
        for name in ("clicks", "answers", "in_time", "refused", "failed", "gave_up", "harness_cpu"):
            setattr(whole, name, getattr(whole, name) + getattr(t, name))
        whole.first, whole.last = min(whole.first, t.first), max(whole.last, t.last)
    return whole


HEADER = (
    f"{'engine':<10} {'procs':>5} {'answers':>11} {'wall':>6} {'ans/s':>6} {'bot':>6} {'db':>6} "
    f"{'total':>6} {'p50':>6} {'p95':>6} {'in 3 s':>7} {'refused':>7} {'failed':>6} {'errors':>6} "
    f"{'harness':>7} {'others':>6}"
)


def row(r: Run) -> str:
    t = r.tally
    harness = t.harness_cpu / (r.wall * r.workers) if r.wall > 0 else float("nan")
    return (
        f"{r.engine:<10} {r.processes:>5} {t.answers:>5}/{r.expected:<5} {r.wall:>5.1f}s "
        f"{r.rate:>6.0f} {r.per_answer(r.bot_cpu):>6.2f} {r.per_answer(r.db_cpu):>6.2f} "
        f"{r.per_answer(r.bot_cpu + r.db_cpu):>6.2f} "
        f"{r.pct(50):>6.0f} {r.pct(95):>6.0f} {t.in_time / max(t.clicks, 1):>7.1%} {t.refused:>7} "
        f"{t.failed:>6} {r.errors:>6} {harness:>7.0%} {r.others:>6.2f}"
    )


def spread(values: list[float], form: str) -> str:
    low, high = min(values), max(values)
    return format(low, form) if format(low, form) == format(high, form) else f"{low:{form}} to {high:{form}}"


def summary(runs: list[Run]) -> list[str]:
    """Per engine and number of processes, over the repeats: ranges."""
    lines = []
    for key in dict.fromkeys((r.engine, r.processes) for r in runs):
        group = [r for r in runs if (r.engine, r.processes) == key]
        lines.append(
            f"{key[0]}, {key[1]} process{'es' if key[1] > 1 else ''}, {len(group)} runs: "
            f"{spread([r.rate for r in group], ',.0f')} answers/s; CPU per answer "
            f"{spread([r.per_answer(r.bot_cpu + r.db_cpu) for r in group], '.2f')} ms (bot "
            f"{spread([r.per_answer(r.bot_cpu) for r in group], '.2f')}, database server "
            f"{spread([r.per_answer(r.db_cpu) for r in group], '.2f')}); p95 "
            f"{spread([r.pct(95) for r in group], '.0f')} ms; answered within 3 s "
            f"{spread([r.tally.in_time / max(r.tally.clicks, 1) * 100 for r in group], '.1f')}%; "
            f"every answer saved in {sum(r.tally.answers == r.expected for r in group)} of {len(group)}"
        )
    return lines


async def main(args: argparse.Namespace) -> list[Run]:
    cases = [(e, p) for e in args.engines for p in args.processes if e == "postgres" or p == 1]
    print("\n".join(machine()))
    if "sqlite" in args.engines and max(args.processes) > 1:
        print("SQLite is run with 1 process only: its file is for one process")
    print(
        f"bots on cores {args.bot_cores}, database server on {args.db_cores}, harness on "
        f"{args.harness_cores}; {args.students} students per guild (one guild per process), each a whole "
        f"quiz (Start + 15 answers), all at once; {args.repeat} runs of each"
    )
    runs: list[Run] = []
    async with contextlib.AsyncExitStack() as stack:
        server = None
        if "postgres" in args.engines:
            connections = POOL_SIZE * max(args.processes) + 20
            server = await stack.enter_async_context(bench_postgres(args.db_cores, connections))
            print(await server.settings())
        print("CPU per answer in ms; latency in ms")
        print(HEADER, flush=True)
        for _ in range(args.repeat):
            for engine, processes in cases:
                run = await run_case(engine, processes, args, server if engine == "postgres" else None)
                runs.append(run)
                print(row(run), flush=True)
    print()
    print("\n".join(summary(runs)))
    return runs


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    harness, bots = default_cores()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", type=lambda s: s.split(","), default=["sqlite", "postgres"])
    parser.add_argument("--processes", type=lambda s: [int(p) for p in s.split(",")], default=[1, 2])
    parser.add_argument("--students", type=int, default=200, help="students per guild (per process)")
    parser.add_argument(
        "--warm", type=int, default=5, help="students per guild who take the quiz first, untimed"
    )
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--bot-cores", type=cpu_list, default=bots, help="a taskset CPU list, e.g. 4-15")
    parser.add_argument("--db-cores", type=cpu_list, default=None, help="default: the bots' cores")
    parser.add_argument(
        "--harness-cores", type=cpu_list, default=harness, help="one harness process per core"
    )
    parser.add_argument(
        "--patience", type=float, default=30.0, help="seconds to wait for a quiet machine before each run"
    )
    args = parser.parse_args(argv)
    args.db_cores = args.db_cores or args.bot_cores
    unknown = set(args.engines) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    return args


if __name__ == "__main__":
    asyncio.run(main(arguments()))
