"""Item analysis against examples worked out by hand (the arithmetic is in each test)."""

import math

import pytest

from bot.report.items import corrected_point_biserial, question_stats
from bot.report.model import AnswerData, AttemptData, QuestionInfo
from tests.report.sample import at

QUESTION = QuestionInfo("q", 1, "The question under study", ("right", "w1", "w2"), "right")


def scored(user: int, item: int, rest: int, wrong: str = "w1") -> AttemptData:
    """A finished 5-question attempt: `item` on the question under study, `rest` right of the other 4."""
    answers = [AnswerData("q", "right" if item else wrong, bool(item), at(1))]
    answers += [AnswerData(f"r{n}", "x", n < rest, at(2 + n)) for n in range(4)]
    return AttemptData(user, 1, at(0), at(9), 5, tuple(answers))


def stats(items: list[int], rests: list[int]):
    (result,) = question_stats(
        [QUESTION], [scored(u, i, r) for u, (i, r) in enumerate(zip(items, rests, strict=True))]
    )
    return result


def test_a_question_the_strong_students_get_right():
    # item  x = 1 1 1 0 0   mean 0.6   dx = .4 .4 .4 -.6 -.6
    # rest  y = 3 2 2 1 2   mean 2     dy =  1  0  0  -1   0
    # Σdx·dy = .4 + .6 = 1.0;  Σdx² = 3(.16) + 2(.36) = 1.2;  Σdy² = 1 + 1 = 2
    # r = 1.0 / √(1.2 * 2) = 1 / √2.4 = 0.6455
    q = stats([1, 1, 1, 0, 0], [3, 2, 2, 1, 2])
    assert q.discrimination == pytest.approx(1 / math.sqrt(2.4))
    assert round(q.discrimination, 4) == 0.6455
    # Not the uncorrected figure, against the whole score 4 3 3 1 2 (mean 2.6):
    # dy = 1.4 .4 .4 -1.6 -.6; Σdx·dy = 2.2; Σdy² = 5.2; r = 2.2 / √(1.2 * 5.2) = 0.8807
    assert q.discrimination != pytest.approx(2.2 / math.sqrt(1.2 * 5.2))
    assert not q.flagged
    # 3 of 5 right; both wrong answers chose w1.
    assert (q.answered, q.right, q.facility) == (5, 3, 0.6)
    assert [(o.text, o.count, o.share, o.right) for o in q.options] == [
        ("right", 3, 0.6, True),
        ("w1", 2, 0.4, False),
        ("w2", 0, 0.0, False),
    ]
    assert (q.most_chosen_wrong.text, q.most_chosen_wrong.share) == ("w1", 0.4)


def test_a_question_the_strong_students_miss_is_flagged():
    # x = 0 0 1 1 1: dx = -.6 -.6 .4 .4 .4; same y. Σdx·dy = -.6 - .4 = -1.0; r = -1 / √2.4 = -0.6455
    q = stats([0, 0, 1, 1, 1], [3, 2, 2, 1, 2])
    assert q.discrimination == pytest.approx(-1 / math.sqrt(2.4))
    assert q.flagged


def test_a_question_that_tells_nothing_apart_is_flagged_though_not_negative():
    # x = 1 1 0 0 1: dx = .4 .4 -.6 -.6 .4;  y = 3 1 2 2 2: dy = 1 -1 0 0 0.  Σdx·dy = .4 - .4 = 0
    q = stats([1, 1, 0, 0, 1], [3, 1, 2, 2, 2])
    assert q.discrimination == pytest.approx(0.0)
    assert q.flagged


def test_the_rest_is_a_share_so_attempts_on_a_longer_version_compare():
    # The same answers, but one attempt was on a 9-question version with 6 of its 8 others right:
    # as shares the rests are .75 .5 .5 .25 .5, exactly a scaling of the first example's 3 2 2 1 2.
    attempts = [scored(u, i, r) for u, (i, r) in enumerate(zip([1, 1, 0, 0], [2, 2, 1, 2], strict=True))]
    longer = (
        AnswerData("q", "right", True, at(1)),
        *(AnswerData(f"s{n}", "x", n < 6, at(2)) for n in range(8)),
    )
    attempts.insert(0, AttemptData(99, 1, at(0), at(9), 9, longer))
    (q,) = question_stats([QUESTION], attempts)
    assert q.discrimination == pytest.approx(1 / math.sqrt(2.4))


@pytest.mark.parametrize(
    ("items", "rests"),
    [
        ([1, 1, 0, 0], [3, 2, 1, 0]),  # only 4 attempts
        ([1, 1, 1, 1, 1], [3, 2, 1, 0, 2]),  # everybody right: no variance in the item
        ([1, 0, 1, 0, 1], [2, 2, 2, 2, 2]),  # the rest never varies
    ],
)
def test_no_discrimination_and_no_flag_without_enough_data(items, rests):
    assert corrected_point_biserial(items, [float(r) for r in rests]) is None
    assert not stats(items, rests).flagged


def test_a_tie_between_wrong_options_names_the_earlier_one_in_the_file():
    attempts = [scored(1, 0, 2, "w2"), scored(2, 0, 2, "w1"), scored(3, 1, 2)]
    (q,) = question_stats([QUESTION], attempts)
    assert q.most_chosen_wrong.text == "w1"
