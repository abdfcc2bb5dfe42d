"""Judging each kind of question in the core, and the draw from banks by the attempt's seed."""

import io
import itertools
from dataclasses import replace

import pytest

from bot.content.loader import parse_lesson
from bot.content.model import Kind
from bot.preview import run_preview
from bot.quiz import engine, judging
from bot.quiz.engine import Attempt, ChoiceError, drawn
from tests.content.test_kinds import HEAD, KINDS

LESSON = parse_lesson(HEAD + "".join(KINDS.values()), "kinds.toml")
TF, EVERY, TYPED, NUMBER, ORDER = range(5)


def _at(attempt: Attempt, index: int) -> int:
    return attempt.order.index(index)


def _slots(attempt: Attempt, index: int, options: list[int]) -> list[int]:
    """The shown slots of these lesson option indexes."""
    return [attempt.option_order(index).index(i) for i in options]


def test_true_false_shows_its_words_in_the_lesson_order():
    attempt = Attempt(LESSON, seed=7)
    view = attempt.current()
    assert view is not None
    position = _at(attempt, TF)
    assert attempt.option_order(TF) == (0, 1)
    assert attempt.choice_at(position, 0).correct
    assert not attempt.choice_at(position, 1).correct


def test_choose_all_is_all_or_nothing_unless_partial_credit():
    attempt = Attempt(LESSON, seed=7)
    position = _at(attempt, EVERY)
    right = attempt.choose_all_at(position, _slots(attempt, EVERY, [2, 0]))
    assert (right.correct, right.option_index, right.credit) == (True, 0b101, 1.0)
    one = attempt.choose_all_at(position, _slots(attempt, EVERY, [0]))
    assert (one.correct, one.credit) == (False, 0.0)
    partial = Attempt(replace(LESSON, partial_credit=True), seed=7)
    assert partial.choose_all_at(position, _slots(attempt, EVERY, [0])).credit == 0.5
    assert partial.choose_all_at(position, _slots(attempt, EVERY, [0, 1])).credit == 0.0
    assert not attempt.choose_all_at(position, []).correct
    assert attempt.feedback(right).chosen == "Mars, Venus"


@pytest.mark.parametrize(
    ("typed", "right"),
    [("oxygen", True), ("  OXYGEN ", True), ("o2", True), ("oxigen", False), ("", False), ("ox ygen", False)],
)
def test_typed_ignores_case_and_spaces(typed: str, right: bool):
    attempt = Attempt(LESSON, seed=1)
    choice = attempt.typed_at(_at(attempt, TYPED), typed)
    assert choice.correct is right
    assert choice.text == typed  # kept as typed


def test_accents_count_unless_the_lesson_ignores_them():
    question = replace(LESSON.questions[TYPED], options=("oxígeno",))
    assert judging.typed_match(question, "oxigeno") is None
    assert judging.typed_match(question, "OXÍGENO") == 0
    assert judging.typed_match(question, "oxigeno", ignore_accents=True) == 0


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("3.14", True),
        ("3,14", True),
        ("3.15", True),
        ("3.13", True),
        ("3.16", False),
        ("pi", False),
        ("", False),
    ],
)
def test_numbers_within_the_tolerance(typed: str, right: bool):
    attempt = Attempt(LESSON, seed=1)
    assert attempt.typed_at(_at(attempt, NUMBER), typed).correct is right


def test_order_is_right_only_whole_with_partial_credit_as_an_option():
    attempt = Attempt(LESSON, seed=3)
    position = _at(attempt, ORDER)
    right = attempt.order_at(position, _slots(attempt, ORDER, [0, 1, 2]))
    assert (right.correct, right.option_index) == (True, 0)
    swapped = attempt.order_at(position, _slots(attempt, ORDER, [0, 2, 1]))
    assert not swapped.correct
    assert attempt.feedback(swapped).chosen == "Ant → Horse → Cat"
    partial = Attempt(replace(LESSON, partial_credit=True), seed=3)
    assert partial.order_at(position, _slots(attempt, ORDER, [0, 2, 1])).credit == pytest.approx(1 / 3)
    with pytest.raises(ChoiceError):
        attempt.order_at(position, [0, 0, 1])


def test_an_order_question_is_never_shown_in_its_right_order():
    for seed in range(300):
        assert Attempt(LESSON, seed).option_order(ORDER) != (0, 1, 2)


