"""Item analysis: how each question did across the counted attempts, as Moodle's quiz statistics show it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.report.model import AnswerData, AttemptData, QuestionInfo

# Below this many answers a correlation says more about chance than about the question.
MIN_FOR_DISCRIMINATION = 5
# Moodle's threshold: a question that strong students miss as often as weak ones is worth a look.
FLAG_BELOW = 0.2


@dataclass(frozen=True, slots=True)
class OptionStat:
    text: str
    count: int
    share: float
    right: bool


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """One question over the counted attempts that answered it; shares are 0..1."""

    number: int
    key: str
    prompt: str
    answer: str
    options: tuple[OptionStat, ...]
    other: int  # chosen texts that are no longer an option (the wording changed since)
    answered: int
    right: int
    facility: float | None
    discrimination: float | None
    most_chosen_wrong: OptionStat | None

    @property
    def flagged(self) -> bool:
        return self.discrimination is not None and self.discrimination < FLAG_BELOW


def corrected_point_biserial(items: Sequence[int], rests: Sequence[float]) -> float | None:
    """Pearson correlation of item scores (0/1) with the rest of each attempt's score.

    "Corrected": the item itself is left out of the score it is compared with, so a question
    does not correlate with itself. None with too few attempts or when either side never varies.
    """
    n = len(items)
    if n < MIN_FOR_DISCRIMINATION or len(set(items)) < 2 or len(set(rests)) < 2:
        return None
    mean_x = sum(items) / n
    mean_y = sum(rests) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(items, rests, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in items)
    var_y = sum((y - mean_y) ** 2 for y in rests)
    return cov / math.sqrt(var_x * var_y)


def _rest(attempt: AttemptData, item: int) -> float:
    # As a share of the other questions, so attempts on versions of different length compare.
    others = attempt.total - 1
    return (attempt.score - item) / others if others > 0 else 0.0


def _first_answers(attempt: AttemptData) -> dict[str, AnswerData]:
    found: dict[str, AnswerData] = {}
    for answer in attempt.answers:
        found.setdefault(answer.key, answer)
    return found


def question_stats(questions: Sequence[QuestionInfo], counted: Sequence[AttemptData]) -> list[QuestionStats]:
    """Per question, in the order given, the figures over `counted` (one attempt per student)."""
    answer_maps = [(_first_answers(a), a) for a in counted]
    result = []
    for question in questions:
        counts = dict.fromkeys(question.options, 0)
        other = 0
        items: list[int] = []
        rests: list[float] = []
        for answers, attempt in answer_maps:
            given = answers.get(question.key)
            if given is None:
                continue
            if given.chosen in counts:
                counts[given.chosen] += 1
            else:
                other += 1
            items.append(int(given.correct))
            rests.append(_rest(attempt, int(given.correct)))
        answered = len(items)
        options = tuple(
            OptionStat(text, count, count / answered if answered else 0.0, text == question.answer)
            for text, count in counts.items()
        )
        wrong = [o for o in options if not o.right and o.count]
        result.append(
            QuestionStats(
                number=question.number,
                key=question.key,
                prompt=question.prompt,
                answer=question.answer,
                options=options,
                other=other,
                answered=answered,
                right=sum(items),
                facility=sum(items) / answered if answered else None,
                discrimination=corrected_point_biserial(items, rests),
                # max() keeps the first of equals: ties go to the earlier option in the file.
                most_chosen_wrong=max(wrong, key=lambda o: o.count) if wrong else None,
            )
        )
    return result
