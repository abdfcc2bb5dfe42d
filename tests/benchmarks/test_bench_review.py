"""The review simulation of issue 20 still runs end to end through bot.review's plan and scheduler.

Its numbers are printed, never checked here (a small class is noisy): only that it ran, kept the cap,
and printed every figure the issue asks for.
"""

from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_a_small_class_is_simulated_and_every_figure_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_review  # importable only once benchmarks/ is on the path

    bench_review.main(bench_review.arguments(["--students", "12", "--attendance", "0.8"]))
    printed = capsys.readouterr().out
    for figure in ("coverage", "calibration over", "day 30 check", "CPU per review", "CPU per daily plan"):
        assert figure in printed
    assert "(cap 5: met)" in printed
