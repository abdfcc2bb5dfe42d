"""Measuring a process from outside: CPU per thread, the machine's load, and a profile of a window.

A profile covers the burst alone, not start-up or the clicks that set it up, and the bot's code is
unchanged: either py-spy samples the running bot from outside, or the bot runs under cProfile
(main-thread CPU time) through this file as a script, recording only between SIGUSR1 and SIGUSR2.
Run: python benchmarks/measure.py OUT.prof [arguments for python -m bot]
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import runpy
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from types import FrameType


def main_thread_cpu(pid: int) -> float:
    """CPU seconds of the process's main thread (the event loop); the rest is its other threads."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds all processes on the machine have used (/proc/stat): what is not idle or I/O wait."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


async def quiet_machine(most: float = 0.3, patience: float = 60.0) -> None:
    """Until the rest of the machine keeps fewer than `most` cores busy (or `patience` runs out).

    Called while the bot under test is idle, so that a burst starts on a quiet machine, as far as a
    machine shared with other work allows.
    """
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        busy, began = machine_busy(), time.monotonic()
        await asyncio.sleep(0.5)
        if (machine_busy() - busy) / (time.monotonic() - began) < most:
            return


async def settle(pid: int) -> None:
    """Until the process has used no CPU for a moment: its last clicks' work is done."""
    # Imported here: as a script, this module runs the profiled bot, which needs none of the harness.
    from bench_clicks import cpu_seconds

    used = cpu_seconds(pid)
    for _ in range(30):
        await asyncio.sleep(0.2)
        now = cpu_seconds(pid)
        if now == used:
            return
        used = now


def profile_bot(out: str) -> None:
    """Run the bot in this process; record while signalled to, and write the profile at exit."""
    # The main thread's CPU time, not wall time: time spent waiting in epoll is not a cost.
    profiler = cProfile.Profile(time.thread_time)

    def record(_signal: int, _frame: FrameType | None) -> None:
        profiler.enable()

    def pause(_signal: int, _frame: FrameType | None) -> None:
        profiler.disable()

    signal.signal(signal.SIGUSR1, record)
    signal.signal(signal.SIGUSR2, pause)
    try:
        runpy.run_module("bot", run_name="__main__", alter_sys=True)
    finally:
        profiler.disable()
        profiler.dump_stats(out)


async def begin_profile(pid: int, out: Path) -> asyncio.subprocess.Process | None:
    """Start recording the bot: py-spy if `out` ends in .txt (returned), else the cProfile window."""
    if out.suffix != ".txt":
        os.kill(pid, signal.SIGUSR1)
        await asyncio.sleep(0.3)  # the signal reaches the bot's main thread before the first click
        return None
    spy = await asyncio.create_subprocess_exec(
        *(os.environ.get("PY_SPY", "py-spy"), "record", "--pid", str(pid), "--format", "raw"),
        *("--function", "--rate", "500", "--output", str(out)),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await asyncio.sleep(1.0)  # attached before the first click
    return spy


async def end_profile(pid: int, spy: asyncio.subprocess.Process | None) -> None:
    if spy is None:
        os.kill(pid, signal.SIGUSR2)
        return
    spy.send_signal(signal.SIGINT)  # py-spy writes what it sampled and exits
    await spy.wait()


def print_profile(path: Path, root: Path, count: int = 15) -> None:
    if path.suffix == ".txt":
        print_samples(path, count)
    else:
        print_cprofile(path, root, count)


def print_samples(path: Path, count: int) -> None:
    """py-spy's samples of the main thread at work: the bot's own functions, then leaf functions.

    A sample waiting in the event loop's select() is idle time that py-spy did not recognise as idle.
    """
    stacks = Counter[tuple[str, ...]]()
    for line in path.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        frames = tuple(stack.split(";"))
        main_thread = not frames[0].startswith("Thread._bootstrap")
        if main_thread and not frames[-1].startswith("EpollSelector.select"):
            stacks[frames] += int(samples)
    total = sum(stacks.values()) or 1
    print(f"\npy-spy {path}: {total} samples of the main thread at work")
    inclusive, own = Counter[str](), Counter[str]()
    for frames, n in stacks.items():
        for name in set(frames):
            inclusive[name] += n
        own[frames[-1]] += n
    print("the bot's own functions, inclusive (callees included):")
    roots = ("(bot/__main__.py", "(bot/cli.py", "(bot/client.py")  # what runs the event loop: everything
    mine = [
        (n, name) for name, n in inclusive.items() if "(bot/" in name and not any(r in name for r in roots)
    ]
    for n, name in sorted(mine, reverse=True)[:count]:
        print(f"  {n / total:6.1%}  {name}")
    print("every function, own samples (callees excluded):")
    for name, n in own.most_common(count):
        print(f"  {n / total:6.1%}  {name}")


def print_cprofile(path: Path, root: Path, count: int) -> None:
    """The bot's own functions by cumulative share of the profiled CPU, then every function by own time."""
    entries = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    total = sum(tottime for _, _, tottime, _, _ in entries.values()) or float("nan")

    def name(key: tuple[str, int, str]) -> str:
        file, line, function = key
        for marker in ("site-packages/", f"{root}/"):
            file = file.split(marker, 1)[-1]
        return f"{file}:{line}:{function}"

    own = [(cum, key) for key, (_, _, _, cum, _) in entries.items() if key[0].startswith(str(root / "bot"))]
    print(f"\nprofile {path}: {total:.2f} s of main-thread CPU (cProfile slows every call, so small")
    print("functions called often look costlier than they are)")
    print("the bot's own functions, cumulative (callees included):")
    for cum, key in sorted(own, reverse=True)[:count]:
        print(f"  {cum / total:6.1%}  {name(key)}")
    print("every function, own time (callees excluded):")
    for key, (_, _, tottime, _, _) in sorted(entries.items(), key=lambda e: -e[1][2])[:count]:
        print(f"  {tottime / total:6.1%}  {name(key)}")


if __name__ == "__main__":
    destination = sys.argv[1]
    sys.argv = ["bot", *sys.argv[2:]]
    profile_bot(destination)
