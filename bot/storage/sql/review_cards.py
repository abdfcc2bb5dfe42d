"""Who sends the daily review card and each reminder: claimed one at a time just before it is sent, marked
sent after. A claim older than `stale` is of a process that died between the two: any process takes it
over. Claiming one item at a time keeps a claim's life to one send, however many a process has to send.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.storage.sql.dialect import sql
from bot.storage.sql.runner import Runner
from bot.storage.sql.values import time_or_none

# Claimed for every assignment of the channel at once, so a class gets one card a day whoever posts it.
# A lesson assigned after the day's card went out has no day yet: the channel's other rows say it is out.
_CLAIM_CARD = sql(
    "UPDATE review_assignments SET card_claimed_at = :now::timestamptz"
    " WHERE guild_id = :guild AND channel_id = :channel AND (card_on IS NULL OR card_on < :day::date)"
    " AND (card_claimed_at IS NULL OR card_claimed_at <= :stale::timestamptz)"
    " AND NOT EXISTS (SELECT 1 FROM review_assignments d WHERE d.guild_id = :guild"
    "  AND d.channel_id = :channel AND d.card_on >= :day) RETURNING 1"
)
_CARD_POSTED = sql(
    "UPDATE review_assignments SET card_on = :day::date, card_claimed_at = NULL"
    " WHERE guild_id = :guild AND channel_id = :channel AND (card_on IS NULL OR card_on < :day)"
)
_TO_REMIND = sql(
    "SELECT user_id FROM review_students WHERE guild_id = :guild AND remind AND next_due <= :day::date"
    " AND (reminded_on IS NULL OR reminded_on < :day) ORDER BY user_id"
)
_CLAIM_REMINDER = sql(
    "UPDATE review_students SET remind_claimed_at = :now::timestamptz"
    " WHERE guild_id = :guild AND user_id = :user AND remind AND next_due <= :day::date"
    " AND (reminded_on IS NULL OR reminded_on < :day)"
    " AND (remind_claimed_at IS NULL OR remind_claimed_at <= :stale::timestamptz) RETURNING 1"
)
_REMINDED = sql(
    "UPDATE review_students SET reminded_on = :day::date, remind_claimed_at = NULL"
    " WHERE guild_id = :guild AND user_id = :user"
)
# The oldest claim still live (since `stale`): when a keeper should look again for one its process may
# have died holding. Claims older than that are any look's to take, or ones no look will take (the
# review stopped, the reminder turned off): waiting for those would hide the live ones.
_OLDEST_LIVE_CLAIM = sql(
    "SELECT MIN(claimed) FROM (SELECT card_claimed_at AS claimed FROM review_assignments"
    " WHERE card_claimed_at > :stale::timestamptz UNION ALL SELECT remind_claimed_at FROM review_students"
    " WHERE remind_claimed_at > :stale) c"
)


class ReviewCardStatements(Runner):
    async def claim_review_card(
        self, guild_id: int, channel_id: int, day: date, *, now: datetime, stale: datetime
    ) -> bool:
        """True for the one caller that may post the channel's card for `day` now; False if it was posted,
        or another claimed it after `stale`."""
        values = {"guild": guild_id, "channel": channel_id, "day": day, "now": now, "stale": stale}
        return bool(await self._write_all(_CLAIM_CARD, **values))

    async def review_card_posted(self, guild_id: int, channel_id: int, day: date) -> None:
        """The channel's card for `day` is sent (or can't be): nobody claims it again that day."""
        await self._write_all(_CARD_POSTED, guild=guild_id, channel=channel_id, day=day)

    async def reminders_due(self, guild_id: int, day: date) -> list[int]:
        """Opted-in students with something waiting on `day`, not reminded yet that day."""
        return [int(row[0]) for row in await self._read_all(_TO_REMIND, guild=guild_id, day=day)]

    async def claim_reminder(
        self, guild_id: int, user_id: int, day: date, *, now: datetime, stale: datetime
    ) -> bool:
        """True for the one caller that may remind the student for `day` now; False if reminded, no longer
        due, or claimed by another after `stale`."""
        values = {"guild": guild_id, "user": user_id, "day": day, "now": now, "stale": stale}
        return await self._write_one(_CLAIM_REMINDER, **values) is not None

    async def reminded(self, guild_id: int, user_id: int, day: date) -> None:
        """The student's reminder for `day` is sent (or can't be)."""
        await self._write_one(_REMINDED, guild=guild_id, user=user_id, day=day)

    async def oldest_review_claim(self, stale: datetime) -> datetime | None:
        """When the oldest card or reminder claimed after `stale`, and not sent yet, was claimed."""
        row = await self._read_one(_OLDEST_LIVE_CLAIM, stale=stale)
        return None if row is None else time_or_none(row[0])
