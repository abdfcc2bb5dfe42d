"""Live classes on both engines: one session per channel, one answer per student per question changeable
only while open, steps applied once, and End turning the answers into the quiz's attempts."""

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage import Storage
from bot.storage.records import LiveRecord
from bot.storage.sql.dialect import sql

GUILD, CHANNEL, TEACHER = 10, 20, 1
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


async def _start(db: Storage, channel: int = CHANNEL, count: int = 3, seed: int = 0) -> LiveRecord | None:
    return await db.start_live(
        GUILD,
        channel,
        "fine-tuning",
        TEACHER,
        version_id=None,
        question_count=count,
        teams=0,
        anonymous=False,
        now=NOW,
        seed=seed,
    )


async def _answer(
    db: Storage,
    session: LiveRecord,
    user: int,
    option: int,
    *,
    at: int = 0,
    question: int | None = None,
    text: str | None = None,
    part: int | None = None,
) -> bool:
    return await db.live_answer(
        session.id,
        session.position,
        user,
        option,
        question_index=session.position if question is None else question,
        correct=option == 0,
        part=part,
        text=text,
        by_teacher=False,
        now=NOW + timedelta(seconds=at),
    )


async def test_one_live_session_per_channel_and_its_quiz_never_meets_a_self_paced_one(db: Storage):
    first = await _start(db)
    assert first is not None
    assert (first.position, first.phase, first.question_count) == (0, "open", 3)
    assert await _start(db) is None
    assert len(await db.quizzes(GUILD, CHANNEL)) == 1, "the refused session's quiz was not kept"
    assert await _start(db, channel=CHANNEL + 1) is not None
    assert await db.running_live(GUILD, CHANNEL) == first
    assert not await db.open_quizzes(GUILD, CHANNEL), "a live quiz is no self-paced quiz"


async def test_simultaneous_starts_make_one_session(db: Storage):
    started = await asyncio.gather(*(_start(db) for _ in range(5)))
    assert sum(s is not None for s in started) == 1
    assert len(await db.quizzes(GUILD, CHANNEL)) == 1


async def test_an_answer_changes_until_closed_and_is_refused_after(db: Storage):
    session = await _start(db)
    assert session is not None
    assert await _answer(db, session, 100, 1)
    assert await _answer(db, session, 100, 0, at=5)  # changed their mind
    assert await _answer(db, session, 101, 2)
    assert await db.live_counts(session.id, 0) == (2, 2)
    [answer, _] = await db.live_answers(session.id, 0)
    assert (answer.user_id, answer.option_index, answer.correct) == (100, 0, True)
    assert answer.answered_at == NOW + timedelta(seconds=5)

    closed = await db.move_live(session, "closed")
    assert closed is not None
    assert not await _answer(db, closed, 100, 1), "after close"
    assert not await _answer(db, session, 102, 1), "after close, by a late click"
    assert [a.option_index for a in await db.live_answers(session.id, user_id=100)] == [0]


async def test_a_step_applies_once_from_the_state_it_was_pressed_on(db: Storage):
    session = await _start(db)
    assert session is not None
    closed = await db.move_live(session, "closed")
    assert closed is not None
    assert await db.move_live(session, "closed") is None, "pressed twice"
    revealed = await db.move_live(closed, "revealed")
    assert revealed is not None
    moved = await asyncio.gather(*(db.move_live(revealed, "open", 1) for _ in range(4)))
    assert sum(m is not None for m in moved) == 1
    current = await db.live_session(session.id)
    assert current is not None
    assert (current.position, current.phase) == (1, "open")
    assert not await _answer(db, session, 100, 0), "an answer to question 1 once question 2 is on screen"
    assert await _answer(db, current, 100, 0)


