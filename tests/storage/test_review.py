"""Spaced review's storage on both engines: assignments, settings, items, and one answer per step."""

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.storage import Storage
from bot.storage.records import ReviewSettings
from bot.storage.sql.dialect import sql
from tests.storage.review_rows import FSRS, new_item, review_answer
from tests.storage.test_races import CLICKS, both  # noqa: F401 - the two-process fixture

GUILD, CHANNEL, STUDENT, OTHER = 10, 20, 1_234_567_890_123_456_789, 41
QUIZ_DAY = datetime(2026, 3, 16, 10, tzinfo=UTC)  # a Monday
NEXT_DAY = QUIZ_DAY + timedelta(days=1)


async def test_an_assignment_is_kept_changed_and_stopped(db: Storage):
    made = await db.assign_review(
        GUILD,
        CHANNEL,
        "",
        ends_on=None,
        exam_on=date(2026, 4, 1),
        measure=True,
        check_on=None,
        seed=7,
        now=QUIZ_DAY,
    )
    assert (made.lesson, made.exam_on, made.measure, made.seed, made.created_at) == (
        "",
        date(2026, 4, 1),
        True,
        7,
        QUIZ_DAY,
    )
    changed = await db.assign_review(
        GUILD,
        CHANNEL,
        "",
        ends_on=date(2026, 5, 1),
        exam_on=None,
        measure=False,
        check_on=None,
        seed=8,
        now=NEXT_DAY,
    )
    assert (changed.ends_on, changed.exam_on, changed.seed, changed.created_at) == (
        date(2026, 5, 1),
        None,
        7,
        QUIZ_DAY,
    )
    await db.assign_review(
        GUILD,
        CHANNEL,
        "volcanoes",
        ends_on=None,
        exam_on=None,
        measure=False,
        check_on=None,
        seed=9,
        now=QUIZ_DAY,
    )
    assert [a.lesson for a in await db.review_assignments(GUILD)] == ["", "volcanoes"]
    assert len(await db.review_assignments()) == 2
    assert await db.stop_review(GUILD, CHANNEL, "volcanoes") == 1
    assert await db.stop_review(GUILD, CHANNEL) == 1
    assert await db.review_assignments(GUILD) == []


async def test_the_card_is_claimed_once_a_day(db: Storage):
    for lesson in ("", "volcanoes"):
        await db.assign_review(
            GUILD,
            CHANNEL,
            lesson,
            ends_on=None,
            exam_on=None,
            measure=False,
            check_on=None,
            seed=1,
            now=QUIZ_DAY,
        )
    today = QUIZ_DAY.date()
    at = {"now": QUIZ_DAY, "stale": QUIZ_DAY - timedelta(seconds=30)}
    assert await db.oldest_review_claim(at["stale"]) is None
    assert await db.claim_review_card(GUILD, CHANNEL, today, **at)
    assert not await db.claim_review_card(GUILD, CHANNEL, today, **at)
    assert await db.oldest_review_claim(at["stale"]) == QUIZ_DAY
    assert await db.oldest_review_claim(QUIZ_DAY) is None  # no longer live after its moment
    await db.review_card_posted(GUILD, CHANNEL, today)
    assert await db.oldest_review_claim(at["stale"]) is None
    later = {"now": QUIZ_DAY + timedelta(hours=1), "stale": QUIZ_DAY + timedelta(minutes=59)}
    assert not await db.claim_review_card(GUILD, CHANNEL, today, **later)  # posted: once a day
    assert await db.claim_review_card(GUILD, CHANNEL, today + timedelta(days=1), **at)


async def test_a_card_claimed_and_never_posted_is_taken_over_once_the_claim_is_stale(db: Storage):
    await db.assign_review(
        GUILD, CHANNEL, "", ends_on=None, exam_on=None, measure=False, check_on=None, seed=1, now=QUIZ_DAY
    )
    today, soon, late = QUIZ_DAY.date(), QUIZ_DAY + timedelta(seconds=10), QUIZ_DAY + timedelta(seconds=31)
    assert await db.claim_review_card(
        GUILD, CHANNEL, today, now=QUIZ_DAY, stale=QUIZ_DAY - timedelta(seconds=30)
    )
    # The claimer died before posting: within 30 s nobody else may post; after, exactly one may.
    assert not await db.claim_review_card(GUILD, CHANNEL, today, now=soon, stale=soon - timedelta(seconds=30))
    assert await db.claim_review_card(GUILD, CHANNEL, today, now=late, stale=late - timedelta(seconds=30))
    assert not await db.claim_review_card(GUILD, CHANNEL, today, now=late, stale=late - timedelta(seconds=30))
    assert await db.oldest_review_claim(late - timedelta(seconds=30)) == late


async def test_settings_default_then_kept(db: Storage):
    assert await db.review_settings(GUILD) == ReviewSettings(GUILD, 5, 540, 31)
    await db.set_review_settings(ReviewSettings(GUILD, 3, 8 * 60 + 30, 0b1111111))
    kept = await db.review_settings(GUILD)
    assert (kept.cap, kept.at_minute, kept.weekdays) == (3, 510, frozenset(range(7)))


async def test_items_are_added_once_and_keep_their_memory(db: Storage):
    items = [new_item("q1", False, QUIZ_DAY), new_item("q2", True, QUIZ_DAY)]
    assert await db.add_review_items(GUILD, STUDENT, items) == 2
    # The same questions again (a later try): nothing restarts.
    assert await db.add_review_items(GUILD, STUDENT, [new_item("q1", True, NEXT_DAY)]) == 0
    kept = {item.question_key: item for item in await db.review_items(GUILD, STUDENT)}
    assert kept["q1"].memory == items[0].memory
    assert kept["q1"].first_correct is False
    assert kept["q2"].first_correct is True
    assert kept["q1"].memory.due == NEXT_DAY.date()
    due = [i.question_key for i in await db.review_items(GUILD, STUDENT) if i.memory.due <= NEXT_DAY.date()]
    assert due == ["q1"]
    assert await db.waiting_students(GUILD, QUIZ_DAY.date()) == []
    assert await db.waiting_students(GUILD, NEXT_DAY.date()) == [STUDENT]
    assert len(await db.review_items(GUILD)) == 2


