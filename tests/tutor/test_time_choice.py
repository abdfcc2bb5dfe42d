"""A date that reads two ways waits for the teacher's pick, on real SQLite: /quiz start and /quiz allow."""

from datetime import UTC, datetime

import pytest

from bot.errors import UserError
from bot.tutor import RulesText, Tutor, Who
from bot.tutor.pending import minute_of
from bot.tutor.teaching import Allowed, TimeChoiceError
from tests.tutor.conftest import ALICE, CHANNEL, GUILD, TEACHER, open_quiz

OTHER_TEACHER = Who(GUILD, 8, "Mr Okafor", is_teacher=True)
# The tests' clock is Wednesday 2 December 2026, 10:00 UTC; the server's zone is UTC.
DECEMBER = datetime(2026, 12, 10, 23, 59, tzinfo=UTC)
OCTOBER = datetime(2027, 10, 12, 23, 59, tzinfo=UTC)


async def test_quiz_start_waits_for_the_pick_and_keeps_its_other_options(tutor: Tutor):
    rules = RulesText(closes="10/12", opens="in 1 hour", attempts=3, grade="last", language="es")
    with pytest.raises(TimeChoiceError) as caught:
        await tutor.teaching.open_quiz(TEACHER, "fine-tuning", CHANNEL, rules)
    choice = caught.value
    assert choice.readings == (DECEMBER, OCTOBER)
    assert await tutor.db.open_quizzes(GUILD, CHANNEL) == []  # nothing opened while it waits

    with pytest.raises(UserError, match="Only the teacher who typed this date"):
        await tutor.teaching.pick(OTHER_TEACHER, choice.pending_id, minute_of(OCTOBER))
    with pytest.raises(UserError, match="This choice is gone"):
        await tutor.teaching.pick(TEACHER, choice.pending_id, minute_of(OCTOBER) + 1)  # not offered
    with pytest.raises(UserError, match="This preview is gone"):
        await tutor.uploads.publish(TEACHER, choice.pending_id)  # a waiting command is never a lesson

    opened = await tutor.teaching.pick(TEACHER, choice.pending_id, minute_of(OCTOBER))
    assert not isinstance(opened, Allowed)
    assert opened.quiz.rules.closes_at == OCTOBER
    assert opened.quiz.rules.opens_at == datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    assert (opened.quiz.rules.max_attempts, opened.quiz.rules.grading.value) == (3, "last")
    with pytest.raises(UserError, match="This choice is gone"):
        await tutor.teaching.pick(TEACHER, choice.pending_id, minute_of(OCTOBER))


async def test_quiz_allow_until_waits_for_the_pick(tutor: Tutor):
    quiz = await tutor.teaching.quiz_by_id(GUILD, await open_quiz(tutor))
    with pytest.raises(TimeChoiceError) as caught:
        await tutor.teaching.allow(TEACHER, quiz, ALICE.user_id, 1, "10/12")
    allowed = await tutor.teaching.pick(TEACHER, caught.value.pending_id, minute_of(DECEMBER))
    assert isinstance(allowed, Allowed)
    assert allowed.given is not None
    assert (allowed.given.extra_attempts, allowed.given.until) == (1, DECEMBER)


async def test_two_dates_that_each_read_two_ways_are_refused_as_before(tutor: Tutor):
    with pytest.raises(UserError, match="which is the day and which the month in `11/12`"):
        await tutor.teaching.open_quiz(
            TEACHER, "fine-tuning", CHANNEL, RulesText(closes="11/12", opens="10/12")
        )
