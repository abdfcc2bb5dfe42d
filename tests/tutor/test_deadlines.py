"""Deadlines close quizzes whichever process looks; cards are owed until shown; the teacher's note once."""

from bot.tutor import Tutor
from bot.tutor.deadlines import POLL, STALE
from tests.clock import ManualClock
from tests.tutor.conftest import ALICE, GUILD, HOUR, TEACHER, open_quiz


async def test_deadlines_close_due_quizzes_and_extra_time_reopens_a_settled_one(
    tutor: Tutor, clock: ManualClock
):
    quiz = await open_quiz(tutor, closes="in 1 hours")
    assert await tutor.deadlines.next_look(clock.now()) == clock.now() + POLL  # never later: other processes
    began = clock.now()
    clock.advance(2 * HOUR)  # a look that began an hour before the deadline took this long
    assert await tutor.deadlines.next_look(began) == began + HOUR  # passed already: look again at once
    clock.advance(-2 * HOUR)
    assert await tutor.deadlines.due() == []
    clock.advance(HOUR)
    (closed,) = await tutor.deadlines.due()
    assert (closed.quiz_id, closed.settled, closed.by_deadline) == (quiz, True, True)
    await tutor.deadlines.shown(closed)
    assert await tutor.deadlines.teacher_to_tell(closed) == TEACHER.user_id
    assert await tutor.deadlines.teacher_to_tell(closed) is None  # told once
    record = await tutor.teaching.quiz_by_id(GUILD, quiz)
    given, refreshed = await tutor.teaching.allow(TEACHER, record, ALICE.user_id, None, "in 2 hours")
    assert given.until == clock.now() + 2 * HOUR
    assert refreshed is not None
    assert not refreshed.settled  # its cards get their Start button back, for Alice
    await tutor.deadlines.shown(refreshed)
    await tutor.sessions.start(ALICE, quiz)
    clock.advance(2 * HOUR)
    (settled,) = await tutor.deadlines.due()
    assert settled.settled


async def test_cards_left_owed_by_a_process_that_died_are_edited_by_the_next_look(
    tutor: Tutor, clock: ManualClock
):
    quiz = await open_quiz(tutor, closes="in 1 hours")
    clock.advance(HOUR)
    (closed,) = await tutor.deadlines.due()  # ... and this process dies before editing the cards
    clock.advance(STALE / 2)
    assert await tutor.deadlines.due() == []  # its closer may still be at it
    clock.advance(STALE)
    (again,) = await tutor.deadlines.due()
    assert (again.quiz_id, again.cards, again.settled) == (quiz, closed.cards, True)
    await tutor.deadlines.shown(again)
    clock.advance(2 * STALE)
    assert await tutor.deadlines.due() == []
