"""The window every student screen reads (bot/tutor/standing.py) is the rule storage applies to each
answer and start (MAY_ANSWER), on both engines: a screen never offers what the database would refuse."""

from bot.quiz.rules import QuizRules, ShuffleMode
from bot.storage import Storage
from bot.tutor.standing import Window, window
from tests.storage.test_database import HOUR, NOW, STUDENT, TEACHER, open_quiz

MOMENTS = [NOW, NOW + HOUR, NOW + 2 * HOUR, NOW + 3 * HOUR, NOW + 5 * HOUR]


async def agree(db: Storage, quiz_id: int) -> list[Window]:
    seen = []
    for now in MOMENTS:
        quiz = await db.quiz(quiz_id)
        assert quiz is not None
        extra = (await db.accommodations(quiz_id)).get(STUDENT)
        found = window(quiz, extra, now)
        assert (found in (Window.OPEN, Window.EXTENDED)) == await db.may_start(quiz_id, STUDENT, now), now
        seen.append(found)
    return seen


async def test_the_window_of_screens_is_the_window_of_storage(db: Storage):
    later = await open_quiz(db, QuizRules(opens_at=NOW + HOUR, closes_at=NOW + 3 * HOUR))
    assert await agree(db, later.id) == [
        Window.NOT_YET,
        Window.OPEN,
        Window.OPEN,
        Window.CLOSED,
        Window.CLOSED,
    ]

    await db.set_accommodation(later.id, STUDENT, 0, NOW + 4 * HOUR, TEACHER)
    assert (await agree(db, later.id))[3] is Window.EXTENDED  # past due, not yet closed by the keeper
    assert await db.close_overdue(NOW + 3 * HOUR) == [(later.id, False)]
    assert await agree(db, later.id) == [
        Window.NOT_YET,
        Window.EXTENDED,
        Window.EXTENDED,
        Window.EXTENDED,
        Window.CLOSED,
    ]
    assert await db.settle_finished_extensions(NOW + 5 * HOUR) == [later.id]
    assert set((await agree(db, later.id))[1:]) == {Window.CLOSED}


async def test_a_teachers_close_ends_extra_time_and_the_shuffle_is_kept(db: Storage):
    quiz = await open_quiz(db, QuizRules(shuffle=ShuffleMode.QUESTIONS), channel=7)
    assert quiz.rules.shuffle is ShuffleMode.QUESTIONS
    await db.set_accommodation(quiz.id, STUDENT, 0, NOW + 4 * HOUR, TEACHER)
    assert set(await agree(db, quiz.id)) == {Window.OPEN}
    assert await db.close_quiz(quiz.id, NOW)
    assert set(await agree(db, quiz.id)) == {Window.CLOSED}
    assert (await open_quiz(db, channel=8)).rules.shuffle is ShuffleMode.OPTIONS  # the default
