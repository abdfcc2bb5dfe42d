"""bench_pg_call.py still measures both ways on a real PostgreSQL: only that it ran and printed each row."""

from pathlib import Path

import pytest

from tests.postgres import postgres_url

__all__ = ["postgres_url"]  # a fixture

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


async def test_both_ways_are_measured_one_and_many_at_once(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    monkeypatch.setenv("TEST_DATABASE_URL", postgres_url)
    import bench_pg_call  # importable only once benchmarks/ is on the path

    await bench_pg_call.main(400)
    printed = capsys.readouterr().out
    for row in ("asyncpg pool, direct (1 at once)", "the bot's engine (200 at once)"):
        assert row in printed
