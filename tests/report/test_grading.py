"""Which finished attempt counts, by each grading rule."""

from bot.report.grading import counted_attempt
from bot.report.model import Grading
from tests.report.sample import attempt


def test_nothing_counts_until_an_attempt_is_finished():
    assert counted_attempt([], Grading.BEST) is None
    assert counted_attempt([attempt(1, 1, {"a": "4"}, 0, None)], Grading.BEST) is None


def test_best_last_and_first():
    tries = [
        attempt(1, 2, {"a": "4", "b": "blue", "c": "z"}, 10, 14),  # 3/3, finished second
        attempt(1, 1, {"a": "3", "b": "blue", "c": "z"}, 0, 4),  # 2/3, finished first
        attempt(1, 3, {"a": "3", "b": "red", "c": "z"}, 20, 24),  # 1/3, finished last
        attempt(1, 4, {"a": "4", "b": "blue"}, 30, None),  # unfinished: never counted
    ]
    assert counted_attempt(tries, Grading.BEST).number == 2
    assert counted_attempt(tries, Grading.LAST).number == 3
    assert counted_attempt(tries, Grading.FIRST).number == 1


def test_best_ties_go_to_the_earliest_finished():
    tries = [
        attempt(1, 2, {"a": "4", "b": "red", "c": "z"}, 10, 14),
        attempt(1, 1, {"a": "4", "b": "blue", "c": "y"}, 0, 4),
    ]
    assert counted_attempt(tries, Grading.BEST).number == 1


def test_best_compares_scores_as_shares_of_their_own_version():
    tries = [
        attempt(1, 1, {"a": "4", "b": "blue", "c": "x", "old": "yes"}, 0, 5, total=4),  # 3/4
        attempt(1, 2, {"a": "4", "b": "blue", "c": "z"}, 10, 14),  # 3/3
    ]
    assert counted_attempt(tries, Grading.BEST).number == 2
