"""A click in one trip (answer_and_state) on each engine: record_answer's guarantees, and the state before."""

import asyncio
import sqlite3

from bot.quiz.rules import QuizRules
from bot.storage import SQLiteDatabase, Storage
from bot.storage.faults import StorageBusyError
from bot.storage.records import Answered
from bot.storage.sqlite import clicks as clicks_module
from tests.storage.test_database import GUILD, HOUR, NOW, STUDENT, TEACHER, open_quiz, start

SEED = 1


async def click(
    db: Storage,
    attempt_id: int,
    position: int,
    question: int,
    *,
    option: int = 0,
    user: int = STUDENT,
    guild: int = GUILD,
    seed: int = SEED,
    now=NOW,
) -> Answered:
    return await db.answer_and_state(
        attempt_id, position, question, option, guild_id=guild, user_id=user, seed=seed, correct=True, now=now
    )


async def test_a_click_is_recorded_and_gives_the_state_before_it(db: Storage):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, count=2)
    first = await click(db, attempt.id, 0, 1)
    assert first.recorded
    assert first.state.record.id == attempt.id
    assert first.state.answers == {}  # the state it was judged against, without itself
    assert first.state.quiz.id == quiz.id
    assert first.state.may_answer
    last = await click(db, attempt.id, 1, 0, option=2, now=NOW + HOUR)
    assert last.recorded
    assert last.state.answers == {1: 0}
    assert last.state.record.finished_at is None
    after = await db.attempt_state(attempt.id, NOW)
    assert after.answers == {1: 0, 0: 2}
    assert after.record.finished_at == NOW + HOUR  # the last answer finished it, by the trigger


async def test_a_click_keeps_every_guarantee_of_record_answer(db: Storage):
    quiz = await open_quiz(db, QuizRules(closes_at=NOW + HOUR))
    attempt = await start(db, quiz)
    assert not (await click(db, attempt.id, 1, 4)).recorded  # not the next position
    assert (await click(db, attempt.id, 0, 4)).recorded
    again = await click(db, attempt.id, 0, 4, option=1)  # a second click on the same question
    assert not again.recorded
    assert again.state.answers == {4: 0}
    late = await click(db, attempt.id, 1, 2, now=NOW + HOUR)  # the deadline is exclusive
    assert not late.recorded
    assert not late.state.may_answer
    (back,) = await db.attempts(quiz.id)
    assert [(a.question_index, a.option_index) for a in back.answers] == [(4, 0)]


async def test_a_click_is_taken_only_from_the_attempts_student_in_its_server_with_its_seed(db: Storage):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, seed=SEED)
    for refused in (
        await click(db, attempt.id, 0, 0, user=STUDENT + 1),
        await click(db, attempt.id, 0, 0, guild=GUILD + 1),
        await click(db, attempt.id, 0, 0, seed=SEED + 1),  # judged by another attempt's shuffle
    ):
        assert not refused.recorded
        assert refused.state.record.user_id == STUDENT  # what the caller needs to say why
    nothing = await click(db, attempt.id + 1000, 0, 0)
    assert nothing == Answered(recorded=False, state=None)
    assert (await db.attempt_state(attempt.id, NOW)).answers == {}


async def test_forty_identical_clicks_at_once_record_one_answer(db: Storage):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz)
    done = await asyncio.gather(*(click(db, attempt.id, 0, 2, option=n % 3) for n in range(40)))
    assert sum(d.recorded for d in done) == 1
    assert len((await db.attempt_state(attempt.id, NOW)).answers) == 1


async def test_many_students_clicking_at_once_all_get_their_own_answer(db: Storage):
    quiz = await open_quiz(db)
    attempts = [await start(db, quiz, user=STUDENT + n, seed=n) for n in range(60)]
    done = await asyncio.gather(
        *(click(db, a.id, 0, n % 3, user=STUDENT + n, seed=n) for n, a in enumerate(attempts))
    )
    assert all(d.recorded for d in done)
    assert [d.state.record.id for d in done] == [a.id for a in attempts]
    for n, attempt in enumerate(attempts):
        assert (await db.attempt_state(attempt.id, NOW)).answers == {n % 3: 0}


async def test_sqlite_clicks_committed_together_all_fail_together_on_another_programs_lock(tmp_path):
    db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
    try:
        quiz = await open_quiz(db)
        attempts = [await start(db, quiz, user=STUDENT + n, seed=n) for n in range(3)]
        await db._run("PRAGMA busy_timeout = 0")  # a test does not wait
        other = sqlite3.connect(tmp_path / "tutor.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        done = await asyncio.gather(
            *(click(db, a.id, 0, 0, user=STUDENT + n, seed=n) for n, a in enumerate(attempts)),
            return_exceptions=True,
        )
        other.execute("ROLLBACK")
        other.close()
        assert all(isinstance(d, StorageBusyError) for d in done)
        for attempt in attempts:
            assert (await db.attempt_state(attempt.id, NOW)).answers == {}
        # The lock gone, the same clicks are taken.
        assert (await click(db, attempts[0].id, 0, 0, user=STUDENT, seed=0)).recorded
    finally:
        await db.close()


async def test_sqlite_clicks_arriving_together_share_commits(tmp_path, monkeypatch):
    batches: list[int] = []
    commit_together = clicks_module._commit_together

    def counted(conn, clicks):
        batches.append(len(clicks))
        return commit_together(conn, clicks)

    monkeypatch.setattr(clicks_module, "_commit_together", counted)
    db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
    try:
        quiz = await open_quiz(db)
        attempts = [await start(db, quiz, user=STUDENT + n, seed=n) for n in range(40)]
        done = await asyncio.gather(
            *(click(db, a.id, 0, 0, user=STUDENT + n, seed=n) for n, a in enumerate(attempts))
        )
    finally:
        await db.close()
    assert all(d.recorded for d in done)
    assert sum(batches) == 40
    assert len(batches) <= 4, batches  # one commit per click would be 40


async def test_a_teachers_try_is_clicked_like_a_students(db: Storage):
    teacher = TEACHER
    quiz = await open_quiz(db)
    attempt = await db.start_attempt(
        quiz, teacher, seed=SEED, question_count=3, version_id=None, by_teacher=True, now=NOW
    )
    assert (await click(db, attempt.id, 0, 1, user=teacher)).recorded
