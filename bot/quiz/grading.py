"""Which of a student's finished attempts counts, by the quiz's grading rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from bot.quiz.rules import Grading


class Finished(NamedTuple):
    score: float  # whole when every answer was whole right or wrong; see bot.storage.records.points
    total: int
    finished_at: datetime
    number: int = 0  # the attempt's number: orders attempts finished in the same instant


def counted(finished: Sequence[Finished], rule: Grading) -> Finished | None:
    """The attempt that counts: the best (the earliest among equals), the last or the first; None if none.

    "Best" compares the share right, so attempts on lesson versions of different lengths compare fairly.
    """
    if not finished:
        return None
    if rule is Grading.LAST:
        return max(finished, key=lambda f: (f.finished_at, f.number))
    if rule is Grading.FIRST:
        return min(finished, key=lambda f: (f.finished_at, f.number))
    return max(finished, key=lambda f: (f.score / f.total, -f.finished_at.timestamp(), -f.number))
