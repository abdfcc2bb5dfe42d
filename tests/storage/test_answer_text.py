"""A typed answer is stored as typed, on each engine, with every guarantee of the answer insert."""

from bot.storage import Storage
from tests.storage.test_clicks import SEED
from tests.storage.test_database import GUILD, NOW, STUDENT, open_quiz, start

# Separators the state's join uses, accents, an emoji, spaces kept: all must come back as typed.
TEXTS = ["  Oxígeno 2:3,4 ", "a:1:b", "🌱", ""]


async def test_typed_answers_come_back_exactly_as_typed(db: Storage):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, count=5)
    for position, text in enumerate(TEXTS):
        assert await db.record_answer(attempt.id, position, position, 0, correct=False, now=NOW, text=text)
    # A button's answer has no text.
    assert await db.record_answer(attempt.id, 4, 4, 0b101, correct=True, now=NOW)
    state = await db.attempt_state(attempt.id, NOW)
    assert state.texts == dict(enumerate(TEXTS))
    assert state.answers == {0: 0, 1: 0, 2: 0, 3: 0, 4: 0b101}
    (found,) = await db.attempts(quiz.id)
    assert [a.text for a in found.answers] == [*TEXTS, None]
    assert found.record.finished


async def test_a_typed_click_keeps_every_guarantee(db: Storage):
    quiz = await open_quiz(db)
    attempt = await start(db, quiz, count=2)
    first = await db.answer_and_state(
        attempt.id, 0, 1, 0, guild_id=GUILD, user_id=STUDENT, seed=SEED, correct=True, now=NOW, text="8"
    )
    assert first.recorded
    again = await db.answer_and_state(
        attempt.id, 0, 1, 0, guild_id=GUILD, user_id=STUDENT, seed=SEED, correct=False, now=NOW, text="9"
    )
    assert not again.recorded  # one answer per question: the first text stays
    assert again.state.texts == {1: "8"}
    other = await db.answer_and_state(
        attempt.id, 1, 0, 0, guild_id=GUILD, user_id=STUDENT + 1, seed=SEED, correct=True, now=NOW, text="x"
    )
    assert not other.recorded  # only the attempt's own student
    assert (await db.attempt_state(attempt.id, NOW)).texts == {1: "8"}
