"""The checks of each kind of question and of the banks; validate.py's checker calls them.

A kind keeps its right answer in the Question's `options`/`answer_index`/`right`/`tolerance` (see
model.Kind), so every reader and writer shares these few rules of what each kind may hold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from bot.content import limits
from bot.content.model import Bank, Kind, Question, number_text

if TYPE_CHECKING:
    import re

KINDS = ", ".join(kind.value for kind in Kind)


class Checker(Protocol):
    def fail(self, where: str, reason: str, /, **values: object) -> None: ...
    def text(self, data: Mapping[str, object], key: str, where: str, limit: int | None) -> str: ...
    def options(self, data: Mapping[str, object], where: str) -> list[str]: ...


def kind_of(check: Checker, data: Mapping[str, object], where: str) -> Kind:
    value = data.get("type", Kind.CHOICE.value)
    if isinstance(value, str) and value in {k.value for k in Kind}:
        return Kind(value)
    check.fail(f"{where}: type", "unknown_type", kinds=KINDS)
    return Kind.CHOICE


def right_answer(
    check: Checker, kind: Kind, data: Mapping[str, object], where: str
) -> tuple[tuple[str, ...], int, tuple[int, ...], float | None]:
    """The question's options, answer_index, right options and tolerance, as its kind keeps them."""
    if kind is Kind.TYPED:
        return _typed(check, data, where)
    for field in ("answers", "tolerance"):
        if field in data:
            check.fail(f"{where}: {field}", "typed_only", kind=kind.value)
    options = check.options(data, where)
    if kind is Kind.TRUE_FALSE and options and len(options) != 2:
        check.fail(f"{where}: options", "two_options", count=len(options))
    if kind is Kind.ORDER:
        if "answer" in data:
            check.fail(f"{where}: answer", "order_answer")
        return tuple(options), 0, (), None
    if kind is Kind.CHOOSE_ALL:
        right = _chosen(check, data, options, where)
        return tuple(options), right[0] if right else -1, tuple(right), None
    answer = check.text(data, "answer", where, limits.BUTTON_LABEL)
    if answer and options and answer not in options:
        check.fail(f"{where}: answer", "not_an_option", answer=repr(answer))
    return tuple(options), options.index(answer) if answer in options else -1, (), None


def _chosen(check: Checker, data: Mapping[str, object], options: list[str], where: str) -> list[int]:
    """Every right option of a choose-all question, in the options' order."""
    raw = data.get("answer", [])
    given = [raw] if isinstance(raw, str) else raw
    if not isinstance(given, list) or not all(isinstance(a, str) for a in given):
        check.fail(f"{where}: answer", "not_texts")
        return []
    if not given:
        check.fail(f"{where}: answer", "no_right_option")
        return []
    for answer in given:
        if options and answer.strip() not in options:
            check.fail(f"{where}: answer", "not_an_option", answer=repr(answer))
    return sorted({options.index(a.strip()) for a in given if a.strip() in options})


def _typed(
    check: Checker, data: Mapping[str, object], where: str
) -> tuple[tuple[str, ...], int, tuple[int, ...], float | None]:
    if "options" in data:
        check.fail(f"{where}: options", "typed_options")
    number = data.get("answer")
    if isinstance(number, int | float) and not isinstance(number, bool):
        if not math.isfinite(number):
            check.fail(f"{where}: answer", "not_tolerance")
        if "answers" in data:
            check.fail(f"{where}: answers", "number_and_texts")
        return (number_text(number),), 0, (), _tolerance(check, data, where)
    if "tolerance" in data:
        check.fail(f"{where}: tolerance", "tolerance_needs_number")
    raw = data.get("answers", [number] if isinstance(number, str) else [])
    if not isinstance(raw, list) or not all(isinstance(a, str) and a.strip() for a in raw):
        check.fail(f"{where}: answers", "not_texts")
        return (), 0, (), None
    accepted = list(dict.fromkeys(" ".join(a.split()) for a in raw))
    if not accepted:
        check.fail(f"{where}: answers", "no_accepted_answer")
    elif len(accepted) > limits.MAX_ACCEPTED:
        check.fail(f"{where}: answers", "too_many_accepted", count=len(accepted), most=limits.MAX_ACCEPTED)
    for n, answer in enumerate(accepted, start=1):
        if len(answer) > limits.TYPED_ANSWER:
            field = f"{where}: answers: answer {n}"
            check.fail(field, "too_long", length=len(answer), most=limits.TYPED_ANSWER)
    return tuple(accepted), 0, (), None


def _tolerance(check: Checker, data: Mapping[str, object], where: str) -> float:
    value = data.get("tolerance", 0)
    if not isinstance(value, int | float) or isinstance(value, bool):
        check.fail(f"{where}: tolerance", "not_tolerance")
        return 0.0
    if not math.isfinite(value):
        check.fail(f"{where}: tolerance", "not_tolerance")
        return 0.0
    if value < 0:
        check.fail(f"{where}: tolerance", "negative_tolerance", value=number_text(value))
        return 0.0
    return float(value)


def flag(check: Checker, data: Mapping[str, object], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        check.fail(key, "not_bool")
        return False
    return value


def banks(
    check: Checker, data: Mapping[str, object], questions: Sequence[Question], pattern: re.Pattern[str]
) -> tuple[Bank, ...]:
    """The lesson's [[banks]]: each named once, used by some question, and drawing no more than it has."""
    raw = data.get("banks", [])
    if not isinstance(raw, list) or not all(isinstance(b, dict) for b in raw):
        check.fail("banks", "not_tables", table="banks")
        return ()
    found: dict[str, Bank] = {}
    sizes = {q.bank: sum(1 for other in questions if other.bank == q.bank) for q in questions if q.bank}
    for n, table in enumerate(raw, start=1):
        where = f"bank {n}"
        for key in sorted(set(table) - {"name", "draw"}):
            check.fail(f"{where}: {key}", "unknown_bank")
        name = check.text(table, "name", where, limits.QUESTION_KEY)
        if name and not pattern.fullmatch(name):
            check.fail(f"{where}: name", "bad_key")
        draw = table.get("draw")
        if not isinstance(draw, int) or isinstance(draw, bool) or draw < 1:
            check.fail(f"{where}: draw", "not_number", low=1, high=limits.MAX_QUESTIONS)
            continue
        if name in found:
            check.fail(f"{where}: name", "bank_twice", bank=repr(name))
        elif name and draw > sizes.get(name, 0):
            check.fail(f"{where}: draw", "bank_too_small", draw=draw, count=sizes.get(name, 0))
        found.setdefault(name, Bank(name, draw))
    for n, question in enumerate(questions, start=1):
        if question.bank and question.bank not in found:
            check.fail(f"question {n}: bank", "bank_unknown", bank=repr(question.bank))
    return tuple(found.values())
