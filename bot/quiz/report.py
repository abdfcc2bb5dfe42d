"""What a teacher and a student are shown about past attempts, computed from plain rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    IN_PROGRESS = "in progress"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One stored attempt: who, which try, and which questions (by file index) were right."""

    user_id: int
    lesson_id: str
    number: int
    total: int
    finished: bool
    results: Sequence[tuple[int, bool]]

    @property
    def score(self) -> int:
        return sum(1 for _, correct in self.results if correct)


@dataclass(frozen=True, slots=True)
class StudentLine:
    user_id: int
    lesson_id: str
    state: State
    answered: int
    total: int
    best_score: int | None
    attempts: int


@dataclass(frozen=True, slots=True)
class QuestionShare:
    question_index: int
    right: int
    answered: int


@dataclass(frozen=True, slots=True)
class ClassReport:
    students: tuple[StudentLine, ...]
    questions: tuple[QuestionShare, ...]


def _counted(rows: Sequence[AttemptRow]) -> AttemptRow:
    # A student's best finished attempt speaks for them; until they finish one, their latest does.
    finished = [r for r in rows if r.finished]
    if finished:
        return max(finished, key=lambda r: (r.score, -r.number))
    return max(rows, key=lambda r: r.number)


def student_lines(rows: Iterable[AttemptRow]) -> list[StudentLine]:
    """One line per (student, lesson): the latest attempt's state and the best finished score."""
    groups: dict[tuple[int, str], list[AttemptRow]] = {}
    for row in rows:
        groups.setdefault((row.user_id, row.lesson_id), []).append(row)
    lines = []
    for (user_id, lesson_id), group in groups.items():
        latest = max(group, key=lambda r: r.number)
        scores = [r.score for r in group if r.finished]
        lines.append(
            StudentLine(
                user_id=user_id,
                lesson_id=lesson_id,
                state=State.FINISHED if latest.finished else State.IN_PROGRESS,
                answered=len(latest.results),
                total=latest.total,
                best_score=max(scores) if scores else None,
                attempts=len(group),
            )
        )
    return lines


def class_report(rows: Iterable[AttemptRow], question_count: int) -> ClassReport:
    """Each student's line, and per question the share of students who got it right."""
    rows = list(rows)
    by_student: dict[int, list[AttemptRow]] = {}
    for row in rows:
        by_student.setdefault(row.user_id, []).append(row)
    right = [0] * question_count
    answered = [0] * question_count
    for group in by_student.values():
        for index, correct in _counted(group).results:
            if 0 <= index < question_count:
                answered[index] += 1
                right[index] += correct
    shares = tuple(QuestionShare(i, right[i], answered[i]) for i in range(question_count))
    return ClassReport(tuple(student_lines(rows)), shares)
