"""The live benchmark still runs end to end: a small class answers one live question at once."""

from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


async def test_a_small_live_burst_runs_and_its_reveal_is_correct(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_live  # importable only once benchmarks/ is on the path

    async def go_on(*args: object, **kwargs: object) -> None:
        del args, kwargs  # a test machine is rarely quiet; the numbers are not what is tested

    monkeypatch.setattr(bench_live, "quiet_machine", go_on)
    await bench_live.run(8)
    printed = capsys.readouterr().out
    assert "8 of 8 answered" in printed
    assert ": correct" in printed
    assert "errors logged by the bot: 0" in printed
