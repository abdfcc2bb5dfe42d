"""Which of a student's attempts speaks for them, by the same rule students are told."""

from __future__ import annotations

from collections.abc import Iterable

from bot.quiz.grading import Finished, counted
from bot.report.model import AttemptData, Grading


def counted_attempt(attempts: Iterable[AttemptData], grading: Grading) -> AttemptData | None:
    """One student's counted finished attempt by the grading rule; None until one is finished."""
    finished = {a.number: a for a in attempts if a.finished_at is not None}
    chosen = counted(
        [Finished(a.score, a.total, a.finished_at, a.number) for a in finished.values() if a.finished_at],
        grading,
    )
    return None if chosen is None else finished[chosen.number]
