"""Quizzes closing at their deadline, on whichever process sees it first, and their cards edited even if
the process that closed them died.

Every process looks at the database (`due`), at its next deadline and at least every POLL, so a deadline
set through one process is kept by any other; the statement that closes a quiz marks its cards owed, and
cards owed for longer than STALE (their closer died) are claimed by one process and edited there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import Clock, SystemClock
from bot.storage import QuizRecord, Storage
from bot.tutor.lessons import Lessons
from bot.tutor.screens import ClosedQuiz

# How often a process looks for deadlines set through another process: a quiz closes at most this late.
POLL = timedelta(seconds=5)
# A closer edits its cards within seconds; cards owed longer than this were left by a process that died.
STALE = timedelta(seconds=30)


async def closed_quiz(
    db: Storage, lessons: Lessons, quiz_id: int, *, settled: bool, owed_since: datetime
) -> ClosedQuiz:
    """What the cards of a quiz that just changed must show, and in which language."""
    quiz = await db.quiz(quiz_id)
    assert quiz is not None
    assert quiz.closed_at is not None
    extended = 0
    if not settled:  # the card counts who may still start, never names them
        running = (await db.accommodations(quiz_id)).values()
        extended = sum(1 for x in running if x.until is not None and x.until > owed_since)
    return ClosedQuiz(
        quiz_id,
        await lessons.title(quiz),
        quiz.closed_at,
        settled,
        await db.quiz_cards(quiz_id),
        owed_since,
        (await db.settings(quiz.guild_id)).locale,
        quiz.closed_by_deadline(),
        extended,
    )


class Deadlines:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock

    async def due(self) -> list[ClosedQuiz]:
        """Close every quiz past its deadline and settle those whose extra time has run out; then claim
        the cards other processes owed and left. Each to be edited, then `shown`."""
        now = self._clock.now()
        changed = []
        if await self._db.anything_due(now):
            for quiz_id, settled in await self._db.close_overdue(now):
                changed.append(await self._closed(quiz_id, settled=settled, owed_since=now))
            for quiz_id in await self._db.settle_finished_extensions(now):
                changed.append(await self._closed(quiz_id, settled=True, owed_since=now))
        for quiz_id in await self._db.claim_owed_cards(now, now - STALE):
            quiz = await self._db.quiz(quiz_id)
            settled = quiz is not None and quiz.settled_at is not None
            changed.append(await self._closed(quiz_id, settled=settled, owed_since=now))
        return changed

    async def _closed(self, quiz_id: int, *, settled: bool, owed_since: datetime) -> ClosedQuiz:
        return await closed_quiz(self._db, self._lessons, quiz_id, settled=settled, owed_since=owed_since)

    async def shown(self, closed: ClosedQuiz) -> None:
        """Its cards show the change now."""
        await self._db.cards_shown(closed.quiz_id, closed.owed_since)

    async def teacher_to_tell(self, closed: ClosedQuiz) -> int | None:
        """Who opened a quiz its deadline just closed, if this process is the one to tell them (once)."""
        if not closed.by_deadline:
            return None
        return await self._db.claim_deadline_note(closed.quiz_id, self._clock.now())

    async def follow_database_clock(self) -> timedelta | None:
        """Judge deadlines by the database's clock from now on (a clock of the machine's only: a test's
        clock is its own); how far it is from this machine's."""
        if not isinstance(self._clock, SystemClock):
            return None
        sent = datetime.now(UTC)
        reference = await self._db.database_now()
        return self._clock.align(reference, sent, datetime.now(UTC))

    async def next_look(self, since: datetime) -> datetime:
        """When to look again after a look that began at `since`: the next deadline or end of extra time
        after it (one that passed while that look was busy is due at once), and at the latest after POLL."""
        wake = await self._db.next_wakeup(since)
        latest = self._clock.now() + POLL
        return latest if wake is None else min(wake, latest)

    async def quiz(self, quiz_id: int) -> QuizRecord:
        found = await self._db.quiz(quiz_id)
        assert found is not None, "a quiz is never deleted"
        return found

    async def remember_locale(self, guild_id: int, locale: str) -> None:
        # Every server is seen at every start: a read, and a write only for a language that changed.
        if (await self._db.settings(guild_id)).locale != locale:
            await self._db.remember_locale(guild_id, locale)
