"""Which of a student's attempts speaks for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction

from bot.report.model import AttemptData, Grading


def share(attempt: AttemptData) -> Fraction:
    """The attempt's score as a share of its own total, so tries on longer versions compare fairly."""
    return Fraction(attempt.score, attempt.total) if attempt.total else Fraction(0)


def counted_attempt(attempts: Iterable[AttemptData], grading: Grading) -> AttemptData | None:
    """One student's counted finished attempt by the grading rule; None until one is finished.

    best: highest score (as a share of its total), ties to the earliest finished;
    last: the latest finished; first: the earliest finished.
    """
    finished = [(a.finished_at, a) for a in attempts if a.finished_at is not None]
    if not finished:
        return None

    def when(pair: tuple[datetime, AttemptData]) -> tuple[datetime, int]:
        return pair[0], pair[1].number

    if grading is Grading.LAST:
        return max(finished, key=when)[1]
    by_time = sorted(finished, key=when)
    if grading is Grading.FIRST:
        return by_time[0][1]
    # max() keeps the first of equals, and by_time puts the earliest finished first.
    return max(by_time, key=lambda pair: share(pair[1]))[1]
