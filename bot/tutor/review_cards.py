"""The class's daily review card and the opted-in reminders: when they are due, and who posts them.

Once a day, at the set time in the server's zone and on a review day, each class channel with review
assigned gets one public card saying how many of its students have questions waiting (no names), and each
student who asked for reminders gets one direct message. Which process posts is settled in the database:
each card and reminder is claimed just before it is sent and marked sent after, so each goes out once
however many processes run; a bot that was down at the set time posts it when it comes back that day,
and a claim left by a process that died before sending goes stale after STALE and is taken over. The
keeper (bot/exts/review.py) sleeps on the injected clock until `next_run`.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from bot.clock import Clock
from bot.review import plan
from bot.review.scheduler import local_day
from bot.storage import Storage
from bot.tutor.review_feed import Feed

# About how long one review question takes a student, for "It takes about N minutes".
SECONDS_A_QUESTION = 20
# A claim older than this is of a process that died before sending: sending one takes a second or two.
STALE = timedelta(seconds=30)
SEND_WITHIN = STALE.total_seconds() / 2
T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Card:
    guild_id: int
    channel_id: int
    waiting: int  # students of this class with questions waiting today
    minutes: int
    day: date
    locale: str | None = None  # the server's language as kept, for a process that does not serve it


@dataclass(frozen=True, slots=True)
class Reminder:
    guild_id: int
    user_id: int
    day: date
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class Due:
    cards: list[Card]
    reminders: list[Reminder]


class Cards:
    def __init__(self, db: Storage, clock: Clock, feed: Feed) -> None:
        self._db = db
        self._clock = clock
        self._feed = feed

    async def due(self) -> Due:
        """Today's cards and reminders whose time has come and that are not sent yet. `deliver` claims
        each just before sending it, so however many processes look, each goes out once."""
        now = self._clock.now()
        cards: list[Card] = []
        reminders: list[Reminder] = []
        assignments = await self._db.review_assignments()
        for guild_id in sorted({a.guild_id for a in assignments}):
            rules = await self._feed.rules(guild_id)
            today = local_day(now, rules.zone)
            if not plan.is_review_day(today, rules) or now < _run_at(today, rules):
                continue
            running = await self._feed.running(guild_id, today)
            if not running:  # its review has ended: no card, and no reminder to review
                continue
            # A channel's card is once a day, though a lesson assigned after it went out has no day yet.
            posted = {
                a.channel_id
                for a in assignments
                if a.guild_id == guild_id and a.card_on is not None and a.card_on >= today
            }
            owed = sorted({a.channel_id for a in running} - posted)
            locale = (await self._db.settings(guild_id)).locale  # for a process that does not serve it
            if owed:
                cards += await self._cards(guild_id, today, rules, owed, locale)
            due = await self._db.reminders_due(guild_id, today)
            reminders += [Reminder(guild_id, user, today, locale) for user in due]
        return Due(cards, reminders)

    async def _cards(
        self, guild_id: int, today: date, rules: plan.Settings, channels: list[int], locale: str | None
    ) -> list[Card]:
        """The cards of these class channels, each with how many of its students have something waiting."""
        seen = await self._feed.guild(guild_id, today)
        waiting = set(await self._db.waiting_students(guild_id, today))
        minutes = max(1, math.ceil(rules.cap * SECONDS_A_QUESTION / 60))
        found = []
        for channel_id in channels:
            count = len(waiting & seen.get(channel_id, set()))
            if count:
                found.append(Card(guild_id, channel_id, count, minutes, today, locale))
            else:  # nobody waits: nothing to post, and nothing to claim again today
                await self._db.review_card_posted(guild_id, channel_id, today)
        return found

    async def deliver(
        self,
        due: Due,
        post: Callable[[Card], Awaitable[None]],
        remind: Callable[[Reminder], Awaitable[None]],
    ) -> None:
        """Send each card and reminder this process claims, one at a time: claimed just before it is sent
        and marked sent after (sent, or found impossible to send), so a claim lives for one send. One sent
        already, or claimed by another process within STALE, is skipped."""
        for card in due.cards:
            place = (card.guild_id, card.channel_id, card.day)
            now = self._clock.now()
            claimed = await self._db.claim_review_card(*place, now=now, stale=now - STALE)
            if claimed and await _sent(post, card):
                await self._db.review_card_posted(*place)
        for reminder in due.reminders:
            whom = (reminder.guild_id, reminder.user_id, reminder.day)
            now = self._clock.now()
            claimed = await self._db.claim_reminder(*whom, now=now, stale=now - STALE)
            if claimed and await _sent(remind, reminder):
                await self._db.reminded(*whom)

    async def next_run(self) -> datetime | None:
        """The next moment a card is due in any server with review running, or a claim left unsent goes
        stale; None if neither."""
        now = self._clock.now()
        # A claim still live may be of a process that died holding it: look again once it goes stale.
        oldest = await self._db.oldest_review_claim(now - STALE)
        moments = [] if oldest is None else [oldest + STALE]
        for guild_id in {a.guild_id for a in await self._db.review_assignments()}:
            rules = await self._feed.rules(guild_id)
            if await self._feed.running(guild_id, local_day(now, rules.zone)):
                moments.append(plan.next_run(now, rules))
        return min(moments, default=None)


class SendLater(Exception):  # noqa: N818 - what to do, as the sender says it
    """Raised by a sender for a failure that may pass (Discord down a moment, the network): the claim is
    left to go stale, and a later look sends it."""


async def _sent(send: Callable[[T], Awaitable[None]], found: T) -> bool:
    """Whether `found` is done with: sent, or never to be sent today (a failure that will not pass is
    logged once, and does not hold up the rest). False leaves its claim to go stale and be tried again."""
    try:
        # Within half the claim's life: past STALE another process may take the claim and send it too.
        async with asyncio.timeout(SEND_WITHIN):
            await send(found)
    except (SendLater, TimeoutError):
        return False
    except Exception:
        log.exception("Could not send %s; not tried again today", found)
    return True


def _run_at(day: date, rules: plan.Settings) -> datetime:
    return datetime.combine(day, rules.at, tzinfo=rules.zone)
