"""A live class, pure: the session's phases and the steps between them, shares per option and per team
as text bars (for each kind of question), the answers most typed, and how often a public card may be
edited. No Discord, no storage."""

from bot.live.pacing import EditPacer
from bot.live.session import Phase, Step, StepRefused, next_state
from bot.live.shares import (
    Share,
    Typed,
    bar,
    common_typed,
    option_shares,
    placed_shares,
    shares_of,
    team_of,
    team_results,
    ticked_shares,
)

__all__ = [
    "EditPacer",
    "Phase",
    "Share",
    "Step",
    "StepRefused",
    "Typed",
    "bar",
    "common_typed",
    "next_state",
    "option_shares",
    "placed_shares",
    "shares_of",
    "team_of",
    "team_results",
    "ticked_shares",
]
