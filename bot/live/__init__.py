"""A live class, pure: the session's phases and the steps between them, shares per option and per team
as text bars, and how often a public card may be edited. No Discord, no storage."""

from bot.live.pacing import EditPacer
from bot.live.session import Phase, Step, StepRefused, next_state
from bot.live.shares import Share, bar, option_shares, team_of, team_results

__all__ = [
    "EditPacer",
    "Phase",
    "Share",
    "Step",
    "StepRefused",
    "bar",
    "next_state",
    "option_shares",
    "team_of",
    "team_results",
]
