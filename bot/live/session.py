"""The phases of a live question and the teacher's steps between them.

A question is open (answers come in and may change), closed (answers stand), revealed (the class sees
the right answer and the shares); Next opens the following question; End ends the session from any phase.
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"
    ENDED = "ended"


class Step(StrEnum):
    CLOSE = "close"
    REVEAL = "reveal"
    NEXT = "next"
    END = "end"


class StepRefused(Exception):  # noqa: N818 - a refusal the teacher reads, not a failure
    """A step that does not apply where the session stands; `why` names the message key."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


# From which phases each step applies: Reveal closes answers as it reveals; Next needs answers closed.
_FROM: dict[Step, frozenset[Phase]] = {
    Step.CLOSE: frozenset({Phase.OPEN}),
    Step.REVEAL: frozenset({Phase.OPEN, Phase.CLOSED}),
    Step.NEXT: frozenset({Phase.CLOSED, Phase.REVEALED}),
    Step.END: frozenset({Phase.OPEN, Phase.CLOSED, Phase.REVEALED}),
}
_TO = {Step.CLOSE: Phase.CLOSED, Step.REVEAL: Phase.REVEALED, Step.END: Phase.ENDED}


def next_state(phase: Phase, position: int, count: int, step: Step) -> tuple[Phase, int]:
    """Where `step` takes a session at `phase` on question `position` (0-based) of `count`."""
    if phase is Phase.ENDED:
        raise StepRefused("live.ended")
    if phase not in _FROM[step]:
        raise StepRefused(f"live.not_now.{step.value}")
    if step is Step.NEXT:
        if position + 1 >= count:
            raise StepRefused("live.last_question")
        return Phase.OPEN, position + 1
    return _TO[step], position


def allowed(phase: Phase, position: int, count: int) -> frozenset[Step]:
    """The steps the teacher's panel offers now."""
    found = set()
    for step in Step:
        try:
            next_state(phase, position, count, step)
        except StepRefused:
            continue
        found.add(step)
    return frozenset(found)
