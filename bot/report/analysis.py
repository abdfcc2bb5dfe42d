"""The class report: one row per student in exactly one state, and the figures per question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.i18n import ENGLISH, Language, Text
from bot.report.grading import counted_attempt
from bot.report.items import FLAG_BELOW, MIN_FOR_DISCRIMINATION, QuestionStats, question_stats
from bot.report.model import (
    NEEDS_HELP_BELOW,
    AttemptData,
    Grading,
    Person,
    QuestionInfo,
    ReportInput,
    SchoolId,
)

UNKNOWN_NAME = "Unknown student"


class State(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class Score:
    points: float  # whole unless part marks count (partial credit)
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.points / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.points}/{self.total}"


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an unfinished attempt has got."""

    answered: int
    total: int


@dataclass(frozen=True, slots=True)
class Chosen:
    """The option a student chose on one question of their counted attempt."""

    text: str
    correct: bool


@dataclass(frozen=True, slots=True)
class StudentRow:
    user_id: int
    name: str
    state: State
    retaking: bool
    attempts: int
    counted: Score | None
    best: Score | None
    last: Score | None
    first_finished_at: datetime | None
    last_activity: datetime | None
    note: str | Text | None
    progress: Progress | None  # the open attempt, when there is one
    answers: tuple[Chosen | None, ...]  # per question in lesson order; None: not answered


@dataclass(frozen=True, slots=True)
class ClassReport:
    title: str
    grading: Grading
    roster_known: bool
    questions: tuple[QuestionStats, ...]  # lesson order
    students: tuple[StudentRow, ...]  # by name; never teachers
    teachers: tuple[StudentRow, ...]  # their tries, shown apart and never counted
    needs_help_below: float = NEEDS_HELP_BELOW  # a counted score in %: under it, "Needs help"
    school_ids: Mapping[int, SchoolId] = field(default_factory=dict)  # by Discord user id
    asked: int | None = None  # the questions each attempt asks, when banks make it fewer than it has

    @property
    def out_of(self) -> int:
        """The most a score can be: the questions each attempt asks."""
        return self.asked or len(self.questions)

    def school_id(self, user_id: int) -> SchoolId:
        return self.school_ids.get(user_id) or SchoolId()

    @property
    def footer(self) -> str:
        """The rule of what is counted, in English; the card says it in the teacher's language."""
        return footer_text(self.grading, self.roster_known)

    def count(self, state: State) -> int:
        return sum(1 for s in self.students if s.state is state)

    @property
    def retaking(self) -> int:
        return sum(1 for s in self.students if s.retaking)

    @property
    def counted_scores(self) -> tuple[Score, ...]:
        return tuple(s.counted for s in self.students if s.counted is not None)

    @property
    def average_percent(self) -> float | None:
        scores = self.counted_scores
        return sum(s.percent for s in scores) / len(scores) if scores else None


def note_text(row: StudentRow, lang: Language = ENGLISH) -> str:
    """The teacher's note on a student (their extra time or tries), in `lang`; empty when none."""
    if row.note is None:
        return ""
    return lang.render(row.note) if isinstance(row.note, Text) else row.note


def footer_text(grading: Grading, roster_known: bool, lang: Language = ENGLISH) -> str:
    """The rules behind every number, in the words the card shows."""
    return lang(
        "report.footer",
        roster=lang("report.footer_roster") if roster_known else "",
        which=lang(f"report.which.{grading.value}"),
        flag=FLAG_BELOW,
        fewest=MIN_FOR_DISCRIMINATION,
    )


def _last_activity(attempts: Sequence[AttemptData]) -> datetime | None:
    times = [a.started_at for a in attempts]
    times += [a.finished_at for a in attempts if a.finished_at is not None]
    times += [answer.answered_at for a in attempts for answer in a.answers]
    return max(times, default=None)


def _chosen(attempt: AttemptData | None, questions: Sequence[QuestionInfo]) -> tuple[Chosen | None, ...]:
    if attempt is None:
        return tuple(None for _ in questions)
    given: dict[str, Chosen] = {}
    for answer in attempt.answers:
        given.setdefault(answer.key, Chosen(answer.chosen, answer.correct))
    return tuple(given.get(q.key) for q in questions)


def _score(attempt: AttemptData | None) -> Score | None:
    return Score(attempt.score, attempt.total) if attempt is not None else None


def student_row(
    person: Person,
    attempts: Sequence[AttemptData],
    counted: AttemptData | None,
    questions: Sequence[QuestionInfo],
    grading: Grading,
) -> StudentRow:
    """One person's row; with no attempts they are NOT_STARTED.

    `counted` is counted_attempt(attempts, grading), which the caller needs too for the question figures.
    """
    finished = sorted(
        (a for a in attempts if a.finished_at is not None), key=lambda a: (a.finished_at, a.number)
    )
    unfinished = [a for a in attempts if a.finished_at is None]
    best = counted if grading is Grading.BEST else counted_attempt(finished, Grading.BEST)
    if finished:
        state = State.FINISHED
    elif attempts:
        state = State.IN_PROGRESS
    else:
        state = State.NOT_STARTED
    open_attempt = max(unfinished, key=lambda a: a.number, default=None)
    return StudentRow(
        user_id=person.user_id,
        name=person.name,
        state=state,
        retaking=bool(finished and unfinished),
        attempts=len(attempts),
        counted=_score(counted),
        best=_score(best),
        last=_score(finished[-1] if finished else None),
        first_finished_at=finished[0].finished_at if finished else None,
        last_activity=_last_activity(attempts),
        note=person.note,
        progress=Progress(len(open_attempt.answers), open_attempt.total) if open_attempt else None,
        answers=_chosen(counted, questions),
    )


def build_report(data: ReportInput) -> ClassReport:
    """Every figure of the class report, from the rows the database hands over."""
    questions = sorted(data.questions, key=lambda q: q.number)
    people = {p.user_id: p for p in data.people}
    by_user: dict[int, list[AttemptData]] = {}
    for attempt in data.attempts:
        by_user.setdefault(attempt.user_id, []).append(attempt)
    user_ids = set(by_user) | (data.roster or frozenset())
    students: list[StudentRow] = []
    teachers: list[StudentRow] = []
    counted: list[AttemptData] = []
    for user_id in user_ids:
        person = people.get(user_id, Person(user_id, UNKNOWN_NAME, is_teacher=False))
        attempts = by_user.get(user_id, [])
        chosen = counted_attempt(attempts, data.grading)
        if person.is_teacher:
            if attempts:
                teachers.append(student_row(person, attempts, chosen, questions, data.grading))
            continue
        students.append(student_row(person, attempts, chosen, questions, data.grading))
        if chosen is not None:
            counted.append(chosen)

    def by_name(row: StudentRow) -> tuple[str, int]:
        return row.name.casefold(), row.user_id

    roster_known = data.roster is not None
    return ClassReport(
        title=data.title,
        grading=data.grading,
        roster_known=roster_known,
        questions=tuple(question_stats(questions, counted)),
        students=tuple(sorted(students, key=by_name)),
        teachers=tuple(sorted(teachers, key=by_name)),
        needs_help_below=data.needs_help_below,
        school_ids=data.school_ids,
        asked=data.asked,
    )
