"""The scale-out benchmark still runs end to end: real bot processes, SQLite and sharded PostgreSQL.

The smallest cases, to catch a change that breaks it (a launch, the stand-in, the sharding): every
click answered with its next screen and every answer saved. Its numbers are printed, never checked.
"""

import os
from pathlib import Path

import pytest

from tests.own_postgres import _bin as postgres_binaries
from tests.postgres import in_ci

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize(
    "options",
    [
        ["--engines", "sqlite", "--processes", "1"],
        # Two harness processes where there are two cores: the one without shard 0 syncs the commands.
        [
            "--engines",
            "postgres",
            "--processes",
            "2",
            "--harness-cores",
            ",".join(map(str, sorted(os.sched_getaffinity(0))[:2])),
        ],
    ],
    ids=["sqlite-1", "postgres-2"],
)
async def test_the_smallest_case_answers_every_click(
    options: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if "postgres" in options and postgres_binaries() is None:
        if in_ci(os.environ):
            pytest.fail("CI needs PostgreSQL's binaries for the scale-out benchmark", pytrace=False)
        pytest.skip("no PostgreSQL binaries")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_scale  # importable only once benchmarks/ is on the path

    small = ["--students", "3", "--warm", "1", "--repeat", "1", "--patience", "0"]
    runs = await bench_scale.main(bench_scale.arguments([*options, *small]))
    printed = capsys.readouterr().out
    assert len(runs) == 1
    run = runs[0]
    assert run.tally.answers == run.expected == run.processes * 3 * 15
    assert run.tally.in_time == run.tally.clicks  # none refused, none late
    assert run.tally.gave_up == 0
    assert run.errors == 0
    assert "answers/s; CPU per answer" in printed
    if "postgres" in options:
        assert "fsync=on" in printed
        assert run.db_cpu > 0  # the server's CPU is counted
