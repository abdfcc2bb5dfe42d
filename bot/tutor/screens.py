"""What the tutor hands the Discord layer to show: plain records, no Discord, no rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.content import Lesson
from bot.i18n import Text
from bot.quiz.engine import Feedback, QuestionView, Summary
from bot.tutor.standing import Standing


@dataclass(frozen=True, slots=True)
class Who:
    """The person behind an interaction, as the Discord layer found them."""

    guild_id: int
    user_id: int
    name: str
    is_teacher: bool = False


@dataclass(frozen=True, slots=True)
class Offer:
    """Where a student stands on the quiz of the attempt shown, and so what its screen offers next."""

    quiz_id: int
    standing: Standing
    # Shown on "Start quiz" after a finished attempt: the student confirms a retake or keeps their score.
    asking: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """What a student's quiz message shows now."""

    attempt_id: int
    quiz_id: int
    lesson: Lesson
    question: QuestionView | None
    summary: Summary | None
    feedback: Feedback | None = None
    note: Text | None = None
    # False in test mode until the quiz closes: nothing shown may tell right from wrong.
    results_visible: bool = True
    saved: bool = False  # an answer was just saved (test mode shows this instead of feedback)
    offer: Offer | None = None


@dataclass(frozen=True, slots=True)
class ReviewPage:
    """One question of a finished attempt, in the order it was asked, with what the student chose."""

    attempt_id: int
    page: int
    pages: int
    title: str
    number: int  # the student's own number for it, as on every screen of theirs
    lesson_number: int  # the lesson's (and the teacher's report's) number for it
    prompt: str
    chosen: str | None
    answer: str
    explanation: str

    @property
    def correct(self) -> bool:
        return self.chosen == self.answer


@dataclass(frozen=True, slots=True)
class ProgressLine:
    """One quiz a student took, as `/progress` shows it."""

    title: str
    standing: Standing
    review_attempt_id: int | None  # the attempt "See my answers" opens


@dataclass(frozen=True, slots=True)
class ClosedQuiz:
    """A quiz whose cards must change: closed for good (`settled`), or closed but with extra time running."""

    quiz_id: int
    title: str
    closed_at: datetime
    settled: bool
    cards: list[tuple[int, int]]
    owed_since: datetime  # when its cards were marked as owing this change (storage clears that debt)
    locale: str | None = None  # the server's language as last seen, for a process not serving its shard
    by_deadline: bool = False  # closed at its deadline, not by a teacher
    extended: int = 0  # students whose own extra time still runs (the card counts them, never names them)
