"""How often a public card may be edited: at most once per interval, and never before Discord allows.

Changes between edits are coalesced: whatever happened meanwhile goes out in the next edit, so there is
at most one edit waiting per card however many answers arrive.
"""

from __future__ import annotations

from dataclasses import dataclass

INTERVAL = 2.0  # seconds between two edits of one card


@dataclass
class EditPacer:
    """One card's edits, on a monotonic clock given by the caller (seconds)."""

    interval: float = INTERVAL
    last_edit: float | None = None
    blocked_until: float = 0.0  # Discord's retry_after, once it answered 429

    def due_at(self, now: float) -> float:
        """The earliest moment the next edit may be sent."""
        earliest = now if self.last_edit is None else max(now, self.last_edit + self.interval)
        return max(earliest, self.blocked_until)

    def sent(self, at: float) -> None:
        self.last_edit = at

    def limited(self, at: float, retry_after: float) -> None:
        """Discord refused an edit (429): nothing is sent to this card until `retry_after` has passed."""
        self.blocked_until = max(self.blocked_until, at + retry_after)
