"""The teacher's figures on review: per student, per question, coverage, calibration, and the effect.

Pure: it reads answers and items as the storage hands them over, with the day or zone passed in.

Choices, and why:
- Coverage counts the questions a student missed the first time they met them in a quiz (not the held-back
  ones, which are not reviewed on purpose) and asks whether each was asked again at review on at least
  two different days within 14 days after the miss. A redemption round on the quiz's own day is practice
  of the same sitting, so it does not count. An item whose 14 days are not over yet counts only once it
  is covered: a young class is not shown as failing.
- Calibration puts each review answer in a bin by the recall FSRS predicted just before it (tenths), and
  compares the mean prediction with the share answered right; its RMSE weighs each bin by its answers,
  as FSRS's own benchmark does, so a nearly empty bin cannot swing it.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.review.plan import Arm, Item
from bot.review.scheduler import local_day

COVERAGE_DAYS = 14
COVERAGE_TIMES = 2


class Kind(enum.Enum):
    QUIZ = "quiz"  # the first answer, in a quiz
    REDEMPTION = "redemption"  # "try the ones you missed again", at the end of a practice quiz
    REVIEW = "review"
    CHECK = "check"  # the delayed check of "measure the effect"


ASKED_AGAIN = frozenset({Kind.REVIEW, Kind.CHECK})


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer in a student's history of an item; `predicted` is FSRS's recall just before it."""

    user_id: int
    key: str
    at: datetime
    correct: bool
    kind: Kind
    predicted: float | None = None
    arm: Arm = Arm.NONE


@dataclass(frozen=True, slots=True)
class StudentRow:
    user_id: int
    due: int  # due today or earlier
    overdue: int  # of those, due before today
    done: int  # answers given at review and check


@dataclass(frozen=True, slots=True)
class QuestionRow:
    key: str
    asked: int
    recalled: int

    @property
    def share(self) -> float:
        return self.recalled / self.asked if self.asked else math.nan


@dataclass(frozen=True, slots=True)
class Coverage:
    missed: int  # missed items whose window is over or that are covered already
    covered: int

    @property
    def share(self) -> float:
        return self.covered / self.missed if self.missed else math.nan


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    count: int
    predicted: float
    observed: float


@dataclass(frozen=True, slots=True)
class Calibration:
    bins: tuple[Bin, ...]
    count: int
    rmse: float


@dataclass(frozen=True, slots=True)
class Effect:
    """Accuracy on the check day: held-back items against control items (reviewed as usual)."""

    held_back: QuestionRow
    control: QuestionRow


def students(items: Mapping[int, Iterable[Item]], answers: Iterable[Answer], today: date) -> list[StudentRow]:
    done: defaultdict[int, int] = defaultdict(int)
    for answer in answers:
        if answer.kind in ASKED_AGAIN:
            done[answer.user_id] += 1
    rows = []
    for user_id, theirs in items.items():
        waiting = [
            item.memory.due
            for item in theirs
            if item.memory.due <= today and (item.arm is not Arm.HELD_BACK or item.checked)
        ]
        rows.append(StudentRow(user_id, len(waiting), sum(due < today for due in waiting), done[user_id]))
    return sorted(rows, key=lambda row: row.user_id)


def questions(answers: Iterable[Answer]) -> list[QuestionRow]:
    """Per question key, across students: how often it was asked at review and recalled."""
    return [_tally(key, group) for key, group in sorted(_group(answers, lambda a: a.key).items())]


def coverage(answers: Iterable[Answer], today: date, zone: tzinfo) -> Coverage:
    missed: dict[tuple[int, str], date] = {}
    met: set[tuple[int, str]] = set()
    asked: defaultdict[tuple[int, str], set[date]] = defaultdict(set)
    for answer in sorted(answers, key=lambda a: a.at):
        item = (answer.user_id, answer.key)
        day = local_day(answer.at, zone)
        if answer.kind is Kind.QUIZ and item not in met:
            met.add(item)
            if not answer.correct and answer.arm is not Arm.HELD_BACK:
                missed[item] = day
        elif answer.kind in ASKED_AGAIN and item in missed and 0 < (day - missed[item]).days <= COVERAGE_DAYS:
            asked[item].add(day)
    counted = covered = 0
    for item, day in missed.items():
        done = len(asked[item]) >= COVERAGE_TIMES
        if done or day + timedelta(days=COVERAGE_DAYS) < today:
            counted += 1
            covered += done
    return Coverage(counted, covered)


def calibration(answers: Iterable[Answer], bins: int = 10) -> Calibration:
    groups: defaultdict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        if answer.kind in ASKED_AGAIN and answer.predicted is not None:
            groups[min(int(answer.predicted * bins), bins - 1)].append(answer)
    table = []
    for index in sorted(groups):
        group = groups[index]
        table.append(
            Bin(
                low=index / bins,
                high=(index + 1) / bins,
                count=len(group),
                predicted=sum(a.predicted or 0.0 for a in group) / len(group),
                observed=sum(a.correct for a in group) / len(group),
            )
        )
    count = sum(row.count for row in table)
    squared = sum(row.count * (row.predicted - row.observed) ** 2 for row in table)
    return Calibration(tuple(table), count, math.sqrt(squared / count) if count else math.nan)


def effect(answers: Iterable[Answer]) -> Effect:
    checks = [answer for answer in answers if answer.kind is Kind.CHECK]
    arms = _group(checks, lambda a: a.arm.value)
    held_back, control = (arms.get(arm.value, []) for arm in (Arm.HELD_BACK, Arm.CONTROL))
    return Effect(_tally("held back", held_back), _tally("control", control))


def _group(answers: Iterable[Answer], by: Callable[[Answer], str]) -> dict[str, list[Answer]]:
    groups: defaultdict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        if answer.kind in ASKED_AGAIN:
            groups[by(answer)].append(answer)
    return groups


def _tally(key: str, group: list[Answer]) -> QuestionRow:
    return QuestionRow(key, len(group), sum(answer.correct for answer in group))
