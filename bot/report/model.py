"""What the report is built from: plain rows the database hands over, nothing Discord-shaped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.i18n import Text
from bot.quiz.judging import points
from bot.quiz.rules import Grading

__all__ = [
    "NEEDS_HELP_BELOW",
    "AnswerData",
    "AttemptData",
    "Grading",
    "Person",
    "QuestionInfo",
    "ReportInput",
    "SchoolId",
]

# A counted score under this share (in %) puts a student on the card's "Needs help" list.
NEEDS_HELP_BELOW = 60.0


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """A question of the quiz's current lesson version; `key` is its identity across versions."""

    key: str
    number: int
    prompt: str
    options: tuple[str, ...]
    answer: str
    kind: str = "choice"  # bot.content.model.Kind's value
    rights: tuple[str, ...] = ()  # a choose-all question's right options
    bank: str = ""  # the bank it is drawn from: only the attempts that drew it answer it


@dataclass(frozen=True, slots=True)
class AnswerData:
    key: str
    chosen: str  # what the student answered, as one text: an option, a typed text, an order
    correct: bool
    answered_at: datetime
    picked: tuple[str, ...] = ()  # a choose-all answer's options ticked
    part: int | None = None  # a part mark in thousandths, for an answer partly right (partial credit)


@dataclass(frozen=True, slots=True)
class AttemptData:
    """One try; its score is out of `total`, the question count of the version it was taken on."""

    user_id: int
    number: int
    started_at: datetime
    finished_at: datetime | None
    total: int
    answers: tuple[AnswerData, ...]

    @property
    def score(self) -> float:
        # Answers to questions since removed still count: they were right or wrong when given.
        return points(sum(1 for a in self.answers if a.correct), (a.part for a in self.answers))


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    name: str
    is_teacher: bool
    note: str | Text | None = None  # a Text is said in the teacher's language


@dataclass(frozen=True, slots=True)
class SchoolId:
    """How the school's own list knows a student: its id number and email, either may be unknown."""

    number: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class ReportInput:
    title: str
    questions: tuple[QuestionInfo, ...]
    grading: Grading
    people: tuple[Person, ...]
    attempts: tuple[AttemptData, ...]
    roster: frozenset[int] | None
    school_ids: Mapping[int, SchoolId] = field(default_factory=dict)  # by Discord user id
    needs_help_below: float = NEEDS_HELP_BELOW  # a counted score in %, 0..100
    asked: int | None = None  # the questions each attempt asks, when banks make it fewer than it has
