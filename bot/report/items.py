"""Item analysis: how each question did across the counted attempts, as Moodle's quiz statistics show it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.report.model import AnswerData, AttemptData, QuestionInfo

# A typed or put-in-order question lists its most common wrong answers in place of options; as many
# as a choice question has options at most, so the files keep their columns.
WRONG_ANSWERS_SHOWN = 5
_OWN_ANSWERS = ("typed", "order")

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
    # Each option's count and share; for a typed or put-in-order question, its most common wrong answers.
    options: tuple[OptionStat, ...]
    other: int  # chosen texts that are no longer an option, or the wrong answers beyond those listed
    answered: int
    right: int
    facility: float | None
    discrimination: float | None
    most_chosen_wrong: OptionStat | None
    bank: str = ""  # drawn from a bank: `answered` counts the attempts that drew it
    given: bool = False  # answers are the students' own (typed, or an order), not options to pick

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
        given = [
            (answers[question.key], attempt) for answers, attempt in answer_maps if question.key in answers
        ]
        items = [int(a.correct) for a, _ in given]
        rests = [_rest(attempt, int(a.correct)) for a, attempt in given]
        answered = len(items)
        if question.kind in _OWN_ANSWERS:
            options, other = _wrong_answers([a for a, _ in given if not a.correct], answered)
        else:
            options, other = _option_shares(question, [a for a, _ in given], answered)
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
                bank=question.bank,
                given=question.kind in _OWN_ANSWERS,
            )
        )
    return result


def _option_shares(
    question: QuestionInfo, given: Sequence[AnswerData], answered: int
) -> tuple[tuple[OptionStat, ...], int]:
    """Each option's count and share: chosen, or for a choose-all question, ticked (shares then add up
    to more than 1); and how many chose a text that is no longer an option."""
    counts = dict.fromkeys(question.options, 0)
    other = 0
    for answer in given:
        for chosen in answer.picked if question.kind == "choose-all" else (answer.chosen,):
            if chosen in counts:
                counts[chosen] += 1
            else:
                other += 1
    rights = set(question.rights) if question.kind == "choose-all" else {question.answer}
    options = tuple(
        OptionStat(text, count, count / answered if answered else 0.0, text in rights)
        for text, count in counts.items()
    )
    return options, other


def _wrong_answers(wrong: Sequence[AnswerData], answered: int) -> tuple[tuple[OptionStat, ...], int]:
    """The most common wrong answers, as typed (told apart without case or extra spaces), and how many
    wrong answers are not among them."""
    groups: dict[str, list[str]] = {}
    for answer in wrong:
        groups.setdefault(" ".join(answer.chosen.casefold().split()), []).append(answer.chosen)
    # Most given first; among equals, the one given first.
    ranked = sorted(groups.values(), key=lambda texts: -len(texts))
    shown = ranked[:WRONG_ANSWERS_SHOWN]
    options = tuple(
        OptionStat(texts[0], len(texts), len(texts) / answered if answered else 0.0, right=False)
        for texts in shown
    )
    return options, sum(len(texts) for texts in ranked[WRONG_ANSWERS_SHOWN:])