async def test_one_answer_per_step_moves_the_item_once(db: Storage):
    await db.add_review_items(
        GUILD, STUDENT, [new_item("q1", False, QUIZ_DAY), new_item("q2", False, QUIZ_DAY)]
    )
    first, second = await db.review_items(GUILD, STUDENT)
    after = FSRS.review(first.memory, True, NEXT_DAY)
    assert await db.answer_review(first, review_answer(first, True, NEXT_DAY), after)
    # The same step again, even for another item (a screen from before): refused, nothing moves.
    later = NEXT_DAY + timedelta(seconds=1)
    assert not await db.answer_review(
        second, review_answer(second, False, later), FSRS.review(second.memory, False, later)
    )
    # The first item as read before its answer: it has moved, so a next step on it is refused and not logged.
    again = FSRS.review(first.memory, True, later)
    assert not await db.answer_review(first, review_answer(first, True, later, step=1), again)
    moved = await db.review_item(first.id)
    assert moved is not None
    assert moved.memory == after
    assert (await db.review_item(second.id)) == second
    logged = await db.review_answers(GUILD, STUDENT, NEXT_DAY.date())
    assert [(a.step, a.question_key, a.correct) for a in logged] == [(0, "q1", True)]
    # Its next due day moved with it: q2 is still due, so the student still waits.
    assert await db.waiting_students(GUILD, NEXT_DAY.date()) == [STUDENT]


async def test_the_one_answer_per_step_is_a_constraint(db: Storage):
    await db.add_review_items(GUILD, STUDENT, [new_item("q1", False, QUIZ_DAY)])
    (item,) = await db.review_items(GUILD, STUDENT)
    assert await db.answer_review(
        item, review_answer(item, True, NEXT_DAY), FSRS.review(item.memory, True, NEXT_DAY)
    )
    insert = sql(
        "INSERT INTO review_log (guild_id, user_id, day, round, step, lesson, question_key, kind, correct,"
        " arm, answered_at) VALUES (:guild, :user, :day::date, 0, 0, 'x', 'y', 'review', true, 'none',"
        " :now::timestamptz)"
    )
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        await db._write_one(insert, guild=GUILD, user=STUDENT, day=NEXT_DAY.date(), now=NEXT_DAY)  # type: ignore[attr-defined]


async def test_reminders_are_opt_in_and_claimed_once_a_day(db: Storage):
    await db.add_review_items(GUILD, STUDENT, [new_item("q1", False, QUIZ_DAY)])
    await db.add_review_items(GUILD, OTHER, [new_item("q1", False, QUIZ_DAY)])
    day = NEXT_DAY.date()
    at = {"now": NEXT_DAY, "stale": NEXT_DAY - timedelta(seconds=30)}
    assert not await db.review_remind(GUILD, STUDENT)
    assert await db.reminders_due(GUILD, day) == []
    assert not await db.claim_reminder(GUILD, STUDENT, day, **at)  # never asked for
    await db.set_review_remind(GUILD, STUDENT, True)
    assert await db.review_remind(GUILD, STUDENT)
    assert await db.reminders_due(GUILD, day) == [STUDENT]
    assert await db.claim_reminder(GUILD, STUDENT, day, **at)
    assert not await db.claim_reminder(GUILD, STUDENT, day, **at)  # claimed, still live
    # Not sent, and the claim stale: taken over once; sent: never again that day.
    late = NEXT_DAY + timedelta(minutes=1)
    assert await db.claim_reminder(GUILD, STUDENT, day, now=late, stale=late - timedelta(seconds=30))
    await db.reminded(GUILD, STUDENT, day)
    assert await db.reminders_due(GUILD, day) == []
    later = NEXT_DAY + timedelta(hours=1)
    assert not await db.claim_reminder(GUILD, STUDENT, day, now=later, stale=later - timedelta(seconds=30))
    await db.set_review_remind(GUILD, STUDENT, False)
    assert await db.reminders_due(GUILD, day + timedelta(days=1)) == []


async def test_a_held_back_item_does_not_make_a_review_day(db: Storage):
    item = replace(new_item("q1", False, QUIZ_DAY), arm="held_back")
    await db.add_review_items(GUILD, STUDENT, [item])
    assert await db.waiting_students(GUILD, NEXT_DAY.date() + timedelta(days=30)) == []


async def test_forty_answers_to_one_step_from_two_processes_move_the_item_once(both):  # noqa: F811
    first_db, second_db = both
    await first_db.add_review_items(GUILD, STUDENT, [new_item("q1", False, QUIZ_DAY)])
    (item,) = await first_db.review_items(GUILD, STUDENT)
    moments = [NEXT_DAY + timedelta(milliseconds=n) for n in range(CLICKS)]
    taken = await asyncio.gather(
        *(
            both[n % 2].answer_review(
                item, review_answer(item, n % 3 == 0, at), FSRS.review(item.memory, n % 3 == 0, at)
            )
            for n, at in enumerate(moments)
        )
    )
    assert sum(taken) == 1
    (winner,) = [n for n, ok in enumerate(taken) if ok]
    moved = await second_db.review_item(item.id)
    assert moved is not None
    assert moved.memory.reps == 2
    assert moved.memory.last_review == moments[winner]
    assert len(await second_db.review_answers(GUILD, STUDENT)) == 1
