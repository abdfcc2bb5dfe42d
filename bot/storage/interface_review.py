"""The storage spaced review needs (part of `Storage`, bot/storage/interface.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from bot.review.scheduler import Memory
from bot.storage.records import NewReviewItem, ReviewAnswer, ReviewAssignment, ReviewItem, ReviewSettings


class ReviewStorage(Protocol):
    # -- spaced review ---------------------------------------------------------------------------

    async def assign_review(
        self,
        guild_id: int,
        channel_id: int,
        lesson: str,
        *,
        ends_on: date | None,
        exam_on: date | None,
        measure: bool,
        check_on: date | None,
        seed: int,
        now: datetime,
    ) -> ReviewAssignment:
        """Assign review of `lesson` ('' for every lesson) to the class channel, or change it if assigned."""

    async def stop_review(self, guild_id: int, channel_id: int, lesson: str | None = None) -> int:
        """End the channel's review (of one lesson, or all); how many assignments ended. Items stay."""

    async def review_assignments(self, guild_id: int | None = None) -> list[ReviewAssignment]:
        """The server's assignments (every server's when None), by server, channel and lesson."""

    async def review_settings(self, guild_id: int) -> ReviewSettings:
        """The server's review settings, the defaults if never set."""

    async def set_review_settings(self, settings: ReviewSettings) -> None:
        """Keep the server's review settings (cap, daily time, weekdays)."""

    async def add_review_items(self, guild_id: int, user_id: int, items: Sequence[NewReviewItem]) -> int:
        """Add the student's items not there yet (an item never restarts); how many were new. The
        student's next due day follows in the same transaction."""

    async def review_items(self, guild_id: int, user_id: int | None = None) -> list[ReviewItem]:
        """One student's items (everyone's in the server when `user_id` is None)."""

    async def pull_review_items(self, guild_id: int, lesson: str, to: date) -> int:
        """Bring the server's items of `lesson` ('' for every lesson) due after `to` back to `to`, and their
        students' next due day with them, in one transaction; how many items moved."""

    async def review_item(self, item_id: int) -> ReviewItem | None:
        """The item with this id, in any server (the caller checks whose it is)."""

    async def waiting_students(self, guild_id: int, day: date) -> list[int]:
        """Students of the server with an item due on `day` or before (held-back items aside)."""

    async def set_review_remind(self, guild_id: int, user_id: int, remind: bool) -> None:
        """Turn the student's direct review reminder on or off (off unless they asked)."""

    async def review_remind(self, guild_id: int, user_id: int) -> bool:
        """Whether the student asked for a direct review reminder."""

    # -- who sends the daily card and each reminder (bot/storage/sql/review_cards.py) -------------------

    async def claim_review_card(
        self, guild_id: int, channel_id: int, day: date, *, now: datetime, stale: datetime
    ) -> bool:
        """True for the one caller that may post the channel's card for `day` now; False if it was posted,
        or another claimed it after `stale`."""

    async def review_card_posted(self, guild_id: int, channel_id: int, day: date) -> None:
        """The channel's card for `day` is sent (or can't be): nobody claims it again that day."""

    async def reminders_due(self, guild_id: int, day: date) -> list[int]:
        """Opted-in students with something waiting on `day`, not reminded yet that day."""

    async def claim_reminder(
        self, guild_id: int, user_id: int, day: date, *, now: datetime, stale: datetime
    ) -> bool:
        """True for the one caller that may remind the student for `day` now; False if reminded, no longer
        due, or claimed by another after `stale`."""

    async def reminded(self, guild_id: int, user_id: int, day: date) -> None:
        """The student's reminder for `day` is sent (or can't be)."""

    async def oldest_review_claim(self, stale: datetime) -> datetime | None:
        """When the oldest card or reminder claimed after `stale`, and not sent yet, was claimed."""

    async def answer_review(
        self, item: ReviewItem, answer: ReviewAnswer, after: Memory, *, checked: bool = False
    ) -> bool:
        """Log `answer` and move the item to `after`, all or nothing; False (nothing changed) if the
        step had an answer already, or the item had moved since it was read. `after` is the memory as
        of the answer's moment. One answer per (student, day, round, step) is the table's primary key."""

    async def review_answers(
        self, guild_id: int, user_id: int | None = None, day: date | None = None
    ) -> list[ReviewAnswer]:
        """Answers at review, oldest first: one student's (on one day, if given), or the server's."""
