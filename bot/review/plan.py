"""Which questions a student reviews today, when the class's review runs, and what counts as progress.

Pure: no clock reads and no I/O; the day or moment is passed in. Days are the server's calendar days.

Choices, and why:
- Today's items are those due today or earlier; ones last answered wrong first (they are the most likely
  to be forgotten and what the review is for), then the longest overdue, then the least stable; at most
  the daily cap, less what the student has answered today (so a review cut short resumes where it was).
- The review days only decide when the class's card is posted; a student who asks on another day still
  gets their due items, under the same cap.
- The daily time is 09:00 by default: the card goes up as the school day starts, so the review can be
  done in class or at any time that day.
- "Measure the effect" (opt in) splits each student's missed items by a hash of (seed, user, item), so
  the split is stable across restarts and versions: about a tenth is held back (never reviewed) until
  the check day, and another tenth is reviewed as usual and also asked on the check day, so the two
  accuracies there compare like with like. On the check day both come first, within the cap.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.review.scheduler import Memory, local_day

SCHOOL_DAYS = frozenset(range(5))  # Monday to Friday
DEFAULT_CAP = 5
DEFAULT_TIME = time(9, 0)
# Recalled after at least this many days: what the student's progress calls "mastered".
MASTERED_AFTER_DAYS = 7


@dataclass(frozen=True, slots=True)
class Settings:
    """A server's review settings: its zone, the daily cap, the daily time and the review weekdays."""

    zone: tzinfo = UTC
    cap: int = DEFAULT_CAP
    at: time = DEFAULT_TIME
    days: frozenset[int] = field(default=SCHOOL_DAYS)

    def __post_init__(self) -> None:
        if self.cap < 1:
            raise ValueError(f"the daily cap must be at least 1, not {self.cap}")
        if not self.days or not self.days <= frozenset(range(7)):
            raise ValueError(f"review days must be weekday numbers 0-6, at least one: {sorted(self.days)}")
        if self.at.tzinfo is not None:
            raise ValueError("the daily time is a wall-clock time in the server's zone, without a zone")


def settings(
    zone: str | tzinfo = "UTC",
    *,
    cap: int = DEFAULT_CAP,
    at: time = DEFAULT_TIME,
    days: Collection[int] = SCHOOL_DAYS,
) -> Settings:
    """Settings from stored values: the zone may be an IANA name as stored, or a tzinfo."""
    return Settings(ZoneInfo(zone) if isinstance(zone, str) else zone, cap, at, frozenset(days))


def is_review_day(day: date, rules: Settings) -> bool:
    return day.weekday() in rules.days


def next_run(now: datetime, rules: Settings) -> datetime:
    """The next moment after `now` (in UTC) when the class's daily review card is due to be posted.

    The wall-clock time holds across a summer-time change; a time the change skips is read with the
    offset before it, so it lands just after the change.
    """
    day = local_day(now, rules.zone)
    for ahead in range(8):
        candidate = day + timedelta(days=ahead)
        if is_review_day(candidate, rules):
            moment = datetime.combine(candidate, rules.at, tzinfo=rules.zone).astimezone(UTC)
            if moment > now:
                return moment
    raise AssertionError("a week always holds a review day")  # pragma: no cover - Settings checks days


class Arm(enum.Enum):
    """Where an item stands in "measure the effect"."""

    NONE = "none"  # reviewed as usual, not part of the comparison
    HELD_BACK = "held_back"  # not reviewed until the check day
    CONTROL = "control"  # reviewed as usual, and asked on the check day too


def arm(seed: str, user_id: int, key: str, missed: bool) -> Arm:
    """The item's arm: about a tenth of missed items each held back and control, fixed by the hash."""
    if not missed:
        return Arm.NONE
    digest = hashlib.blake2b(f"{seed}:{user_id}:{key}".encode(), digest_size=8).digest()
    bucket = int.from_bytes(digest, "big") % 10
    return {0: Arm.HELD_BACK, 1: Arm.CONTROL}.get(bucket, Arm.NONE)


@dataclass(frozen=True, slots=True)
class Item:
    """One student's review item as the plan needs it: its key, memory, arm and whether it was checked."""

    key: str
    memory: Memory
    arm: Arm = Arm.NONE
    checked: bool = False


def waits_for_check(item: Item, today: date, check_on: date | None) -> bool:
    """The item is asked today as part of the delayed check (log its answer as a check)."""
    return check_on is not None and today >= check_on and item.arm is not Arm.NONE and not item.checked


def todays_items(
    items: Iterable[Item],
    today: date,
    rules: Settings,
    *,
    answered_today: int = 0,
    check_on: date | None = None,
) -> list[Item]:
    """The items to ask today, in order: check items first on or after the check day, then due ones."""
    room = rules.cap - answered_today
    if room <= 0:
        return []
    checks: list[Item] = []
    due: list[Item] = []
    for item in items:
        if waits_for_check(item, today, check_on):
            checks.append(item)
        elif item.arm is Arm.HELD_BACK and not item.checked:
            continue
        elif item.memory.due <= today:
            due.append(item)
    checks.sort(key=lambda item: (item.arm is not Arm.HELD_BACK, item.key))
    due.sort(key=_urgency)
    return (checks + due)[:room]


def _urgency(item: Item) -> tuple[bool, date, float, str]:
    memory = item.memory
    return (memory.last_correct, memory.due, memory.stability, item.key)


def mastered(memory: Memory) -> bool:
    """Recalled at an interval of a week or more, at least once."""
    return memory.longest_recall >= MASTERED_AFTER_DAYS


def mastered_count(memories: Iterable[Memory]) -> int:
    """How many questions are mastered: one student's, or the class goal when given everyone's."""
    return sum(mastered(memory) for memory in memories)


def days_practised(answered_at: Iterable[datetime], zone: tzinfo) -> int:
    """On how many calendar days the student answered at least one review question."""
    return len({local_day(moment, zone) for moment in answered_at})
