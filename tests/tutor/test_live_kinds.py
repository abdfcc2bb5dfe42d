"""A live class asks every kind of question and a bank, through the tutor on a real database: the class
is asked one draw, answers are judged in the core (partial credit as the lesson says), the reveal shares
each kind's way, the teacher sees typed answers, and End keeps it all as the quiz's attempts."""

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.content import LessonLibrary, load_lesson
from bot.content.model import Kind
from bot.errors import UserError
from bot.live import Share, Step
from bot.quiz.asking import Asked
from bot.quiz.engine import Given, Placed, Ticked, drawn
from bot.storage import SQLiteDatabase
from bot.tutor import Tutor, Who
from tests.clock import ManualClock
from tests.conftest import LESSONS
from tests.tutor.conftest import ALICE, BOB, CHANNEL, GUILD, TEACHER, tutor_teaching

# Partial credit on: a choose-all with two of its three right options ticked earns two thirds.
PLANTS = replace(load_lesson(LESSONS / "plants-make-food.toml"), partial_credit=True)
CAROL = Who(GUILD, 7, "Carol")


@pytest.fixture
async def tutor(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Tutor]:
    async with tutor_teaching(PLANTS, tmp_path, clock) as tutor:
        yield tutor


def given(asked: Asked, how: str) -> Given:
    """An answer as the student's screen would send it: "right", "wrong" or "partly" (choose-all)."""
    question, slot = asked.question, {index: n for n, index in enumerate(asked.order)}
    if question.kind is Kind.TYPED:
        return f" {question.options[0].upper()}" if how == "right" else "A Banana"
    if question.kind is Kind.CHOOSE_ALL:
        ticked = {"right": question.right, "partly": question.right[:2], "wrong": (3,)}[how]
        return Ticked(frozenset(slot[i] for i in ticked))
    if question.kind is Kind.ORDER:
        order = range(len(question.options))
        return Placed(tuple(slot[i] for i in (order if how == "right" else reversed(order))))
    return question.answer_index if how == "right" else 1 - question.answer_index


async def test_every_kind_and_a_bank_live_from_start_to_the_attempts(tutor: Tutor):
    view = await tutor.live.start(TEACHER, PLANTS.id, CHANNEL, teams=0, anonymous=False)
    session = view.session
    asked = drawn(PLANTS, session.seed)
    assert (session.question_count, view.drawn) == (7, asked)
    kinds = set()
    for position, index in enumerate(asked):
        if position:
            view = await tutor.live.step(TEACHER, session.id, position - 1, Step.NEXT)
        question = PLANTS.questions[index]
        kinds.add(question.kind)
        assert view.question == question
        screen = await tutor.live.choice(ALICE, session.id)
        assert (screen.question, screen.chosen, screen.total) == (question, None, 7)
        first = await tutor.live.answer(ALICE, session.id, position, given(screen.asked, "wrong"))
        mine = await tutor.live.answer(ALICE, session.id, position, given(screen.asked, "right"))
        assert mine.chosen != first.chosen or mine.text != first.text, "a change of mind replaces it"
        if question.kind in (Kind.CHOOSE_ALL, Kind.ORDER):
            assert mine.picked == screen.asked.slots_of(mine.chosen or 0) != ()
        partly = "partly" if question.kind is Kind.CHOOSE_ALL else "wrong"
        await tutor.live.answer(BOB, session.id, position, given(screen.asked, partly))
        if question.kind is Kind.TYPED:
            await tutor.live.answer(CAROL, session.id, position, "a banana ")
            panel = await tutor.live.view_of(session.id)
            assert panel is not None
            assert [(t.text, t.count, t.right) for t in panel.typed] == [
                ("a banana", 2, False),
                (question.options[0].casefold(), 1, True),
            ]
        view = await tutor.live.step(TEACHER, session.id, position, Step.REVEAL)
        assert view.revealed is not None
        _check_shares(
            question.kind, view.revealed.options, view.revealed.right, typed=question.kind is Kind.TYPED
        )
        result = await tutor.live.result(BOB, session.id, position)
        assert result.judged is not None
        assert not result.judged.correct
        with pytest.raises(UserError, match="closed"):
            await tutor.live.answer(BOB, session.id, position, given(screen.asked, "right"))
    assert {Kind.TRUE_FALSE, Kind.CHOOSE_ALL, Kind.TYPED, Kind.ORDER} <= kinds

    ended = await tutor.live.step(TEACHER, session.id, 6, Step.END)
    assert ended.ended is not None
    attempts = {a.record.user_id: a for a in await tutor.db.attempts(session.quiz_id)}
    assert {a.record.seed for a in attempts.values()} == {session.seed}
    assert [r.question_index for r in attempts[ALICE.user_id].answers] == list(asked)
    assert all(r.correct for r in attempts[ALICE.user_id].answers)
    typed = [r.text for r in attempts[BOB.user_id].answers if r.text is not None]
    assert typed
    assert set(typed) == {"A Banana"}, "kept as typed"
    # Two of three right ticked, and one of three items in its place: parts of a mark, as in a quiz.
    assert [r.part for r in attempts[BOB.user_id].answers if r.part] == [667, 333]
    assert (await tutor.live.score(ALICE, session.id)).points == 7
    bob = await tutor.live.score(BOB, session.id)
    assert (bob.right, bob.points) == (0, 1)
    # After End, My result reads the attempt: the bank's question by the lesson index the class asked.
    result = await tutor.live.result(ALICE, session.id, 6)
    assert result.question == PLANTS.questions[asked[6]]
    assert result.judged is not None
    assert result.judged.correct


