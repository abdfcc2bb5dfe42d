"""A student's standing on a quiz, as render tests need one: open, one try finished, one left."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.quiz.grading import Finished
from bot.quiz.rules import Grading
from bot.tutor.standing import Standing, Window

MOMENT = datetime(2026, 12, 4, tzinfo=UTC)


def a_standing(score: int = 8, total: int = 15, **changes: Any) -> Standing:
    found = Standing(
        window=Window.OPEN,
        results_visible=True,
        grading=Grading.BEST,
        attempts_used=1,
        attempts_left=1,
        unfinished=False,
        answered=total,
        total=total,
        finished=1,
        counted=Finished(score, total, MOMENT),
    )
    return replace(found, **changes)
