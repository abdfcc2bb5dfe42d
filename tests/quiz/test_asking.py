"""One question asked on its own (review, redemption, live): each kind shown by its rule and judged in
the core, by the slots the student saw; a stored answer read back as the same picks."""

from dataclasses import replace

import pytest

from bot.content.model import Kind
from bot.quiz.asking import Asked
from bot.quiz.engine import ChoiceError, Placed, Ticked
from bot.quiz.judging import shuffled
from tests.quiz.test_kinds import EVERY, LESSON, NUMBER, ORDER, TF, TYPED


def asked(index: int, salt: str = "s", **kwargs) -> Asked:
    return Asked.of(LESSON, LESSON.questions[index], salt, **kwargs)


def test_the_same_salt_shows_the_same_order_and_a_shuffle_never_depends_on_python():
    assert asked(EVERY).order == asked(EVERY).order
    # Pinned: review and live screens already sent are judged by this order after any restart or upgrade.
    assert shuffled("s", 4) == (3, 1, 0, 2)
    assert shuffled("x", 5) == (4, 1, 3, 2, 0)


def test_true_false_keeps_its_order_and_a_typed_question_shows_no_options():
    assert asked(TF).order == (0, 1)
    assert asked(TYPED).options == ()
    assert asked(TYPED).view(0, 1).kind is Kind.TYPED


@pytest.mark.parametrize("salt", [str(n) for n in range(40)])
def test_an_order_question_is_never_shown_in_its_right_order_even_unshuffled(salt):
    question = LESSON.questions[ORDER]
    assert asked(ORDER, salt).order != tuple(range(len(question.options)))
    assert asked(ORDER, salt, shuffle=False).order != tuple(range(len(question.options)))


def test_unshuffled_options_are_in_lesson_order_as_a_live_card_letters_them():
    assert asked(EVERY, shuffle=False).order == tuple(range(len(LESSON.questions[EVERY].options)))


def test_each_kind_is_judged_by_the_slots_shown():
    tf = asked(TF)
    assert tf.judge(0).correct
    assert not tf.judge(1).correct
    every = asked(EVERY)
    right = LESSON.questions[EVERY].right
    slots = frozenset(every.order.index(i) for i in right)
    assert every.judge(Ticked(slots)).correct
    assert not every.judge(Ticked(frozenset())).correct
    order = asked(ORDER)
    in_order = tuple(order.order.index(i) for i in range(len(order.order)))
    assert order.judge(Placed(in_order)).correct
    assert not order.judge(Placed(tuple(reversed(in_order)))).correct
    typed = asked(TYPED)
    right_text = LESSON.questions[TYPED].options[0]
    judged = typed.judge(f"  {right_text.upper()} ")
    assert judged.correct
    assert judged.text == f"  {right_text.upper()} "
    assert not typed.judge("something else").correct
    assert typed.judge("something else").feedback.typed  # "You wrote", not "You picked"
    assert not tf.judge(1).feedback.typed
    assert asked(NUMBER).judge(LESSON.questions[NUMBER].options[0]).correct


def test_partial_credit_earns_a_part_and_is_not_right():
    lesson = replace(LESSON, partial_credit=True)
    order = Asked.of(lesson, lesson.questions[ORDER], "s")
    size = len(order.order)
    # The first two swapped, the rest in place.
    placed = [order.order.index(i) for i in (1, 0, *range(2, size))]
    judged = order.judge(Placed(tuple(placed)))
    assert not judged.correct
    assert judged.credit == (size - 2) / size


@pytest.mark.parametrize(
    ("index", "given"),
    [
        (TF, 2),
        (TF, Ticked(frozenset({0}))),
        (EVERY, 0),
        (EVERY, Ticked(frozenset({9}))),
        (ORDER, Placed((0,))),
        (ORDER, "a text"),
        (TYPED, 0),
        (TYPED, Placed((0, 1))),
    ],
)
def test_an_answer_of_another_kind_or_out_of_range_is_refused(index, given):
    with pytest.raises(ChoiceError):
        asked(index).judge(given)


def test_a_stored_value_reads_back_as_the_slots_the_student_picked():
    every = asked(EVERY)
    picked = Ticked(frozenset({0, 2}))
    assert every.slots_of(every.judge(picked).value) == (0, 2)
    order = asked(ORDER)
    placed = Placed(tuple(reversed(range(len(order.order)))))
    assert order.slots_of(order.judge(placed).value) == placed.slots
    assert asked(TF).slots_of(1) == ()
