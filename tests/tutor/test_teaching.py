"""A teacher's side, on a real SQLite file with a clock the tests move."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import UserError
from bot.quiz.rules import FeedbackMode, Grading
from bot.tutor import Tutor
from bot.tutor.teaching import RulesText
from tests.clock import ManualClock
from tests.tutor.conftest import ALICE, CHANNEL, GUILD, OTHER_CHANNEL, TEACHER, Counted, open_quiz


async def test_rules_are_read_and_kept(tutor: Tutor, clock: ManualClock):
    text = RulesText(closes="in 2 days", attempts=3, grade="last", feedback="after-close")
    opened = await tutor.teaching.open_quiz(TEACHER, "fine-tuning", CHANNEL, text)
    rules = opened.quiz.rules
    assert rules.closes_at == clock.now() + timedelta(days=2)
    assert (rules.max_attempts, rules.grading, rules.feedback) == (3, Grading.LAST, FeedbackMode.AFTER_CLOSE)
    again = await tutor.teaching.open_quiz(TEACHER, "fine-tuning", CHANNEL, RulesText(attempts=4))
    assert not again.opened
    assert again.quiz.rules.max_attempts == 4
    assert again.quiz.rules.closes_at == rules.closes_at  # what was not given stays


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (RulesText(closes="yesterday at noonish"), "could not read `yesterday at noonish` as a time"),
        (RulesText(closes="in 1 hours", opens="in 2 hours"), "before it opens"),
        (RulesText(attempts=11), "from 1 to 10"),
    ],
)
async def test_a_bad_rule_opens_nothing(tutor: Tutor, text, message):
    with pytest.raises(UserError, match=message):
        await tutor.teaching.open_quiz(TEACHER, "fine-tuning", CHANNEL, text)
    assert await tutor.db.open_quizzes(GUILD) == []


async def test_two_classes_have_two_quizzes(tutor: Tutor):
    first = await open_quiz(tutor, CHANNEL)
    second = await open_quiz(tutor, OTHER_CHANNEL)
    assert first != second
    assert (await tutor.teaching.find_quiz(GUILD, OTHER_CHANNEL)).id == second
    closed = await tutor.teaching.close_quiz(await tutor.teaching.find_quiz(GUILD, CHANNEL, open_only=True))
    assert closed.quiz_id == first
    assert (await tutor.teaching.find_quiz(GUILD, CHANNEL)).id == first  # closed, still reportable
    with pytest.raises(UserError, match="no open quiz"):
        await tutor.teaching.find_quiz(GUILD, CHANNEL, open_only=True)


async def test_extra_attempts_can_be_changed_and_removed(tutor: Tutor):
    record = await tutor.teaching.quiz_by_id(GUILD, await open_quiz(tutor, attempts=1))
    given, _ = await tutor.teaching.allow(TEACHER, record, ALICE.user_id, 2, None)
    assert (given.extra_attempts, given.until) == (2, None)
    given, _ = await tutor.teaching.allow(TEACHER, record, ALICE.user_id, 1, None)
    assert given.extra_attempts == 1
    removed, _ = await tutor.teaching.allow(TEACHER, record, ALICE.user_id, None, None, remove=True)
    assert removed is None
    with pytest.raises(UserError, match="no extra"):
        await tutor.teaching.allow(TEACHER, record, ALICE.user_id, None, None, remove=True)


async def test_what_allow_gives_back_is_what_is_stored_and_read_once(tutor: Tutor, clock: ManualClock):
    record = await tutor.teaching.quiz_by_id(GUILD, await open_quiz(tutor))
    clock.advance(timedelta(seconds=7, microseconds=123456))  # which times typed in never keep
    counted = Counted(tutor.db)
    tutor.teaching._db = counted
    for tries, until in ((2, None), (None, "friday 17:00"), (1, None), (None, "in 3 hours"), (0, "tonight")):
        counted.calls.clear()
        given, _ = await tutor.teaching.allow(TEACHER, record, ALICE.user_id, tries, until)
        assert counted.calls.count("accommodations") == 1  # what was there before, not read back
        assert given == (await tutor.db.accommodations(record.id))[ALICE.user_id]


async def test_the_time_zone_setting_changes_how_times_are_read(tutor: Tutor):
    zone = await tutor.teaching.set_timezone(GUILD, "Europe/London")
    assert zone.key == "Europe/London"
    with pytest.raises(UserError):
        await tutor.teaching.set_timezone(GUILD, "Mars/Olympus_Mons")
    assert (await tutor.teaching.settings(GUILD)).timezone == "Europe/London"
    await tutor.teaching.set_timezone(GUILD, "America/New_York")
    opened = await tutor.teaching.open_quiz(
        TEACHER, "fine-tuning", CHANNEL, RulesText(closes="2026-12-04 17:00")
    )
    assert opened.quiz.rules.closes_at == datetime(2026, 12, 4, 22, 0, tzinfo=UTC)  # 17:00 in New York
