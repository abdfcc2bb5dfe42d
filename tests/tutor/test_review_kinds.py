"""Every kind of question in spaced review and the redemption round, through the tutor on a real database:
each judged right and wrong in the core, an answer that does not fit refused, a double press answered
once, and a tick or a tap redrawn without answering."""

import pytest

from bot.content.model import Kind
from bot.errors import UserError
from bot.quiz.engine import Given, Placed, Ticked
from bot.tutor import Tutor, Who
from bot.tutor.review import ReviewScreen
from tests.clock import ManualClock
from tests.tutor import test_kinds
from tests.tutor.conftest import ALICE, BOB, CHANNEL, TEACHER
from tests.tutor.test_kinds import _open, given, take
from tests.tutor.test_review import DAY

# The fixtures: a Tutor with the lesson of every kind, and one whose lesson gives partial credit.
tutor, partial = test_kinds.tutor, test_kinds.partial

EVERY_KIND = {Kind.TRUE_FALSE, Kind.CHOOSE_ALL, Kind.TYPED, Kind.ORDER}


def kind_of(screen: ReviewScreen) -> Kind:
    assert screen.question is not None
    return screen.question.kind


async def answer(tutor: Tutor, screen: ReviewScreen, answer: Given, who: Who = BOB) -> ReviewScreen:
    assert screen.question is not None
    flow = tutor.redemption if screen.redemption else tutor.review
    return await flow.answer(who, screen.question.target, screen.question.step, answer)


async def reviewing(tutor: Tutor, clock: ManualClock) -> ReviewScreen:
    """Bob misses every question of a quiz; the next day his review asks them all."""
    await take(tutor, BOB, await _open(tutor), right=False)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    await tutor.review.set_settings(TEACHER, cap=20, at=None, days=None)
    clock.advance(DAY)
    return await tutor.review.start(BOB)


async def redoing(tutor: Tutor) -> ReviewScreen:
    """Bob misses every question of a practice try, then tries them again."""
    done = await take(tutor, BOB, await _open(tutor), right=False)
    return await tutor.redemption.start(BOB, done.attempt_id)


async def answered_all(tutor: Tutor, screen: ReviewScreen, *, right: bool) -> set[Kind]:
    """Every step answered right (or wrong), each verdict checked as fed back; the kinds asked."""
    kinds = set()
    while screen.question is not None:
        kind = kind_of(screen)
        kinds.add(kind)
        screen = await answer(tutor, screen, given(screen, right=right))
        assert screen.feedback is not None
        assert screen.feedback.correct is right
        assert screen.feedback.typed is (kind is Kind.TYPED)  # "You wrote", not "You picked"
        if kind is Kind.TYPED and not right:
            assert screen.feedback.chosen == "no idea"
    assert screen.answered == 7
    return kinds


RIGHT_AND_WRONG = pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])


@RIGHT_AND_WRONG
async def test_a_review_asks_every_kind_and_judges_each(tutor: Tutor, clock: ManualClock, right: bool):
    first = await reviewing(tutor, clock)
    assert first.question is not None
    assert first.question.total == 7
    assert await answered_all(tutor, first, right=right) >= EVERY_KIND
    logged = await tutor.db.review_answers(BOB.guild_id, BOB.user_id)
    assert [a.correct for a in logged] == [right] * 7


@RIGHT_AND_WRONG
async def test_the_redemption_round_asks_every_kind_and_leaves_the_score(tutor: Tutor, right: bool):
    quiz = await _open(tutor)
    done = await take(tutor, BOB, quiz, right=False)
    screen = await tutor.redemption.start(BOB, done.attempt_id)
    assert screen.question is not None
    assert screen.question.total == 7
    assert await answered_all(tutor, screen, right=right) >= EVERY_KIND
    (attempt,) = await tutor.db.attempts(quiz, BOB.user_id)
    assert attempt.score == 0


def misfits(screen: ReviewScreen) -> list[Given]:
    """Answers the buttons of the other kinds would send, and one of its own kind beyond what is shown:
    none answers the question on `screen` (any text answers a typed one)."""
    assert screen.question is not None
    size = len(screen.question.options)
    shapes: dict[Kind, Given] = {
        Kind.CHOOSE_ALL: Ticked(frozenset({0})),
        Kind.ORDER: Placed(tuple(range(size))),
        Kind.TYPED: "oxygen",
        Kind.CHOICE: 0,
    }
    beyond: dict[Kind, Given] = {
        Kind.CHOOSE_ALL: Ticked(frozenset({size})),
        Kind.ORDER: Placed((0,)),
        Kind.CHOICE: size,
    }
    own = Kind.CHOICE if kind_of(screen) is Kind.TRUE_FALSE else kind_of(screen)
    return [g for k, g in shapes.items() if k is not own] + ([beyond[own]] if own in beyond else [])


