"""The quiz engine, on real lessons, with no mocks and no I/O."""

from dataclasses import replace

import pytest

from bot.quiz.engine import AlreadyAnswered, Attempt, ChoiceError, Shuffle, ShuffleCache


def right_slot(attempt: Attempt, position: int) -> int:
    index = attempt.order[position]
    return attempt.option_order(index).index(attempt.lesson.questions[index].answer_index)


def wrong_slot(attempt: Attempt, position: int) -> int:
    return (right_slot(attempt, position) + 1) % len(attempt.option_order(attempt.order[position]))


def test_order_is_a_shuffle_and_is_the_same_for_the_same_seed(fine_tuning):
    first, again, other = Attempt(fine_tuning, 7), Attempt(fine_tuning, 7), Attempt(fine_tuning, 8)
    assert sorted(first.order) == list(range(15))
    assert first.order == again.order
    assert first.order != other.order
    assert first.option_order(0) == again.option_order(0)


def test_order_is_pinned_so_a_python_upgrade_cannot_reshuffle_stored_attempts(fine_tuning):
    assert Attempt(fine_tuning, 42).order == (14, 3, 8, 5, 11, 9, 2, 12, 6, 0, 7, 1, 10, 4, 13)


def test_option_orders_vary_across_seeds(fine_tuning):
    orders = {Attempt(fine_tuning, seed).option_order(0) for seed in range(50)}
    assert len(orders) > 10


def test_first_question_shows_options_in_shuffled_order(fine_tuning):
    attempt = Attempt(fine_tuning, 3)
    view = attempt.current()
    assert view is not None
    assert (view.number, view.total) == (1, 15)
    question = fine_tuning.questions[attempt.order[0]]
    assert view.prompt == question.prompt
    assert sorted(view.options) == sorted(question.options)


def test_right_answer_gives_right_feedback_and_moves_on(fine_tuning):
    attempt = Attempt(fine_tuning, 3)
    choice = attempt.judge(0, right_slot(attempt, 0))
    assert choice.correct
    after = attempt.with_choice(choice)
    feedback = after.feedback(choice)
    assert feedback.correct
    assert feedback.explanation == fine_tuning.questions[choice.question_index].explanation
    assert after.current().number == 2
    assert attempt.current().number == 1  # attempts are values: the old one is unchanged


def test_wrong_answer_shows_the_right_one(fine_tuning):
    attempt = Attempt(fine_tuning, 3)
    choice = attempt.judge(0, wrong_slot(attempt, 0))
    feedback = attempt.with_choice(choice).feedback(choice)
    question = fine_tuning.questions[choice.question_index]
    assert not feedback.correct
    assert feedback.answer == question.answer
    assert feedback.chosen != question.answer


def test_a_question_is_answered_once(fine_tuning):
    attempt = Attempt(fine_tuning, 3)
    attempt = attempt.with_choice(attempt.judge(0, 0))
    with pytest.raises(AlreadyAnswered):
        attempt.judge(0, 1)


@pytest.mark.parametrize(("position", "slot"), [(1, 0), (15, 0), (-1, 0), (0, 4), (0, -1)])
def test_clicks_that_cannot_be_answers_are_refused(fine_tuning, position, slot):
    with pytest.raises(ChoiceError):
        Attempt(fine_tuning, 3).judge(position, slot)


def test_summary_lists_the_missed_in_the_order_asked_numbered_as_the_student_was_asked(fine_tuning):
    attempt = Attempt(fine_tuning, 11)
    wrong_positions = {2, 5, 9}
    for position in range(15):
        slot = wrong_slot(attempt, position) if position in wrong_positions else right_slot(attempt, position)
        attempt = attempt.with_choice(attempt.judge(position, slot))
    assert attempt.finished
    assert attempt.current() is None
    summary = attempt.summary()
    assert (summary.score, summary.total) == (12, 15)
    asked = [attempt.order[p] for p in sorted(wrong_positions)]
    assert [m.number for m in summary.missed] == [p + 1 for p in sorted(wrong_positions)]
    assert [m.lesson_number for m in summary.missed] == [index + 1 for index in asked]
    for missed in summary.missed:
        question = next(q for q in fine_tuning.questions if q.prompt == missed.prompt)
        assert missed.answer == question.answer
        assert missed.chosen != question.answer


def test_attempt_rebuilt_from_stored_answers_continues_where_it_was(fine_tuning):
    attempt = Attempt(fine_tuning, 5)
    for position in range(4):
        attempt = attempt.with_choice(attempt.judge(position, 0))
    rebuilt = Attempt(fine_tuning, 5, dict(attempt.answers))
    assert rebuilt.current() == attempt.current()
    assert rebuilt.current().number == 5


def test_a_shuffle_is_computed_once_per_lesson_content_and_seed(fine_tuning):
    first = Shuffle.of(fine_tuning, 11)
    assert Shuffle.of(fine_tuning, 11) is first
    assert first == Shuffle.compute(fine_tuning, 11)
    # Another version of the lesson, even with the same id, has its own shuffle.
    fewer = replace(fine_tuning, questions=fine_tuning.questions[:3])
    assert sorted(Shuffle.of(fewer, 11).questions) == [0, 1, 2]


def test_the_shuffle_cache_keeps_only_the_most_recently_used(fine_tuning):
    cache = ShuffleCache(2)
    one, two = cache.get(fine_tuning, 1), cache.get(fine_tuning, 2)
    assert cache.get(fine_tuning, 1) is one  # now the most recent
    cache.get(fine_tuning, 3)
    assert len(cache) == 2
    assert cache.get(fine_tuning, 1) is one
    assert cache.get(fine_tuning, 2) is not two  # it was the least recent, so it was dropped
    assert cache.get(fine_tuning, 2) == two


def test_option_orders_are_shared_between_shuffles(fine_tuning):
    # Kept alive: the id of an object already freed may be reused, which would make any orders look shared.
    shuffles = [Shuffle.compute(fine_tuning, seed) for seed in range(200)]
    orders = {id(order) for shuffle in shuffles for order in shuffle.options}
    assert len(orders) <= 24 + 6 + 2 + 120  # the distinct orders of 2 to 5 options


def test_choice_at_means_what_judge_says_whatever_was_answered(fine_tuning):
    attempt = Attempt(fine_tuning, 5)
    for slot in range(len(attempt.option_order(attempt.order[0]))):
        assert attempt.choice_at(0, slot) == attempt.judge(0, slot)
    after = attempt.with_choice(attempt.judge(0, 1))
    assert after.choice_at(0, 1) == attempt.judge(0, 1)  # answered already: still what it means
    assert after.choice_at(3, 0) == Attempt(fine_tuning, 5).choice_at(3, 0)  # not asked yet
    with pytest.raises(ChoiceError):
        attempt.choice_at(15, 0)
    with pytest.raises(ChoiceError):
        attempt.choice_at(0, 7)
    with pytest.raises(ChoiceError):
        attempt.choice_at(-1, 0)
