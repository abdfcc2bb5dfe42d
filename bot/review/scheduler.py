"""When a student should see a question again: the one module that knows FSRS.

Pure: no clock reads and no I/O; `now` is passed in, aware, in any zone. Everything else in the bot sees
only `Memory`, a record of plain values (numbers, a date, a UTC time) that fits in SQL columns.

Choices, and why:
- Two grades, right (Good) and wrong (Again): a multiple-choice answer says nothing about effort.
- No learning steps: FSRS's defaults re-ask a missed card after 1 and 10 minutes (Anki's habit); a class
  reviews once a day, so a missed item is due the next day and a right one in about 2 days, then longer.
- Time is counted in the server's calendar days, as Anki counts days: an answer at 10:00 on Monday and
  the next at 09:00 on Tuesday are one day apart, not zero. FSRS sees that many whole days, and `due` is
  a calendar day, so "due today" means the same thing at any hour of the daily run.
- No fuzz: FSRS's fuzz draws from the process's global random generator, which would make schedules
  differ between runs of the same history; the daily cap already spreads the load.
- An exam date pulls the schedule: an item whose next due day falls after the last review day before the
  exam (so it would not be seen again before it) is due on that last review day instead, unless that day
  is today or past (the item has just been seen: there is nothing fresher to give it). Items are never
  pushed later. With reviews every day, the last review day is the exam's eve.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from fsrs import Card, Rating, State
from fsrs import Scheduler as _Fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS

EVERY_DAY = frozenset(range(7))
# fsrs numbers cards to tell review logs apart; the bot keeps its own keys, so one constant will do
# (and a Card made without an id sleeps 1 ms to keep ids unique).
_CARD_ID = 1


@dataclass(frozen=True, slots=True)
class Memory:
    """What the scheduler knows about one student and one question, as storable plain values.

    `stability` is in days (recall falls to 90 % after that long); `difficulty` is FSRS's 1-10 scale;
    `due` is a calendar day in the server's zone; `last_review` the moment of the last answer, in UTC.
    `reps` counts answers, `lapses` wrong answers after the first, `last_correct` the last answer,
    and `longest_recall` the longest gap in days over which the student answered it right.
    """

    stability: float
    difficulty: float
    due: date
    last_review: datetime
    reps: int
    lapses: int
    last_correct: bool
    longest_recall: int


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day `moment` falls on in `zone`; naive times are refused, never guessed."""
    if moment.tzinfo is None:
        raise ValueError("the scheduler needs aware datetimes; got a naive one")
    return moment.astimezone(zone).date()


class Scheduler:
    """FSRS with the bot's settings. Cheap to keep one per class; its methods never change it.

    `parameters` are FSRS's 21 weights (default: FSRS's own, fitted on Anki users); a class's fitted
    ones can be passed later. `exam_date` and `review_days` (weekday numbers, Monday 0) drive the
    exam pull described above; without an exam date `review_days` is not used.
    """

    def __init__(
        self,
        zone: tzinfo = UTC,
        *,
        parameters: Sequence[float] | None = None,
        desired_retention: float = 0.9,
        exam_date: date | None = None,
        review_days: Collection[int] = EVERY_DAY,
    ) -> None:
        self.zone = zone
        self.exam_date = exam_date
        self.review_days = frozenset(review_days)
        if exam_date is not None and not self.review_days:
            raise ValueError("an exam date needs at least one review day")
        self._fsrs = _Fsrs(
            DEFAULT_PARAMETERS if parameters is None else tuple(parameters),
            desired_retention=desired_retention,
            learning_steps=(),
            relearning_steps=(),
            enable_fuzzing=False,
        )

    @property
    def parameters(self) -> tuple[float, ...]:
        return self._fsrs.parameters

    def first(self, correct: bool, now: datetime) -> Memory:
        """The memory after a student's first answer to a question (in a quiz)."""
        card = Card(card_id=_CARD_ID, due=now.astimezone(UTC))
        return self._answer(card, correct, now, elapsed=0, before=None)

    def review(self, memory: Memory, correct: bool, now: datetime) -> Memory:
        """The memory after one more answer, whether asked at review, in a redemption round or a check."""
        elapsed = self._elapsed_days(memory, now)
        return self._answer(self._card(memory, now, elapsed), correct, now, elapsed=elapsed, before=memory)

    def recall_probability(self, memory: Memory, now: datetime) -> float:
        """FSRS's predicted chance that the student answers right at `now` (1.0 on the day of an answer)."""
        card = self._card(memory, now, self._elapsed_days(memory, now))
        return float(self._fsrs.get_card_retrievability(card, now.astimezone(UTC)))

    def pulled_to(self, now: datetime) -> date | None:
        """The day an item due after the exam is brought back to, as of `now` (the last review day before
        the exam); None when there is no exam, or that day is not after today."""
        if self.exam_date is None:
            return None
        last = self.exam_date - timedelta(days=1)
        while last.weekday() not in self.review_days:
            last -= timedelta(days=1)
        return last if local_day(now, self.zone) < last else None

    def _answer(
        self, card: Card, correct: bool, now: datetime, *, elapsed: int, before: Memory | None
    ) -> Memory:
        moment = now.astimezone(UTC)
        card, _log = self._fsrs.review_card(card, Rating.Good if correct else Rating.Again, moment)
        assert card.stability is not None
        assert card.difficulty is not None
        today = local_day(now, self.zone)
        interval = (card.due - moment).days
        longest = 0 if before is None else before.longest_recall
        return Memory(
            stability=card.stability,
            difficulty=card.difficulty,
            due=self._pulled(today + timedelta(days=interval), now),
            last_review=moment,
            reps=1 if before is None else before.reps + 1,
            lapses=0 if before is None else before.lapses + (not correct),
            last_correct=correct,
            longest_recall=max(longest, elapsed) if correct else longest,
        )

    @staticmethod
    def _card(memory: Memory, now: datetime, elapsed: int) -> Card:
        moment = now.astimezone(UTC)
        return Card(
            card_id=_CARD_ID,
            state=State.Review,
            step=None,
            stability=memory.stability,
            difficulty=memory.difficulty,
            due=moment,
            # As FSRS counts whole days between two moments, this shows it the calendar days.
            last_review=moment - timedelta(days=elapsed),
        )

    def _elapsed_days(self, memory: Memory, now: datetime) -> int:
        return max(0, (local_day(now, self.zone) - local_day(memory.last_review, self.zone)).days)

    def _pulled(self, due: date, now: datetime) -> date:
        last = self.pulled_to(now)
        return last if last is not None and last < due else due
