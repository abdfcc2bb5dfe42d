"""How each kind of question judges an answer: pure functions of the question and what was given.

An answer is stored as one whole number, `value`, and, for a typed answer, its text as typed:

- CHOICE, TRUE_FALSE: the lesson's index of the option chosen;
- CHOOSE_ALL: the set of options chosen as a bitmask of their lesson indexes (option i is bit i), so a
  set fits the answers' integer column, its key and its `question:option` summary unchanged, and two
  clicks in a different order give the same number;
- ORDER: the student's order, as lesson indexes, numbered by its rank among all orders of the options
  (0 is the lesson's own order, the right one). Any rank below n! is a valid order and nothing else is,
  so a stored value is either an order or plainly wrong; 5 options give ranks below 120;
- TYPED: the index of the accepted answer the text matched, 0 when it matched none; the text decides.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

from bot.content.model import Kind, Lesson, Question

_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d{1,3})?")


def shuffled(salt: str, size: int) -> tuple[int, ...]:
    """A fixed shuffle of range(size) for `salt`: a hash per index rather than random.shuffle, so the
    order is the same on every Python version and after any restart."""
    return tuple(
        sorted(range(size), key=lambda i: hashlib.blake2b(f"{salt}:{i}".encode(), digest_size=8).digest())
    )


def shown_order(question: Question, shuffled: Sequence[int]) -> tuple[int, ...]:
    """The order a question's options are shown in, given a shuffle of them: each kind's rule applied."""
    size = len(question.options)
    if question.kind in (Kind.TRUE_FALSE, Kind.TYPED):
        return tuple(range(size))  # True before False, as every worksheet has them; typed shows none
    order = tuple(shuffled)
    if question.kind is Kind.ORDER and order == tuple(range(size)):
        order = order[1:] + order[:1]
    return order


def mask_of(indexes: Iterable[int]) -> int:
    return sum(1 << i for i in set(indexes))


def indexes_of(mask: int) -> tuple[int, ...]:
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def rank_of(order: Sequence[int]) -> int:
    """The rank of a permutation of range(n) in lexicographic order (its Lehmer code as a number)."""
    rank = 0
    rest = sorted(order)
    for position, item in enumerate(order):
        smaller = rest.index(item)
        rank += smaller * math.factorial(len(order) - 1 - position)
        rest.pop(smaller)
    return rank


def order_of(rank: int, size: int) -> tuple[int, ...]:
    """The permutation of range(size) with this rank; ValueError if the rank is not below size!."""
    if not 0 <= rank < math.factorial(size):
        raise ValueError(f"no order of {size} has rank {rank}")
    rest = list(range(size))
    found = []
    for position in range(size):
        step = math.factorial(size - 1 - position)
        found.append(rest.pop(rank // step))
        rank %= step
    return tuple(found)


def folded(text: str, *, accents: bool) -> str:
    """Text as typed answers are compared: no case, no extra spaces and, unless `accents`, no accents."""
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if accents:
        return text
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


def number_in(text: str) -> float | None:
    """The number a student typed (`3.14`, `3,14`, ` +8 `), or None when the text is not one number."""
    found = _NUMBER.fullmatch(text.strip())
    if found is None:
        return None
    value = float(found.group(0).replace(",", "."))
    return value if math.isfinite(value) else None


def typed_match(question: Question, text: str, *, ignore_accents: bool = False) -> int | None:
    """The index of the accepted answer `text` matches, or None."""
    if question.tolerance is not None:
        given = number_in(text)
        expected = float(question.options[0])
        # A hair of slack: 3.15 - 3.14 is 0.010000000000000231 in binary, and a teacher means 0.01.
        slack = question.tolerance + 1e-9 * max(1.0, abs(expected))
        return 0 if given is not None and abs(given - expected) <= slack else None
    typed = folded(text, accents=not ignore_accents)
    accepted = [folded(option, accents=not ignore_accents) for option in question.options]
    return accepted.index(typed) if typed in accepted else None


def points(whole: int, parts: Iterable[int | None]) -> float:
    """Whole marks and part marks (thousandths) as one score: an int when there are no parts, else to
    two decimals, so a score reads 5 or 5.5, never 5.0."""
    thousandths = sum(part for part in parts if part)
    return whole if not thousandths else round(whole + thousandths / 1000, 2)


def part_of(earned: float) -> int | None:
    """A credit between 0 and 1 as a part mark in thousandths; None for a whole mark or none."""
    return min(999, max(1, round(earned * 1000))) if 0 < earned < 1 else None


def credit(lesson: Lesson, question: Question, value: int, text: str | None = None) -> float:
    """The share of the question's mark this answer earns: 1 or 0, or a part with partial credit on."""
    if question.kind is Kind.TYPED:
        return float(typed_match(question, text or "", ignore_accents=lesson.ignore_accents) is not None)
    if question.kind is Kind.CHOOSE_ALL:
        return _choose_all(question, value, partial=lesson.partial_credit)
    if question.kind is Kind.ORDER:
        return _order(question, value, partial=lesson.partial_credit)
    return float(value == question.answer_index)


def _choose_all(question: Question, value: int, *, partial: bool) -> float:
    chosen = set(indexes_of(value))
    right = set(question.right)
    if chosen == right or not partial:
        return float(chosen == right)
    # Each right option ticked earns a share; each wrong one ticked takes one back, never below 0.
    return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))


def _order(question: Question, value: int, *, partial: bool) -> float:
    try:
        order = order_of(value, len(question.options))
    except ValueError:
        return 0.0
    placed = sum(1 for position, item in enumerate(order) if position == item)
    if placed == len(order) or not partial:
        return float(placed == len(order))
    # The share of options in their right place.
    return placed / len(order)


def shown(question: Question, value: int, text: str | None = None) -> str:
    """What the student answered, as one text for a screen or a report."""
    if question.kind is Kind.TYPED:
        return text or ""
    if question.kind is Kind.CHOOSE_ALL:
        return ", ".join(question.options[i] for i in indexes_of(value) if i < len(question.options))
    if question.kind is Kind.ORDER:
        try:
            return " → ".join(question.options[i] for i in order_of(value, len(question.options)))
        except ValueError:
            return ""
    return question.options[value] if 0 <= value < len(question.options) else ""