def _check_shares(kind: Kind, options: list[Share], right: Share, *, typed: bool) -> None:
    """Alice right; Bob wrong (partly, on a choose-all); Carol only on a typed question, wrong."""
    assert right == Share(1, 3 if typed else 2)
    if kind is Kind.CHOOSE_ALL:
        # Each share is of those who answered, and they need not add up: Alice ticked 3, Bob 2.
        assert [s.count for s in options] == [2, 2, 1, 0]
    elif kind is Kind.ORDER:
        # Bob's reverse order puts the middle item in its place; Alice puts all three.
        assert [s.count for s in options] == [1, 2, 1]
    elif kind is Kind.TYPED:
        assert options == []
    else:
        assert sorted(s.count for s in options if s.count) == [1, 1]


async def test_a_restarted_tutor_asks_the_same_draw_and_shows_the_saved_answer(
    tmp_path: Path, clock: ManualClock
):
    path = tmp_path / "tutor.sqlite3"
    db = await SQLiteDatabase.open(path)
    first = Tutor(LessonLibrary({PLANTS.id: PLANTS}), db, clock)
    view = await first.live.start(TEACHER, PLANTS.id, CHANNEL, teams=0, anonymous=False)
    session = view.session.id
    screen = await first.live.choice(ALICE, session)
    await first.live.answer(ALICE, session, 0, given(screen.asked, "right"))
    await db.close()

    db = await SQLiteDatabase.open(path)
    again = Tutor(LessonLibrary({PLANTS.id: PLANTS}), db, clock)
    seen = await again.live.view_of(session)
    assert seen is not None
    assert seen.drawn == view.drawn
    mine = await again.live.choice(ALICE, session, 0)
    assert mine.asked == screen.asked
    assert mine.chosen is not None
    await db.close()


async def test_a_class_under_way_keeps_its_lessons_version_after_a_restart(
    tmp_path: Path, clock: ManualClock
):
    path = tmp_path / "tutor.sqlite3"
    db = await SQLiteDatabase.open(path)
    first = Tutor(LessonLibrary({PLANTS.id: PLANTS}), db, clock)
    await first.start()  # each bundled lesson's version kept, as the bot does at start
    view = await first.live.start(TEACHER, PLANTS.id, CHANNEL, teams=0, anonymous=False)
    await db.close()

    # The lesson's file changes while the class runs (its first question reworded), then the bot restarts.
    first_question = replace(PLANTS.questions[0], prompt="A question written since?")
    changed = replace(PLANTS, questions=(first_question, *PLANTS.questions[1:]))
    db = await SQLiteDatabase.open(path)
    try:  # closed however the test ends: an open database keeps the test's loop from ending
        again = Tutor(LessonLibrary({PLANTS.id: changed}), db, clock)
        await again.start()
        seen = await again.live.view_of(view.session.id)
        assert seen is not None
        assert seen.question == view.question  # the version the class started on
    finally:
        await db.close()
