"""What the class sees on reveal and at the end: each option's share as a text bar, teams' shares right;
and, for the teacher alone, the answers most typed.

No names anywhere: only counts and shares.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.content.model import Kind, Question
from bot.quiz.judging import folded, order_of

BAR_WIDTH = 10
FULL, EMPTY = "█", "░"


@dataclass(frozen=True, slots=True)
class Share:
    count: int
    total: int

    @property
    def percent(self) -> int:
        """Rounded to a whole percent; 0 of nobody is 0."""
        return round(100 * self.count / self.total) if self.total else 0


def bar(share: Share, width: int = BAR_WIDTH) -> str:
    """`██████░░░░` for 60 %: whole cells, rounded, so that 1 of 30 still shows one cell."""
    cells = 0 if not share.count else max(1, round(width * share.count / share.total))
    return FULL * cells + EMPTY * (width - cells)


def option_shares(options: int, chosen: Iterable[int]) -> list[Share]:
    """The share of the answers choosing each of `options` options, in the options' order."""
    counts = [0] * options
    for option in chosen:
        counts[option] += 1
    total = sum(counts)
    return [Share(count, total) for count in counts]


def team_of(session_id: int, user_id: int, teams: int) -> int:
    """A student's team, 1..teams: the same for the whole session, kept nowhere, spread evenly at random."""
    digest = hashlib.blake2b(f"{session_id}:{user_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % teams + 1


def team_results(session_id: int, teams: int, answers: Iterable[tuple[int, bool]]) -> list[Share]:
    """Per team (1..teams, in order), the share of its answers that were right: (user id, right) pairs."""
    right, given = [0] * teams, [0] * teams
    for user_id, correct in answers:
        team = team_of(session_id, user_id, teams) - 1
        given[team] += 1
        right[team] += correct
    return [Share(r, g) for r, g in zip(right, given, strict=True)]


def ticked_shares(options: int, masks: Iterable[int]) -> list[Share]:
    """Choose all: per option, the share of the answers that ticked it. An answer ticks several, so the
    shares need not sum to 100 %."""
    values = list(masks)
    return [Share(sum(1 for mask in values if mask >> option & 1), len(values)) for option in range(options)]


def placed_shares(items: int, ranks: Iterable[int]) -> list[Share]:
    """Put in order: per item, in its right place (the lesson's order), the share of the answers that put
    it there. A rank that is no order of `items` (bot/quiz/judging.py) places none."""
    placed, given = [0] * items, 0
    for rank in ranks:
        given += 1
        try:
            order = order_of(rank, items)
        except ValueError:
            continue
        for place, item in enumerate(order):
            placed[place] += place == item
    return [Share(count, given) for count in placed]


def shares_of(question: Question, answers: Sequence[tuple[int, bool]]) -> tuple[list[Share], Share]:
    """What a revealed question shows per option (chosen, ticked, or put in its place; none for a typed
    answer, whose words stay off the card), and the share of the answers all right: (value, right) pairs."""
    values = [value for value, _ in answers]
    size = len(question.options)
    if question.kind is Kind.CHOOSE_ALL:
        per_option = ticked_shares(size, values)
    elif question.kind is Kind.ORDER:
        per_option = placed_shares(size, values)
    elif question.kind is Kind.TYPED:
        per_option = []
    else:
        per_option = option_shares(size, values)
    return per_option, Share(sum(1 for _, right in answers if right), len(answers))


@dataclass(frozen=True, slots=True)
class Typed:
    """One answer typed, as answers are compared (no case, no extra spaces), and how many typed it."""

    text: str
    count: int
    right: bool


def common_typed(answers: Iterable[tuple[str, bool]], *, accents: bool, top: int = 5) -> list[Typed]:
    """The `top` answers most typed, most first, each folded as typed answers are compared (with or
    without accents, as the lesson says): the teacher sees what the class thinks, never who wrote it."""
    counts: Counter[str] = Counter()
    right: dict[str, bool] = {}
    for text, correct in answers:
        key = folded(text, accents=accents)
        counts[key] += 1
        right[key] = right.get(key, False) or correct
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [Typed(text, count, right[text]) for text, count in ranked[:top]]