def test_each_kind_is_answered_only_its_own_way():
    attempt = Attempt(LESSON, seed=1)
    with pytest.raises(ChoiceError):
        attempt.choice_at(_at(attempt, TYPED), 0)
    with pytest.raises(ChoiceError):
        attempt.typed_at(_at(attempt, TF), "True")
    with pytest.raises(ChoiceError):
        attempt.choose_all_at(_at(attempt, ORDER), [0])


def test_ranks_and_masks_round_trip():
    for size in range(1, 6):
        orders = list(itertools.permutations(range(size)))
        assert [judging.rank_of(o) for o in orders] == list(range(len(orders)))
        assert all(judging.order_of(judging.rank_of(o), size) == o for o in orders)
    assert judging.indexes_of(judging.mask_of([4, 0, 2])) == (0, 2, 4)


def test_a_summary_and_a_restart_judge_from_what_was_stored():
    attempt = Attempt(LESSON, seed=9)
    for index in attempt.order:
        position = _at(attempt, index)
        kind = LESSON.questions[index].kind
        if kind is Kind.TYPED:
            choice = attempt.typed_at(position, "wrong")
        elif kind is Kind.ORDER:
            choice = attempt.order_at(position, _slots(attempt, index, [0, 1, 2]))
        elif kind is Kind.CHOOSE_ALL:
            choice = attempt.choose_all_at(position, _slots(attempt, index, [0, 2]))
        else:
            choice = attempt.choice_at(position, 0)
        attempt = attempt.with_choice(choice)
    summary = attempt.summary()
    assert (summary.score, summary.total) == (3, 5)
    assert {m.chosen for m in summary.missed} == {"wrong"}
    again = Attempt(LESSON, 9, dict(attempt.answers), texts=dict(attempt.texts))
    assert again.summary() == summary


BANKED = parse_lesson(
    HEAD
    + '\n[[banks]]\nname = "pool"\ndraw = 2\n'
    + "".join(
        f'\n[[questions]]\nprompt = "Pool question {n}?"\noptions = ["a", "b"]\nanswer = "a"\nbank = "pool"\n'
        for n in range(6)
    )
    + KINDS["true-false"],
    "banked.toml",
)


def test_500_seeded_attempts_draw_every_question_of_a_bank_and_a_seed_always_the_same(
    monkeypatch: pytest.MonkeyPatch,
):
    seen: set[int] = set()
    for seed in range(500):
        attempt = Attempt(BANKED, seed)
        asked = set(attempt.order)
        assert len(asked) == 3
        assert 6 in asked  # the question outside the bank is always asked
        seen |= asked
        # After a restart nothing is cached: the same seed draws the same questions in the same order.
        monkeypatch.setattr(engine, "_SHUFFLES", engine.ShuffleCache(engine.SHUFFLES_KEPT))
        assert Attempt(BANKED, seed).order == attempt.order
    assert seen == set(range(7))


def test_an_attempt_of_a_banked_lesson_counts_only_what_it_drew():
    attempt = Attempt(BANKED, seed=4)
    assert attempt.total == 3
    assert drawn(BANKED, 4) == tuple(sorted(attempt.order))
    assert drawn(LESSON, 4) == tuple(range(5))


def test_a_lesson_without_banks_keeps_the_order_it_always_had(fine_tuning):
    # The order before banks existed: a permutation of every question by the seed.
    assert Attempt(fine_tuning, 12345).order == engine._permutation(12345, "questions", 15)


def test_preview_asks_each_kind_its_own_way():
    attempt = Attempt(LESSON, seed=2)
    typed = {TF: "1", EVERY: " ".join(str(s + 1) for s in _slots(attempt, EVERY, [0, 2])), TYPED: "O2"}
    typed |= {NUMBER: "3.2", ORDER: " ".join(str(s + 1) for s in _slots(attempt, ORDER, [0, 1, 2]))}
    lines = [
        "nonsense" if LESSON.questions[i].kind is not Kind.TYPED else typed[i] for i in attempt.order[:1]
    ]
    lines += [typed[i] for i in attempt.order]
    out = io.StringIO()
    run_preview(LESSON, 2, io.StringIO("\n".join(lines) + "\n"), out)
    text = out.getvalue()
    assert "You scored 4 out of 5." in text
    assert "Not quite. The right answer: 3.14 ± 0.01" in text
    assert "(type your answer)" in text


def test_a_lesson_says_how_many_questions_each_attempt_asks():
    assert (BANKED.asked, len(BANKED.questions)) == (3, 7)
    assert LESSON.asked == len(LESSON.questions)
    assert all(Attempt(BANKED, seed).total == BANKED.asked for seed in range(20))
