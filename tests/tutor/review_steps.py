"""Steps of spaced review the tutor tests share: a quiz taken with some misses, a review answered."""

from datetime import timedelta

from bot.content import Lesson
from bot.tutor import Tutor, Who
from bot.tutor.review import ReviewScreen
from tests.clock import ManualClock
from tests.tutor.conftest import ALICE, CHANNEL, TEACHER, open_quiz, right_slot


async def take_quiz(tutor: Tutor, quiz_id: int, who: Who = ALICE, missed: int = 3) -> None:
    """Finish a try, missing the first `missed` questions asked."""
    step = await tutor.sessions.start(who, quiz_id)
    while step.question is not None:
        slot = right_slot(step)
        if step.question.position < missed:
            slot = (slot + 1) % len(step.question.options)
        step = await tutor.sessions.answer(
            who.guild_id, step.attempt_id, who.user_id, step.question.position, slot
        )


def slot_for(screen: ReviewScreen, lesson: Lesson, *, right: bool) -> int:
    assert screen.question is not None
    question = next(q for q in lesson.questions if q.prompt == screen.question.prompt)
    slot = screen.question.options.index(question.answer)
    return slot if right else (slot + 1) % len(screen.question.options)


async def answer(
    tutor: Tutor, screen: ReviewScreen, lesson: Lesson, *, right: bool, who: Who = ALICE
) -> ReviewScreen:
    assert screen.question is not None
    shown = screen.question
    slot = slot_for(screen, lesson, right=right)
    if screen.redemption:
        return await tutor.redemption.answer(who, shown.target, shown.step, slot)
    return await tutor.review.answer(who, shown.target, shown.step, slot)


async def reviewed_tomorrow(tutor: Tutor, clock: ManualClock, missed: int) -> ReviewScreen:
    """Alice misses the first `missed` questions of a quiz, review is assigned, and the next day she
    starts hers."""
    await take_quiz(tutor, await open_quiz(tutor), missed=missed)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    clock.advance(timedelta(days=1))
    return await tutor.review.start(ALICE)
