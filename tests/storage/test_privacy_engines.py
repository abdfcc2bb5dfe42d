"""Forgetting a person and sweeping old attempts give the same results on both engines."""

from datetime import UTC, datetime, timedelta

from bot.quiz.rules import QuizRules
from bot.storage import Storage
from tests.storage import test_privacy as raw

GUILD, OTHER_GUILD, CHANNEL, TEACHER, ALICE, BOB = 10, 11, 20, 30, 40, 41
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


async def quiz_with_answers(db: Storage, guild: int, user: int, when: datetime) -> int:
    quiz, _ = await db.open_quiz(
        guild, "fine-tuning", CHANNEL, TEACHER, version_id=None, rules=QuizRules(), now=when
    )
    attempt = await db.start_attempt(
        quiz, user, seed=1, question_count=2, version_id=None, by_teacher=False, now=when
    )
    assert attempt is not None
    assert await db.record_answer(attempt.id, 0, 0, 0, correct=True, now=when)
    await db.remember_name(guild, user, f"user {user}", when)
    return quiz.id


async def test_forgetting_removes_that_persons_data_in_that_server_only(db: Storage):
    quiz = await quiz_with_answers(db, GUILD, ALICE, NOW)
    await quiz_with_answers(db, OTHER_GUILD, ALICE, NOW)
    bob_quiz = await quiz_with_answers(db, GUILD, BOB, NOW)
    await db.set_accommodation(quiz, ALICE, 1, None, TEACHER)
    await db.add_draft(GUILD, TEACHER, "x.toml", "{}", NOW)
    assert (await db.held(GUILD, ALICE)).attempts == 1

    gone = await db.forget(GUILD, ALICE)
    assert (gone.attempts, gone.answers, gone.names, gone.accommodations) == (1, 1, 1, 1)
    assert await db.held(GUILD, ALICE) == type(gone)()
    assert await db.student_attempts(GUILD, ALICE) == []
    assert len(await db.student_attempts(OTHER_GUILD, ALICE)) == 1
    assert len(await db.attempts(bob_quiz, BOB)) == 1

    teacher = await db.forget(GUILD, TEACHER)
    assert teacher.unlinked == 2  # the quiz they opened stays without their id, and their waiting upload went
    assert await db.quizzes_opened_by(GUILD, TEACHER) == []
    assert await db.quiz(quiz) is not None


async def test_a_sweep_deletes_attempts_by_last_activity_and_orphaned_names(db: Storage):
    await quiz_with_answers(db, GUILD, ALICE, NOW - 10 * DAY)
    await quiz_with_answers(db, GUILD, BOB, NOW)
    swept = await db.sweep(NOW - 5 * DAY)
    assert (swept.attempts, swept.names) == (1, 1)
    assert await db.student_attempts(GUILD, ALICE) == []
    assert await db.person(GUILD, ALICE) is None
    assert await db.person(GUILD, BOB) is not None
    assert await db.sweep(NOW - 5 * DAY) == type(swept)(0, 0)


async def test_what_is_kept_about_a_person(db: Storage):
    # The class of tests/storage/test_privacy.py, with its snowflake-sized ids.
    quiz_id, elsewhere = await raw.a_class(db)  # type: ignore[arg-type]
    assert await db.person(raw.GUILD, raw.STUDENT) == ("Zoë “Z” O'Neil, 张", raw.NOW)
    assert await db.person(raw.GUILD, 1_200_000_000_000_000_099) is None
    assert [
        (x.quiz_id, x.extra_attempts, x.until)
        for x in await db.student_accommodations(raw.GUILD, raw.STUDENT)
    ] == [(quiz_id, 2, raw.NOW + raw.DAY)]
    assert [q.id for q in await db.quizzes_opened_by(raw.GUILD, raw.TEACHER)] == [quiz_id, quiz_id + 1]
    assert [q.id for q in await db.quizzes_opened_by(raw.OTHER_GUILD, raw.CLASSMATE)] == [elsewhere]
    assert [(x.quiz_id, x.user_id) for x in await db.accommodations_granted_by(raw.GUILD, raw.TEACHER)] == [
        (quiz_id, raw.STUDENT),
        (quiz_id, raw.CLASSMATE),
    ]


async def test_extra_time_a_teacher_gave_themselves_is_counted_once(db: Storage):
    quiz = await quiz_with_answers(db, GUILD, ALICE, NOW)
    await db.set_accommodation(quiz, TEACHER, 1, None, TEACHER)
    held = await db.held(GUILD, TEACHER)
    assert held == await db.forget(GUILD, TEACHER)
    assert (held.accommodations, held.unlinked) == (1, 1)  # theirs, deleted; the quiz they opened, unlinked
