"""Storage on each engine (the `db` fixture): the same calls give the same records back."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.quiz.rules import FeedbackMode, Grading, QuizRules
from bot.storage import Storage
from bot.storage.records import AttemptRecord, QuizRecord

GUILD, OTHER_GUILD, LESSON, CHANNEL, TEACHER, STUDENT = 10, 11, "fine-tuning", 20, 30, 40
OTHER_CHANNEL = 21
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


async def open_quiz(
    db: Storage, rules: QuizRules | None = None, channel: int = CHANNEL, guild: int = GUILD
) -> QuizRecord:
    quiz, _ = await db.open_quiz(
        guild, LESSON, channel, TEACHER, version_id=None, rules=rules or QuizRules(), now=NOW
    )
    return quiz


async def start(
    db: Storage, quiz: QuizRecord, user: int = STUDENT, seed: int = 1, count: int = 3, now: datetime = NOW
) -> AttemptRecord | None:
    return await db.start_attempt(
        quiz, user, seed=seed, question_count=count, version_id=None, by_teacher=False, now=now
    )


async def answer(db: Storage, attempt_id: int, position: int, question: int, now: datetime = NOW) -> bool:
    return await db.record_answer(attempt_id, position, question, 0, correct=True, now=now)


async def test_one_open_quiz_per_lesson_per_class(db: Storage):
    first, opened = await db.open_quiz(
        GUILD, LESSON, CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW
    )
    again, opened_again = await db.open_quiz(
        GUILD, LESSON, CHANNEL, TEACHER, version_id=None, rules=QuizRules(max_attempts=2), now=NOW
    )
    other_class = await open_quiz(db, channel=OTHER_CHANNEL)
    elsewhere = await open_quiz(db, guild=OTHER_GUILD)
    assert opened
    assert not opened_again
    assert again.id == first.id
    assert again.rules == QuizRules()  # opening again changes nothing by itself
    assert len({first.id, other_class.id, elsewhere.id}) == 3
    assert await db.close_quiz(first.id, NOW)
    assert not await db.close_quiz(first.id, NOW)
    assert (await db.quiz(first.id)).closed
    assert not (await db.quiz(other_class.id)).closed
    reopened = await open_quiz(db)
    assert reopened.id != first.id
    assert [q.id for q in await db.quizzes(GUILD, CHANNEL)] == [reopened.id, first.id]


async def test_a_quiz_opened_now_comes_back_as_it_is_stored(db: Storage):
    version = await db.lesson_version(LESSON, "hash-1", "content", NOW)
    rules = QuizRules(
        opens_at=NOW + HOUR,
        closes_at=NOW + 2 * HOUR,
        max_attempts=3,
        grading=Grading.LAST,
        feedback=FeedbackMode.AFTER_CLOSE,
    )
    quiz, opened = await db.open_quiz(
        GUILD, LESSON, CHANNEL, TEACHER, version_id=version, rules=rules, now=NOW
    )
    assert opened
    assert quiz == await db.quiz(quiz.id)
    assert (quiz.version_id, quiz.opened_at, quiz.rules) == (version, NOW, rules)
    again, opened_again = await db.open_quiz(
        GUILD, LESSON, CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=NOW + HOUR
    )
    assert (again, opened_again) == (quiz, False)


async def test_start_gives_one_unfinished_attempt_per_quiz_and_numbers_the_next(db: Storage):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, seed=123, count=2)
    assert await start(db, quiz, seed=456, count=2) is None  # one unfinished attempt at a time
    assert (attempt.seed, attempt.number, attempt.started_at) == (123, 1, NOW)
    assert await answer(db, attempt.id, 0, 1)
    assert await answer(db, attempt.id, 1, 0, now=NOW + HOUR)
    state = await db.attempt_state(attempt.id, NOW)
    assert state.record.finished_at == NOW + HOUR  # the last answer finished it, by the trigger
    second = await start(db, quiz, seed=789, count=2)
    assert second.number == 2
    (first_back, second_back) = await db.attempts(quiz.id, STUDENT)
    assert first_back.score == 2
    assert [a.question_index for a in first_back.answers] == [1, 0]
    assert second_back.answers == ()


async def test_forty_start_clicks_at_once_make_one_attempt(db: Storage):
    quiz = await open_quiz(db)
    made = await asyncio.gather(*(start(db, quiz, seed=n) for n in range(40)))
    assert sum(m is not None for m in made) == 1
    assert len(await db.attempts(quiz.id, STUDENT)) == 1


async def test_the_attempt_limit_counts_extra_attempts(db: Storage):
    quiz = await open_quiz(db, QuizRules(max_attempts=1))
    first = await start(db, quiz, count=1)
    assert await answer(db, first.id, 0, 0)
    assert await start(db, quiz, count=1) is None
    await db.set_accommodation(quiz.id, STUDENT, 1, None, TEACHER)
    second = await start(db, quiz, count=1)
    assert second is not None
    assert await answer(db, second.id, 0, 0)
    assert await start(db, quiz, count=1) is None
    assert await start(db, quiz, user=STUDENT + 1, count=1) is not None  # limits are per student


async def test_answers_are_taken_only_in_order_and_once(db: Storage):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz)
    assert not await answer(db, attempt.id, 1, 4)  # not the current position
    assert await answer(db, attempt.id, 0, 4)
    assert not await db.record_answer(attempt.id, 0, 4, 1, correct=False, now=NOW)  # a second click
    (back,) = await db.attempts(quiz.id)
    assert [(a.question_index, a.option_index) for a in back.answers] == [(4, 0)]


async def test_answers_are_taken_only_inside_the_window(db: Storage):
    quiz = await open_quiz(db, QuizRules(opens_at=NOW + HOUR, closes_at=NOW + 3 * HOUR))
    assert not await db.may_start(quiz.id, STUDENT, NOW)
    assert await db.may_start(quiz.id, STUDENT, NOW + HOUR)
    attempt = await start(db, quiz, now=NOW + HOUR)
    assert await answer(db, attempt.id, 0, 0, now=NOW + 2 * HOUR)
    assert not await answer(db, attempt.id, 1, 1, now=NOW + 3 * HOUR)  # the deadline is exclusive
    assert not (await db.attempt_state(attempt.id, NOW + 3 * HOUR)).may_answer
    # Extra time for one student lets them answer after the deadline, even once it has closed the quiz.
    await db.set_accommodation(quiz.id, STUDENT, 0, NOW + 5 * HOUR, TEACHER)
    assert await db.close_overdue(NOW + 3 * HOUR) == [(quiz.id, False)]
    assert await answer(db, attempt.id, 1, 1, now=NOW + 4 * HOUR)
    assert not await db.may_start(quiz.id, STUDENT + 1, NOW + 4 * HOUR)
    # A teacher's close ends extra time too.
    assert await db.close_quiz(quiz.id, NOW + 4 * HOUR)
    assert not await answer(db, attempt.id, 2, 2, now=NOW + 4 * HOUR)


async def test_deadlines_close_once_and_settle_when_extra_time_ends(db: Storage):
    quiz = await open_quiz(db, QuizRules(closes_at=NOW + HOUR))
    plain = await open_quiz(db, QuizRules(closes_at=NOW + 2 * HOUR), channel=OTHER_CHANNEL)
    assert await db.next_wakeup(NOW) == NOW + HOUR
    await db.set_accommodation(quiz.id, STUDENT, 0, NOW + 3 * HOUR, TEACHER)
    assert not await db.anything_due(NOW)
    assert await db.close_overdue(NOW) == []
    assert await db.anything_due(NOW + HOUR)
    assert await db.close_overdue(NOW + HOUR) == [(quiz.id, False)]
    assert await db.close_overdue(NOW + HOUR) == []  # a second process finds nothing left to close
    assert not await db.anything_due(NOW + HOUR)  # closed, with Alice's extra time still running
    closed = await db.quiz(quiz.id)
    assert (closed.closed_at, closed.settled_at) == (NOW + HOUR, None)
    assert closed.closed_by_deadline()
    assert await db.next_wakeup(NOW + HOUR) == NOW + 2 * HOUR
    assert await db.close_overdue(NOW + 2 * HOUR) == [(plain.id, True)]
    assert await db.next_wakeup(NOW + 2 * HOUR) == NOW + 3 * HOUR
    assert await db.settle_finished_extensions(NOW + 2 * HOUR) == []
    assert await db.settle_finished_extensions(NOW + 3 * HOUR) == [quiz.id]
    assert await db.next_wakeup(NOW + 3 * HOUR) is None
    assert await db.unsettle(
        quiz.id, NOW + 3 * HOUR
    )  # extra time given after it settled opens its cards again


async def test_settings_and_names_per_server(db: Storage):
    assert (await db.settings(GUILD)).timezone == "UTC"
    await db.set_setting(GUILD, "timezone", "Europe/London")
    await db.set_setting(GUILD, "teacher_role_id", 77)
    found = await db.settings(GUILD)
    assert (found.timezone, found.teacher_role_id, found.student_role_id) == ("Europe/London", 77, None)
    assert (await db.settings(OTHER_GUILD)).timezone == "UTC"
    with pytest.raises(ValueError, match="no setting"):
        await db.set_setting(GUILD, "guild_id; DROP TABLE quizzes", 1)
    await db.remember_name(GUILD, STUDENT, "Alice", NOW)
    await db.remember_name(GUILD, STUDENT, "Ali", NOW + HOUR)
    assert await db.names(GUILD, [STUDENT, STUDENT + 1]) == {STUDENT: "Ali"}
    assert await db.names(OTHER_GUILD, [STUDENT]) == {}


async def test_lesson_versions_are_recorded_once_per_content(db: Storage):
    first = await db.lesson_version(LESSON, "a", '{"v": 1}', NOW)
    assert await db.lesson_version(LESSON, "a", '{"v": 1}', NOW + HOUR) == first
    second = await db.lesson_version(LESSON, "b", '{"v": 2}', NOW + HOUR)
    assert second != first
    assert (await db.version(first)).content == '{"v": 1}'
    assert (await db.latest_version(LESSON)).id == second


async def test_attempts_are_scoped_by_server(db: Storage):
    quiz = await open_quiz(db)
    other = await open_quiz(db, guild=OTHER_GUILD)
    mine = await start(db, quiz, count=2)
    await start(db, other, count=2)
    await answer(db, mine.id, 0, 1)
    assert len(await db.student_attempts(GUILD, STUDENT)) == 1
    assert await db.student_attempts(GUILD, STUDENT + 1) == []
    assert len(await db.attempts(quiz.id)) == 1