async def test_end_makes_one_finished_attempt_per_student_over_the_questions_asked(db: Storage):
    session = await _start(db, count=5)
    assert session is not None
    await _answer(db, session, 100, 0)
    await _answer(db, session, 101, 1)
    closed = await db.move_live(session, "closed")
    assert closed is not None
    second = await db.move_live(closed, "open", 1)
    assert second is not None
    await _answer(db, second, 100, 1, at=10)
    await _answer(db, second, 102, 0, at=11)

    end = NOW + timedelta(minutes=5)
    ended = await db.end_live(session.id, end)
    assert ended is not None
    assert (ended.phase, ended.ended_at) == ("ended", end)
    assert await db.end_live(session.id, end + timedelta(seconds=1)) is None
    assert await db.running_live(GUILD, CHANNEL) is None
    assert not await db.live_answers(session.id), "kept once, as attempts"

    attempts = {a.record.user_id: a for a in await db.attempts(session.quiz_id)}
    assert set(attempts) == {100, 101, 102}
    assert all(a.record.question_count == 2 and a.record.finished_at == end for a in attempts.values())
    assert [(r.question_index, r.option_index, r.correct) for r in attempts[100].answers] == [
        (0, 0, True),
        (1, 1, False),
    ]
    assert attempts[100].record.started_at == NOW
    assert [r.question_index for r in attempts[102].answers] == [1]
    quiz = await db.quiz(session.quiz_id)
    assert quiz is not None
    assert (quiz.closed_at, quiz.settled_at) == (end, end)
    assert await _start(db) is not None, "the channel is free again"


async def test_a_second_live_class_numbers_the_attempts_on(db: Storage):
    for _ in range(2):
        session = await _start(db)
        assert session is not None
        await _answer(db, session, 100, 0)
        assert await db.end_live(session.id, NOW) is not None
    numbers = [a.record.number for a in await db.student_attempts(GUILD, 100)]
    assert numbers == [1, 2]


SEED = 2**62 - 5  # the largest kind of seed a session draws with: 62 bits


async def test_a_bank_session_keeps_its_seed_text_parts_and_lesson_questions_and_end_copies_them(db: Storage):
    session = await _start(db, count=3, seed=SEED)
    assert session is not None
    assert session.seed == SEED
    typed = "Photo-synthèse  "  # kept exactly as typed: spaces and accents too
    assert await _answer(db, session, 100, 0, question=7, text=typed)
    assert await _answer(db, session, 101, 3, question=7, text="a banana", part=None)
    assert await _answer(db, session, 101, 2, at=3, question=7, text="leaf", part=None)  # a change of mind
    [mine, theirs] = await db.live_answers(session.id, 0)
    assert (mine.question_index, mine.text, mine.part) == (7, typed, None)
    assert (theirs.option_index, theirs.text, theirs.answered_at) == (2, "leaf", NOW + timedelta(seconds=3))
    closed = await db.move_live(session, "closed")
    assert closed is not None
    second = await db.move_live(closed, "open", 1)
    assert second is not None
    assert await _answer(db, second, 100, 5, question=1, part=667)  # a choose-all, partly right
    assert (await db.live_answers(session.id, 1))[0].part == 667
    assert [a.text for a in await db.live_answers_of(GUILD, 100)] == [typed, None]

    ended = await db.end_live(session.id, NOW + timedelta(minutes=1))
    assert ended is not None
    attempts = {a.record.user_id: a for a in await db.attempts(session.quiz_id)}
    assert {a.record.seed for a in attempts.values()} == {SEED}
    assert [(r.question_index, r.option_index, r.text, r.part) for r in attempts[100].answers] == [
        (7, 0, typed, None),
        (1, 5, None, 667),
    ]
    assert [(r.question_index, r.text) for r in attempts[101].answers] == [(7, "leaf")]
    assert attempts[100].score == 1.67  # the whole mark and the part, as a self-paced attempt counts


async def test_a_row_from_before_the_upgrade_ends_with_its_position_as_the_question(db: Storage):
    session = await _start(db, count=2)
    assert session is not None
    await _answer(db, session, 100, 0)
    # As migration 0012 leaves a row written before it: no lesson index, no text, no part.
    await db._write_one(  # type: ignore[attr-defined]
        sql("UPDATE live_answers SET question_index = NULL WHERE session_id = :session"), session=session.id
    )
    [old] = await db.live_answers(session.id)
    assert (old.position, old.question_index, old.text, old.part) == (0, 0, None, None)
    assert await db.end_live(session.id, NOW) is not None
    [attempt] = await db.attempts(session.quiz_id)
    assert attempt.record.seed == 0
    assert [(r.question_index, r.option_index, r.correct) for r in attempt.answers] == [(0, 0, True)]
