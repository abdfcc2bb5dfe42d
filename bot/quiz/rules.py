"""The rules a teacher sets when opening a quiz: plain data, shared by storage, tutor and report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Grading(StrEnum):
    """Which finished attempt counts for a student."""

    BEST = "best"
    LAST = "last"
    FIRST = "first"


class FeedbackMode(StrEnum):
    """When a student learns right from wrong: after each click, or only once the quiz has closed."""

    NOW = "now"
    AFTER_CLOSE = "after-close"


class ShuffleMode(StrEnum):
    """What is shuffled for each student: the order of questions and of their options, or options only."""

    QUESTIONS = "questions"
    OPTIONS = "options"


@dataclass(frozen=True, slots=True)
class QuizRules:
    """What a teacher chose when opening a quiz. None means no limit or no time set."""

    opens_at: datetime | None = None
    closes_at: datetime | None = None
    max_attempts: int | None = None
    grading: Grading = Grading.BEST
    feedback: FeedbackMode = FeedbackMode.NOW
    # Options only by default: a question has one number for the whole class (see README, "Shuffling").
    shuffle: ShuffleMode = ShuffleMode.OPTIONS
