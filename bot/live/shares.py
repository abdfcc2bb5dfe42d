"""What the class sees on reveal and at the end: each option's share as a text bar, teams' shares right.

No names anywhere: only counts and shares.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

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
