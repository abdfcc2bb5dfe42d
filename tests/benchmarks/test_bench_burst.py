"""The burst benchmark of issue 11 still runs end to end against both bots.

It writes open attempts into the bot's file itself (put_open_attempts), so a schema change could
break it unnoticed. Its numbers are printed, never checked here: only that it ran and measured.
"""

from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


async def test_a_small_burst_runs_against_the_bot_and_the_bare_bot(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_burst  # importable only once benchmarks/ is on the path

    async def go_on(*args: object, **kwargs: object) -> None:
        del args, kwargs  # a test machine is rarely quiet; the numbers are not what is tested

    monkeypatch.setattr(bench_burst, "quiet_machine", go_on)
    await bench_burst.main(
        bench_burst.arguments(["--sizes", "4", "--open-attempts", "3", "--repeat", "1", "--no-pin"])
    )
    printed = capsys.readouterr().out
    rows = {row[2]: row for row in (line.split() for line in printed.splitlines()) if row[:2] == ["4", "3"]}
    assert set(rows) == {"bot", "bare"}
    assert rows["bot"][-3] == "0"  # errors: the bot logged none
    for row in rows.values():
        # Columns as in bench_burst.HEADER: clicks, open, who, p50, ..., in 3 s, refused, ...
        assert row[3] != "nan"  # p50: clicks were answered
        assert row[8] == "0"  # refused: every click got its next screen, none a "press again"
    assert "4 clicks,     3 open, 1 pairs: bot/bare CPU median" in printed
