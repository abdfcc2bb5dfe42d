"""Who needs the teacher and which questions to look at: what the report opens with.

The three lists and the few questions are chosen here, without Discord, so that the card and the
teacher's private note when a deadline closes a quiz say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.report.analysis import ClassReport, State, StudentRow
from bot.report.items import QuestionStats

# The card names a handful of questions, not all of them: the files have every one.
FEWEST_QUESTIONS, MOST_QUESTIONS = 3, 5


@dataclass(frozen=True, slots=True)
class Attention:
    not_started: tuple[StudentRow, ...]  # on the class roster with no attempt; by name
    unfinished: tuple[StudentRow, ...]  # began but finished no attempt; least answered first
    needs_help: tuple[StudentRow, ...]  # finished under the threshold; lowest counted score first
    questions: tuple[QuestionStats, ...]  # flagged or hardest, worst first


def _percent(row: StudentRow) -> float:
    return row.counted.percent if row.counted is not None else 0.0


def _answered(row: StudentRow) -> int:
    return row.progress.answered if row.progress is not None else 0


def worst_first(question: QuestionStats) -> tuple[bool, bool, float, int]:
    """Flagged questions first, then from the lowest share right; unanswered ones last."""
    return not question.flagged, question.facility is None, question.facility or 0.0, question.number


def questions_to_look_at(report: ClassReport) -> tuple[QuestionStats, ...]:
    """The flagged and the hard questions (share right under the help threshold), 3 to 5 of them.

    Fewer than 3 such questions are topped up with the next hardest, so the card always points
    somewhere once anyone has answered; questions nobody answered are never picked.
    """
    answered = sorted((q for q in report.questions if q.facility is not None), key=worst_first)
    hard = [q for q in answered if q.flagged or 100 * (q.facility or 0.0) < report.needs_help_below]
    picked = hard if len(hard) >= FEWEST_QUESTIONS else answered[:FEWEST_QUESTIONS]
    return tuple(picked[:MOST_QUESTIONS])


def attention(report: ClassReport) -> Attention:
    students = report.students
    return Attention(
        not_started=tuple(s for s in students if s.state is State.NOT_STARTED),
        unfinished=tuple(
            sorted((s for s in students if s.state is State.IN_PROGRESS), key=_answered)
        ),  # sorted() keeps the name order among equals
        needs_help=tuple(
            sorted(
                (s for s in students if s.state is State.FINISHED and _percent(s) < report.needs_help_below),
                key=_percent,
            )
        ),
        questions=questions_to_look_at(report),
    )