@pytest.mark.parametrize("round_", ["review", "redemption"])
async def test_an_answer_that_does_not_fit_is_refused_and_changes_nothing(
    tutor: Tutor, clock: ManualClock, round_: str
):
    screen = await (redoing(tutor) if round_ == "redemption" else reviewing(tutor, clock))
    while screen.question is not None:
        for wrong in misfits(screen):
            with pytest.raises(UserError, match="isn't an answer to the question you're on"):
                await answer(tutor, screen, wrong)
        screen = await answer(tutor, screen, given(screen, right=True))
    assert screen.answered == 7
    logged = await tutor.db.review_answers(BOB.guild_id, BOB.user_id)
    assert [a.correct for a in logged] == [True] * 7  # only the answers that fit, each logged once


@pytest.mark.parametrize("round_", ["review", "redemption"])
async def test_a_double_press_is_answered_once_and_a_redraw_answers_nothing(
    tutor: Tutor, clock: ManualClock, round_: str
):
    screen = await (redoing(tutor) if round_ == "redemption" else reviewing(tutor, clock))
    flow = tutor.redemption if screen.redemption else tutor.review
    while screen.question is not None and kind_of(screen) not in (Kind.CHOOSE_ALL, Kind.ORDER):
        screen = await answer(tutor, screen, given(screen, right=True))
    shown = screen.question
    assert shown is not None
    # A tick or a tap: the step as it stands, nothing logged.
    redrawn = await flow.showing(BOB, shown.target, shown.step)
    assert (redrawn.question, redrawn.note) == (shown, None)
    with pytest.raises(UserError):
        await flow.showing(ALICE, shown.target, shown.step)
    with pytest.raises(UserError):
        await flow.showing(BOB, shown.target, shown.step + 1)
    first = await answer(tutor, screen, given(screen, right=True))
    twice = await answer(tutor, screen, given(screen, right=False))
    assert first.feedback is not None
    assert first.feedback.correct
    assert (twice.feedback, twice.question) == (None, first.question)
    assert twice.note is not None
    late = await flow.showing(BOB, shown.target, shown.step)  # a tick that arrives after Check
    assert (late.question, late.note) == (first.question, twice.note)


async def test_a_partly_right_answer_is_a_miss_to_try_again(partial: Tutor):
    step = await partial.sessions.start(BOB, await _open(partial))
    while step.question is not None:
        answer_ = given(step, right=True)
        if isinstance(answer_, Ticked):  # two of the three right options: a part mark, still a miss
            answer_ = Ticked(frozenset(sorted(answer_.slots)[:2]))
        step = await partial.sessions.answer(
            BOB.guild_id, step.attempt_id, BOB.user_id, step.question.position, answer_
        )
    screen = await partial.redemption.start(BOB, step.attempt_id)
    assert screen.question is not None
    assert (screen.question.total, kind_of(screen)) == (1, Kind.CHOOSE_ALL)
    part = given(screen, right=True)
    assert isinstance(part, Ticked)
    again = await answer(partial, screen, Ticked(frozenset(sorted(part.slots)[:2])))
    assert again.feedback is not None
    assert not again.feedback.correct


async def test_the_redemption_round_asks_one_tap_questions_first_then_the_others(tutor: Tutor):
    # A round's step n is the n-th question of this order: rounds begun when only one-tap questions were
    # asked again keep their steps, the other kinds coming after them.
    screen = await redoing(tutor)
    kinds = []
    while screen.question is not None:
        kinds.append(kind_of(screen))
        screen = await answer(tutor, screen, given(screen, right=False))
    one_tap = [k in (Kind.CHOICE, Kind.TRUE_FALSE) for k in kinds]
    assert one_tap == sorted(one_tap, reverse=True)
    assert True in one_tap
    assert False in one_tap


async def test_a_tick_in_the_redemption_round_writes_nothing(tutor: Tutor):
    screen = await redoing(tutor)
    while screen.question is not None and kind_of(screen) is not Kind.CHOOSE_ALL:
        screen = await answer(tutor, screen, given(screen, right=True))
    assert screen.question is not None
    writes: list[str] = []
    real = tutor.db.add_review_items

    async def counted(*args: object, **kwargs: object) -> int:
        writes.append("add_review_items")
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    tutor.db.add_review_items = counted  # type: ignore[method-assign]
    shown = await tutor.redemption.showing(BOB, screen.question.target, screen.question.step)
    assert shown.question == screen.question
    assert writes == []
