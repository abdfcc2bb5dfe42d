"""A click in one trip to the database, judged by the attempt's remembered seed: the same steps as ever."""

from dataclasses import replace

import pytest

from bot.errors import UserError
from bot.tutor import Tutor, messages
from bot.tutor.sessions import Sessions
from tests.tutor.conftest import (
    ALICE,
    BOB,
    GUILD,
    OTHER_GUILD,
    TEACHER,
    Counted,
    finish,
    open_quiz,
    right_slot,
)


@pytest.fixture
def counted(tutor: Tutor) -> Counted:
    counted = Counted(tutor.db)
    tutor.sessions._db = counted
    return counted


async def test_a_click_after_start_is_one_trip_to_the_database(tutor: Tutor, counted: Counted):
    step = await tutor.sessions.start(ALICE, await open_quiz(tutor))
    for position in range(3):
        counted.calls.clear()
        step = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, position, right_slot(step))
        assert counted.calls == ["answer_and_state"]
        assert step.feedback is not None
        assert step.feedback.correct
        assert step.question.number == position + 2


async def test_after_a_restart_clicks_go_on_from_the_database(tutor: Tutor, counted: Counted):
    step = await tutor.sessions.start(ALICE, await open_quiz(tutor))
    step = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, right_slot(step))
    tutor.sessions = Sessions(tutor.lessons, counted, tutor.clock)  # nothing remembered
    counted.calls.clear()
    step = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 1, right_slot(step))
    assert counted.calls == ["attempt_state", "record_answer"]  # as every click once was
    assert step.question.number == 3
    end = await finish(tutor, step)
    assert end.summary.score == 15


async def test_a_misremembered_attempt_is_judged_by_what_is_stored(tutor: Tutor):
    quiz = await open_quiz(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    kept = tutor.sessions._attempts.get(step.attempt_id)
    assert kept is not None
    record, mode = kept
    # As if the id had been reused by another attempt after the first was deleted.
    tutor.sessions._attempts.put(step.attempt_id, (replace(record, seed=record.seed + 1), mode))
    after = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, right_slot(step))
    assert after.feedback.correct
    (stored,) = (await tutor.db.attempts(quiz))[0].answers
    assert stored.correct
    lesson = tutor.lessons.library["fine-tuning"]
    assert lesson.questions[stored.question_index].prompt == step.question.prompt


async def test_remembered_clicks_are_refused_as_before(tutor: Tutor):
    quiz = await open_quiz(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    with pytest.raises(UserError, match="someone else's quiz"):
        await tutor.sessions.answer(GUILD, step.attempt_id, BOB.user_id, 0, 0)
    with pytest.raises(UserError) as caught:
        await tutor.sessions.answer(OTHER_GUILD, step.attempt_id, ALICE.user_id, 0, 0)
    assert caught.value.text == messages.NOT_HERE
    with pytest.raises(UserError, match="isn't an answer"):
        await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 1, 0)  # not asked yet
    right = right_slot(step)
    first = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, right)
    again = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, (right + 1) % 4)
    assert (again.note, again.feedback) == (messages.ANSWERED_BEFORE, first.feedback)
    await tutor.db.close_quiz(quiz, tutor.clock.now())
    closed = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 1, right_slot(first))
    assert "closed" in str(closed.note)
    assert closed.question is None
    assert len((await tutor.db.attempts(quiz))[0].answers) == 1


async def test_the_last_answer_finishes_the_attempt_and_a_later_click_says_so(tutor: Tutor):
    quiz = await open_quiz(tutor)
    end = await finish(tutor, await tutor.sessions.start(ALICE, quiz))
    assert end.summary.score == 15
    assert end.feedback.correct
    late = await tutor.sessions.answer(GUILD, end.attempt_id, ALICE.user_id, 14, 0)
    assert late.note == messages.FINISHED_ALREADY
    assert late.summary == end.summary


async def test_the_finishing_click_and_a_late_tap_read_no_window_again(tutor: Tutor, counted: Counted):
    step = await tutor.sessions.start(ALICE, await open_quiz(tutor))
    while step.question.number < step.question.total:
        step = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, step.question.position, 0)
    counted.calls.clear()
    end = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, step.question.position, 0)
    # The window came back with the click's state: may_start is not asked again.
    assert counted.calls == ["answer_and_state", "attempts", "accommodations"]
    assert end.offer is not None
    assert end.offer.standing.takes_answers
    counted.calls.clear()
    late = await tutor.sessions.answer(GUILD, end.attempt_id, ALICE.user_id, 0, 0)
    assert counted.calls == ["answer_and_state", "attempts", "accommodations"]  # no window asked again
    assert late.offer == end.offer
    await tutor.db.close_quiz(end.quiz_id, tutor.clock.now())
    closed = await tutor.sessions.answer(GUILD, end.attempt_id, ALICE.user_id, 0, 0)
    assert closed.offer is not None
    assert not closed.offer.standing.takes_answers


async def test_start_after_a_finished_attempt_reads_the_extra_time_once(tutor: Tutor, counted: Counted):
    quiz = await open_quiz(tutor, attempts=1)
    await tutor.teaching.allow(TEACHER, await tutor.teaching.quiz_by_id(GUILD, quiz), ALICE.user_id, 1, None)
    await finish(tutor, await tutor.sessions.start(ALICE, quiz))
    counted.calls.clear()
    again = await tutor.sessions.start(ALICE, quiz)
    assert counted.calls.count("accommodations") == 1
    assert again.offer is not None
    assert again.offer.standing.attempts_left == 1
