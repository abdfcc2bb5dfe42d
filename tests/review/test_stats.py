"""The teacher's figures, on small histories made by hand."""

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.review import stats
from bot.review.plan import Arm, Item
from bot.review.scheduler import Scheduler
from bot.review.stats import Answer, Kind

LONDON = ZoneInfo("Europe/London")
DAY_0 = date(2026, 3, 2)


def moment(day: int, hour: int = 10) -> datetime:
    return datetime.combine(DAY_0 + timedelta(days=day), datetime.min.time(), LONDON) + timedelta(hours=hour)


def answer(
    key: str,
    day: int,
    correct: bool,
    kind: Kind = Kind.REVIEW,
    *,
    user: int = 1,
    hour: int = 10,
    predicted: float | None = None,
    arm: Arm = Arm.NONE,
) -> Answer:
    return Answer(user, key, moment(day, hour), correct, kind, predicted, arm)


def missed(key: str, *, user: int = 1, arm: Arm = Arm.NONE) -> Answer:
    return answer(key, 0, False, Kind.QUIZ, user=user, arm=arm)


class TestCoverage:
    def test_asked_again_on_two_different_days_within_14_is_covered(self):
        history = [missed("a"), answer("a", 1, False), answer("a", 3, True)]
        assert stats.coverage(history, DAY_0 + timedelta(days=30), LONDON) == stats.Coverage(1, 1)

    def test_twice_on_one_day_or_once_is_not(self):
        history = [
            missed("twice-same-day"),
            answer("twice-same-day", 2, False, hour=9),
            answer("twice-same-day", 2, True, hour=16),
            missed("once"),
            answer("once", 2, True),
        ]
        assert stats.coverage(history, DAY_0 + timedelta(days=30), LONDON) == stats.Coverage(2, 0)

    def test_only_the_14_days_after_the_miss_count_and_not_the_quiz_day(self):
        history = [
            missed("late"),
            answer("late", 1, True),
            answer("late", 15, True),
            missed("same-day"),
            answer("same-day", 0, True, Kind.REDEMPTION, hour=11),
            answer("same-day", 0, True, hour=18),
            answer("same-day", 14, True),
        ]
        assert stats.coverage(history, DAY_0 + timedelta(days=30), LONDON) == stats.Coverage(2, 0)

    def test_the_day_is_the_servers_day(self):
        # 23:00 and 01:00 London time fall on two days there, and on one morning in Tokyo.
        history = [missed("a"), answer("a", 1, True, hour=23), answer("a", 1, True, hour=25)]
        assert stats.coverage(history, DAY_0 + timedelta(days=30), LONDON).covered == 1
        assert stats.coverage(history, DAY_0 + timedelta(days=30), ZoneInfo("Asia/Tokyo")).covered == 0

    def test_a_young_item_counts_once_covered_or_once_its_window_is_over(self):
        history = [missed("covered"), answer("covered", 1, True), answer("covered", 2, True), missed("open")]
        assert stats.coverage(history, DAY_0 + timedelta(days=5), LONDON) == stats.Coverage(1, 1)
        assert stats.coverage(history, DAY_0 + timedelta(days=15), LONDON) == stats.Coverage(2, 1)

    def test_right_first_held_back_and_later_misses_are_not_counted(self):
        history = [
            answer("right-first", 0, True, Kind.QUIZ),
            answer("right-first", 0, False, Kind.QUIZ, hour=11),  # a retake: not the first meeting
            missed("held", arm=Arm.HELD_BACK),
            missed("other-student", user=2),
            answer("other-student", 1, True, user=2),
            answer("other-student", 2, True, user=2),
        ]
        assert stats.coverage(history, DAY_0 + timedelta(days=30), LONDON) == stats.Coverage(1, 1)

    def test_no_missed_items_is_no_share(self):
        assert math.isnan(stats.coverage([], DAY_0, LONDON).share)


