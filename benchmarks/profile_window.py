"""Run `python -m bot` under cProfile (main-thread CPU time), recording between SIGUSR1 and SIGUSR2.

bench_burst.py --profile starts the bot this way and signals around the burst, so that the
profile holds the burst alone, not start-up or the clicks that set the burst up. The bot's code is
unchanged. Run: python benchmarks/profile_window.py OUT.prof [arguments for python -m bot]
"""

from __future__ import annotations

import cProfile
import pstats
import runpy
import signal
import sys
import time
from pathlib import Path
from types import FrameType


def main(out: str) -> None:
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


def print_profile(path: Path, root: Path, count: int = 15) -> None:
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
    main(destination)
