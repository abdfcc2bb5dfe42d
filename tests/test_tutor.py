"""The Tutor service on a real SQLite file: the refusals a forged or stale click can only reach here."""

from pathlib import Path

import pytest

from bot.content import LessonLibrary
from bot.errors import UserError
from bot.storage import Database
from bot.tutor import CLOSED, NOT_HERE, Tutor

GUILD, OTHER_GUILD, CHANNEL, TEACHER, ALICE, BOB = 1, 2, 3, 4, 5, 6


@pytest.fixture
async def tutor(tmp_path: Path, fine_tuning):
    db = await Database.open(tmp_path / "tutor.sqlite3")
    yield Tutor(LessonLibrary({fine_tuning.id: fine_tuning}), db)
    await db.close()


async def started(tutor: Tutor):
    _, quiz, _ = await tutor.open_quiz(GUILD, "fine-tuning", CHANNEL, TEACHER)
    return quiz, await tutor.start(GUILD, quiz.id, ALICE)


async def test_another_students_attempt_is_refused(tutor: Tutor):
    _, step = await started(tutor)
    with pytest.raises(UserError, match="someone else's quiz"):
        await tutor.answer(GUILD, step.attempt_id, BOB, 0, 0)


async def test_an_attempt_from_another_server_is_refused(tutor: Tutor):
    _, step = await started(tutor)
    with pytest.raises(UserError) as caught:
        await tutor.answer(OTHER_GUILD, step.attempt_id, ALICE, 0, 0)
    assert caught.value.message == NOT_HERE


@pytest.mark.parametrize(("position", "slot"), [(3, 0), (0, 9), (99, 0)])
async def test_a_click_that_is_not_an_answer_to_the_current_question_is_refused(tutor: Tutor, position, slot):
    _, step = await started(tutor)
    with pytest.raises(UserError, match="isn't an answer"):
        await tutor.answer(GUILD, step.attempt_id, ALICE, position, slot)
    assert await tutor.db.answers(step.attempt_id) == {}


async def test_closed_quiz_refuses_answers_and_starts_but_keeps_what_was_given(tutor: Tutor):
    quiz, step = await started(tutor)
    await tutor.answer(GUILD, step.attempt_id, ALICE, 0, 0)
    await tutor.close_quiz(GUILD, "fine-tuning")
    with pytest.raises(UserError) as caught:
        await tutor.answer(GUILD, step.attempt_id, ALICE, 1, 0)
    assert caught.value.message == CLOSED
    with pytest.raises(UserError, match="closed"):
        await tutor.start(GUILD, quiz.id, BOB)
    assert len(await tutor.db.answers(step.attempt_id)) == 1


async def test_a_stale_click_changes_nothing_and_shows_where_the_student_is(tutor: Tutor):
    _, step = await started(tutor)
    after = await tutor.answer(GUILD, step.attempt_id, ALICE, 0, 1)
    stale = await tutor.answer(GUILD, step.attempt_id, ALICE, 0, 2)
    assert stale.feedback is None
    assert stale.note is not None
    assert stale.question == after.question
    assert len(await tutor.db.answers(step.attempt_id)) == 1


async def test_unknown_lesson_is_a_user_error(tutor: Tutor):
    with pytest.raises(UserError, match="no lesson called 'volcanoes'"):
        await tutor.open_quiz(GUILD, "volcanoes", CHANNEL, TEACHER)