class TestCalibration:
    def test_bins_by_prediction_and_rmse_weighted_by_answers(self):
        history = [
            # 0.8-0.9: predicted 0.85 on average, 3 of 4 right (0.75)
            *(
                answer("a", 1, right, predicted=p)
                for right, p in [(True, 0.8), (True, 0.9 - 1e-9), (True, 0.85), (False, 0.85)]
            ),
            # 0.3-0.4: predicted 0.3, 1 of 2 right (0.5)
            answer("b", 1, True, predicted=0.3),
            answer("b", 2, False, predicted=0.3),
            # a prediction of exactly 1.0 belongs to the top bin
            answer("c", 1, True, predicted=1.0),
            # quiz answers and answers without a prediction are not in the table
            answer("d", 0, False, Kind.QUIZ, predicted=0.5),
            answer("d", 1, True),
        ]
        table = stats.calibration(history)
        assert [(b.low, b.count) for b in table.bins] == [(0.3, 2), (0.8, 4), (0.9, 1)]
        assert table.bins[0].predicted == pytest.approx(0.3)
        assert table.bins[0].observed == 0.5
        assert table.bins[1].predicted == pytest.approx(0.85)
        assert table.bins[1].observed == 0.75
        assert table.count == 7
        assert table.rmse == pytest.approx(math.sqrt((2 * 0.2**2 + 4 * 0.1**2 + 1 * 0.0**2) / 7))

    def test_a_perfectly_calibrated_history_has_no_error(self):
        history = [answer("a", n, n % 10 < 7, predicted=0.7) for n in range(10)]
        assert stats.calibration(history).rmse == pytest.approx(0.0)

    def test_no_reviews_is_no_error_figure(self):
        table = stats.calibration([])
        assert (table.bins, table.count) == ((), 0)
        assert math.isnan(table.rmse)


def test_the_effect_compares_held_back_with_control_on_the_check():
    history = [
        answer("h1", 30, True, Kind.CHECK, arm=Arm.HELD_BACK),
        answer("h2", 30, False, Kind.CHECK, arm=Arm.HELD_BACK),
        answer("c1", 30, True, Kind.CHECK, arm=Arm.CONTROL),
        answer("c1", 5, False, Kind.REVIEW, arm=Arm.CONTROL),  # its reviews before the check do not count
    ]
    effect = stats.effect(history)
    assert (effect.held_back.asked, effect.held_back.share) == (2, 0.5)
    assert (effect.control.asked, effect.control.share) == (1, 1.0)
    assert math.isnan(stats.effect([]).held_back.share)


def test_per_question_share_recalled_at_review():
    history = [
        missed("q1"),
        answer("q1", 1, True),
        answer("q1", 2, False),
        answer("q1", 3, True, user=2),
        answer("q2", 1, True, Kind.CHECK),
        answer("q3", 0, True, Kind.REDEMPTION),
    ]
    rows = stats.questions(history)
    assert [(row.key, row.asked, row.recalled) for row in rows] == [("q1", 3, 2), ("q2", 1, 1)]
    assert rows[0].share == pytest.approx(2 / 3)


def test_per_student_due_overdue_and_done():
    scheduler = Scheduler(LONDON)
    today = DAY_0 + timedelta(days=3)
    right, wrong = scheduler.first(True, moment(0)), scheduler.first(False, moment(0))  # due days 2 and 1
    later = scheduler.first(True, moment(3))  # due day 5
    items = {
        1: [Item("a", right), Item("b", wrong), Item("c", later), Item("held", wrong, Arm.HELD_BACK)],
        2: [Item("a", later)],
    }
    history = [
        answer("a", 1, True),
        answer("b", 2, False, Kind.CHECK),
        missed("c"),
        answer("a", 1, True, user=2),
    ]
    assert stats.students(items, history, today) == [
        stats.StudentRow(1, due=2, overdue=2, done=2),
        stats.StudentRow(2, due=0, overdue=0, done=1),
    ]
