"""Speed of reading what teachers type: deadlines in every language, zones by place, Word uploads.

Run: .venv/bin/python benchmarks/bench_words.py
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content import load_lesson, parse_upload  # noqa: E402
from bot.quiz.when import TimeTextError, read_when  # noqa: E402
from bot.quiz.zones import parse_zone, zone_choices  # noqa: E402
from tests.content.teacher_forms import docx_bytes  # noqa: E402
from tests.quiz.test_when_phrases import NOWS, PHRASES  # noqa: E402


def timed(label: str, count: int, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    for _ in range(count):
        run()
    took = time.perf_counter() - start
    print(f"{label}: {took / count * 1e6:,.0f} µs each ({count} runs)")


def read_all() -> None:
    for code, now_name, typed, _ in PHRASES:
        now = NOWS[now_name]
        assert isinstance(now.tzinfo, ZoneInfo)
        with contextlib.suppress(TimeTextError):
            read_when(typed, now, now.tzinfo, day_end=True, language=code)


def main() -> None:
    start = time.perf_counter()
    zone_choices("Spain")
    took = (time.perf_counter() - start) * 1e3
    print(f"first place lookup (builds CLDR's country and city index): {took:.0f} ms")
    timed(f"reading all {len(PHRASES)} table phrases", 200, read_all)
    timed("one zone by place (España, asks which)", 2000, lambda: _quiet(lambda: parse_zone("España")))
    timed("autocomplete for 'nueva y'", 2000, lambda: zone_choices("nueva y"))
    lesson = load_lesson(ROOT / "data" / "lessons" / "fine-tuning.toml")
    data = docx_bytes(lesson)
    print(f"Word file of the bundled lesson: {len(data):,} bytes")
    timed("reading it as a lesson", 50, lambda: parse_upload(data, "fine-tuning.docx"))


def _quiet(run: Callable[[], object]) -> None:
    with contextlib.suppress(TimeTextError):
        run()


if __name__ == "__main__":
    main()
