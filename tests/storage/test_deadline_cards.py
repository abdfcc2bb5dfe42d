"""Deadlines on every process: cards owed an edit until shown, claimed from a process that died, the
teacher's note claimed once; class rosters, school ids and waiting commands on both engines."""

import asyncio
from datetime import UTC, datetime, timedelta

from bot.quiz.rules import QuizRules
from bot.report.model import SchoolId
from bot.storage import Storage
from tests.storage.test_database import CHANNEL, GUILD, HOUR, NOW, STUDENT, TEACHER

STALE = timedelta(seconds=30)


async def _due(db: Storage) -> int:
    quiz, _ = await db.open_quiz(
        GUILD,
        "fine-tuning",
        CHANNEL,
        TEACHER,
        version_id=None,
        rules=QuizRules(closes_at=NOW + HOUR),
        now=NOW,
    )
    return quiz.id


async def test_a_closed_quiz_owes_its_cards_until_they_are_shown(db: Storage):
    quiz = await _due(db)
    later = NOW + HOUR
    assert await db.close_overdue(later) == [(quiz, True)]
    # The closer is editing the cards: nobody else claims them while that is fresh.
    assert await db.claim_owed_cards(later + STALE / 2, later + STALE / 2 - STALE) == []
    await db.cards_shown(quiz, later)
    assert await db.claim_owed_cards(later + 2 * STALE, later + STALE) == []


async def test_cards_a_dead_process_owed_are_claimed_once(db: Storage):
    quiz = await _due(db)
    later = NOW + HOUR
    await db.close_overdue(later)  # and the process died before editing the cards
    claims = await asyncio.gather(*(db.claim_owed_cards(later + STALE, later) for _ in range(4)))
    assert sorted(map(len, claims)) == [0, 0, 0, 1]
    await db.cards_shown(quiz, later)  # the dead process's debt, paid late: the new claim stays
    assert await db.claim_owed_cards(later + 3 * STALE, later + 2 * STALE) == [quiz]
    await db.cards_shown(quiz, later + 3 * STALE)
    assert await db.claim_owed_cards(later + 5 * STALE, later + 4 * STALE) == []


async def test_the_deadline_note_is_claimed_once_and_never_for_a_teachers_close(db: Storage):
    quiz = await _due(db)
    await db.close_overdue(NOW + HOUR)
    claims = await asyncio.gather(*(db.claim_deadline_note(quiz, NOW + HOUR) for _ in range(4)))
    assert sorted(claims, key=str) == [TEACHER, None, None, None]
    other, _ = await db.open_quiz(
        GUILD, "volcanoes", CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW
    )
    await db.close_quiz(other.id, NOW)
    assert await db.claim_deadline_note(other.id, NOW) is None


async def test_locale_threshold_rosters_and_school_ids_per_server(db: Storage):
    await db.remember_locale(GUILD, "es-ES")
    await db.remember_locale(GUILD, "es-ES")
    await db.set_setting(GUILD, "needs_help_below", 50)
    found = await db.settings(GUILD)
    assert (found.locale, found.needs_help_below, found.timezone) == ("es-ES", 50, "UTC")
    await db.set_class_roster(GUILD, CHANNEL, 77)
    await db.set_class_roster(GUILD, CHANNEL + 1, 78)
    await db.set_class_roster(GUILD, CHANNEL + 1, None)
    assert await db.class_rosters(GUILD) == {CHANNEL: 77}
    assert await db.class_rosters(GUILD + 1) == {}
    await db.replace_school_ids(GUILD, {STUDENT: SchoolId("S-1", None), TEACHER: SchoolId(None, "t@x.org")})
    await db.replace_school_ids(GUILD, {STUDENT: SchoolId("S-2", "s@x.org")})
    assert await db.school_ids(GUILD, [STUDENT, TEACHER]) == {STUDENT: SchoolId("S-2", "s@x.org")}
    assert await db.school_id_of(GUILD, STUDENT) == SchoolId("S-2", "s@x.org")


async def test_a_waiting_command_is_kept_then_dropped(db: Storage):
    kept = await db.add_pending(GUILD, TEACHER, "time-choice", '{"a": 1}', NOW)
    found = await db.pending(kept)
    assert found is not None
    assert (found.kind, found.content, found.created_at) == ("time-choice", '{"a": 1}', NOW)
    assert [p.id for p in await db.pending_of(GUILD, TEACHER)] == [kept]
    assert await db.drop_pending_before(NOW + HOUR) == 1
    assert not await db.drop_pending(kept)


async def test_the_database_tells_its_own_time(db: Storage):
    before = datetime.now(UTC)
    told = await db.database_now()
    assert told.tzinfo is not None
    assert before - timedelta(seconds=5) < told < datetime.now(UTC) + timedelta(seconds=5)
