"""A student's side of a quiz on a real SQLite file: what a stale, forged or late click reaches."""

from dataclasses import replace

import pytest

from bot.content import LessonLibrary, Question
from bot.errors import UserError
from bot.tutor import Tutor, messages
from tests.clock import ManualClock
from tests.tutor.conftest import ALICE, BOB, GUILD, HOUR, OTHER_GUILD, TEACHER, finish, open_quiz, right_slot


async def test_another_students_attempt_or_server_is_refused(tutor: Tutor):
    step = await tutor.sessions.start(ALICE, await open_quiz(tutor))
    with pytest.raises(UserError, match="someone else's quiz"):
        await tutor.sessions.answer(GUILD, step.attempt_id, BOB.user_id, 0, 0)
    with pytest.raises(UserError) as caught:
        await tutor.sessions.answer(OTHER_GUILD, step.attempt_id, ALICE.user_id, 0, 0)
    assert caught.value.text == messages.NOT_HERE


@pytest.mark.parametrize(("position", "slot"), [(3, 0), (0, 9), (99, 0)])
async def test_a_click_that_is_not_an_answer_to_the_current_question_is_refused(tutor: Tutor, position, slot):
    quiz = await open_quiz(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    with pytest.raises(UserError, match="isn't an answer"):
        await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, position, slot)
    assert (await tutor.db.attempts(quiz))[0].answers == ()


async def test_a_repeated_click_shows_that_questions_feedback_again(tutor: Tutor):
    step = await tutor.sessions.start(ALICE, await open_quiz(tutor))
    right = right_slot(step)
    after = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, right)
    again = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, (right + 1) % 4)
    assert again.feedback == after.feedback  # the first answer's ✅ and explanation, not the second click's
    assert again.feedback is not None
    assert again.feedback.correct
    assert again.note == messages.ANSWERED_BEFORE
    assert again.question == after.question


async def test_start_after_finishing_shows_the_result_first_and_asks(tutor: Tutor):
    quiz = await open_quiz(tutor, attempts=2)
    end = await finish(tutor, await tutor.sessions.start(ALICE, quiz))
    assert end.summary is not None
    assert end.summary.score == 15
    assert end.offer is not None
    stands = end.offer.standing
    assert (stands.attempts_left, end.offer.asking, stands.may_retry) == (1, False, True)
    # The reply to the last click may never have arrived: Start shows that result, not a new attempt.
    asked = await tutor.sessions.start(ALICE, quiz)
    assert asked.attempt_id == end.attempt_id
    assert asked.summary == end.summary
    assert asked.offer.asking
    again = await tutor.sessions.retry(ALICE, quiz)
    assert again.question is not None
    assert again.attempt_id != end.attempt_id
    end = await finish(tutor, again, right=False)
    assert end.offer.standing.attempts_left == 0
    assert not end.offer.standing.may_retry
    assert end.offer.standing.counted.score == 15  # best by default
    refused = await tutor.sessions.retry(ALICE, quiz)
    assert (refused.note, refused.question, refused.attempt_id) == (
        messages.NO_ATTEMPTS_LEFT,
        None,
        end.attempt_id,
    )


@pytest.mark.parametrize(("grade", "counted"), [("best", 15), ("last", 0), ("first", 15)])
async def test_each_grading_rule_picks_its_attempt(tutor: Tutor, grade, counted):
    quiz = await open_quiz(tutor, grade=grade)
    await finish(tutor, await tutor.sessions.start(ALICE, quiz))
    end = await finish(tutor, await tutor.sessions.retry(ALICE, quiz), right=False)
    assert end.offer.standing.counted.score == counted


async def test_closed_quiz_takes_no_answer_or_start_but_shows_what_was_given(tutor: Tutor):
    quiz = await open_quiz(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    step = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, 0)
    record = await tutor.teaching.quiz_by_id(GUILD, quiz)
    await tutor.teaching.close_quiz(record)
    late = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 1, 0)
    assert "This quiz is closed" in str(late.note)
    assert (late.question, late.summary.answered) == (None, 1)
    assert late.offer.standing.stopped_halfway
    for pressed in (tutor.sessions.start, tutor.sessions.retry):
        shown = await pressed(ALICE, quiz)  # what she saved, and nothing more on offer
        assert (shown.question, shown.summary.answered, shown.offer.standing.may_retry) == (None, 1, False)
    with pytest.raises(UserError, match="closed"):
        await tutor.sessions.start(BOB, quiz)  # nothing of his to show
    assert len((await tutor.db.attempts(quiz))[0].answers) == 1


async def test_before_it_opens_and_after_its_deadline(tutor: Tutor, clock: ManualClock):
    quiz = await open_quiz(tutor, opens="in 1 hours", closes="in 3 hours")
    with pytest.raises(UserError, match="This quiz opens <t:"):
        await tutor.sessions.start(ALICE, quiz)
    clock.advance(HOUR)
    step = await tutor.sessions.start(ALICE, quiz)
    clock.advance(2 * HOUR)
    late = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, 0)
    assert "This quiz closed at <t:" in str(late.note)
    assert late.offer.standing.closed


async def test_test_mode_hides_right_and_wrong_until_the_quiz_closes(tutor: Tutor):
    quiz = await open_quiz(tutor, feedback="after-close")
    step = await tutor.sessions.start(ALICE, quiz)
    after = await tutor.sessions.answer(GUILD, step.attempt_id, ALICE.user_id, 0, right_slot(step))
    assert (after.feedback, after.saved, after.results_visible) == (None, True, False)
    end = await finish(tutor, after)
    assert end.offer.standing.counted is None
    assert end.offer.standing.attempts_left == 0  # a test is one try unless the teacher says more
    with pytest.raises(UserError, match="once the quiz closes"):
        await tutor.sessions.review(GUILD, end.attempt_id, ALICE.user_id, 0)
    (line,) = await tutor.sessions.progress(ALICE)
    assert (line.standing.counted, line.review_attempt_id) == (None, None)

    await tutor.teaching.close_quiz(await tutor.teaching.quiz_by_id(GUILD, quiz))
    page = await tutor.sessions.review(GUILD, end.attempt_id, ALICE.user_id, 0)
    assert (page.number, page.pages, page.correct) == (1, 15, True)
    (line,) = await tutor.sessions.progress(ALICE)
    assert (line.standing.counted.score, line.review_attempt_id) == (15, end.attempt_id)


async def test_an_attempt_stays_on_the_version_it_began_with(tutor: Tutor, fine_tuning):
    quiz = await open_quiz(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    # The file changes under a running attempt: questions reordered, one reworded, one removed.
    changed = replace(
        fine_tuning,
        questions=(
            Question("A new first question?", ("Yes", "No"), 0, "Because."),
            *reversed(fine_tuning.questions[1:]),
        ),
    )
    await tutor.lessons.register(LessonLibrary({changed.id: changed}))
    end = await finish(tutor, step)
    assert end.summary.score == 15  # judged on the questions Alice was asked
    fresh = await tutor.sessions.start(BOB, quiz)
    assert fresh.lesson == changed
    assert step.lesson == fine_tuning


async def test_a_teachers_try_is_marked(tutor: Tutor):
    quiz = await open_quiz(tutor)
    await tutor.sessions.start(TEACHER, quiz)
    (attempt,) = await tutor.db.attempts(quiz)
    assert attempt.record.by_teacher
