"""Where one student stands on one quiz now, and so what they may do: the one answer every screen reads.

Pure: computed from stored records and the time, with no I/O, so the quiz message, the result,
`/progress` and the card's Start press cannot disagree about whether a try or a Start is on offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.quiz.grading import Finished, counted
from bot.quiz.rules import Grading
from bot.storage.records import Accommodation, AttemptWithAnswers, QuizRecord


class Window(StrEnum):
    """Whether the quiz takes this student's answers now."""

    NOT_YET = "not-yet"  # before it opens
    OPEN = "open"
    EXTENDED = "extended"  # closed for the class, open for this student until their own deadline
    CLOSED = "closed"  # closed for this student: nothing more can be answered or started


def window(quiz: QuizRecord, extra: Accommodation | None, now: datetime) -> Window:
    """The rule storage's MAY_ANSWER applies to each answer and start (bot/storage/sql/quizzes.py)."""
    if quiz.rules.opens_at is not None and now < quiz.rules.opens_at:
        return Window.NOT_YET
    until = extra.until if extra is not None else None
    extended = until is not None and until > now
    if quiz.closed_at is not None:
        # Only a deadline's close (not a teacher's) leaves extra time running, and only until it settles.
        if extended and quiz.settled_at is None and quiz.closed_by_deadline():
            return Window.EXTENDED
        return Window.CLOSED
    deadline = quiz.rules.closes_at
    if deadline is not None and deadline <= now:  # past due, not yet closed by the deadline keeper
        return Window.EXTENDED if extended else Window.CLOSED
    return Window.OPEN


def finished_of(attempts: Sequence[AttemptWithAnswers]) -> list[Finished]:
    return [
        Finished(a.score, a.record.question_count, a.record.finished_at, a.record.number)
        for a in attempts
        if a.record.finished_at is not None
    ]


def attempts_left(quiz: QuizRecord, used: int, extra: Accommodation | None) -> int | None:
    """Tries left by the quiz's limit and this student's extra tries; None when there is no limit."""
    if quiz.rules.max_attempts is None:
        return None
    allowed = quiz.rules.max_attempts + (extra.extra_attempts if extra else 0)
    return max(0, allowed - used)


@dataclass(frozen=True, slots=True)
class Standing:
    """One student on one quiz now. Every "may" below is what a screen may offer."""

    window: Window
    results_visible: bool  # False in test mode until the quiz has closed for good
    grading: Grading
    attempts_used: int
    attempts_left: int | None  # None: no limit
    unfinished: bool  # their latest attempt is under way
    answered: int  # answers in their latest attempt
    total: int  # questions in their latest attempt
    finished: int  # finished attempts
    counted: Finished | None  # the score that counts; None while hidden or nothing finished

    @property
    def takes_answers(self) -> bool:
        return self.window in (Window.OPEN, Window.EXTENDED)

    @property
    def closed(self) -> bool:
        return self.window is Window.CLOSED

    @property
    def may_go_on(self) -> bool:
        """A try under way that can still be answered."""
        return self.takes_answers and self.unfinished

    @property
    def may_retry(self) -> bool:
        """A new try can start now."""
        left = self.attempts_left
        return self.takes_answers and not self.unfinished and (left is None or left > 0)

    @property
    def may_keep(self) -> bool:
        """ "Keep my score" means something only when there is a score to see and a try to turn down."""
        return self.may_retry and self.results_visible and self.counted is not None

    @property
    def stopped_halfway(self) -> bool:
        """Closed with their latest try unfinished: what they answered is saved, and no more."""
        return self.closed and self.unfinished


def standing(
    quiz: QuizRecord, attempts: Sequence[AttemptWithAnswers], extra: Accommodation | None, now: datetime
) -> Standing:
    """Where the student whose `attempts` these are (oldest first) stands on `quiz` at `now`."""
    latest = attempts[-1] if attempts else None
    visible = quiz.results_visible()
    found = window(quiz, extra, now)
    done = finished_of(attempts)
    return Standing(
        window=found,
        results_visible=visible,
        grading=quiz.rules.grading,
        attempts_used=len(attempts),
        attempts_left=attempts_left(quiz, len(attempts), extra),
        unfinished=latest is not None and not latest.record.finished,
        answered=len(latest.answers) if latest is not None else 0,
        total=latest.record.question_count if latest is not None else 0,
        finished=len(done),
        counted=counted(done, quiz.rules.grading) if visible else None,
    )
