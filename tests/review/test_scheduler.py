"""The FSRS scheduler behind bot.review: days, not minutes; calendar days in the server's zone; exams."""

from dataclasses import FrozenInstanceError, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.review.scheduler import Scheduler

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def on(day: date, hour: int = 10, zone: ZoneInfo = LONDON) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def test_a_missed_question_is_due_the_next_day():
    memory = Scheduler(LONDON).first(False, MONDAY)
    assert memory.due == date(2026, 3, 3)
    assert (memory.reps, memory.lapses, memory.last_correct) == (1, 0, False)
    assert memory.last_review == MONDAY.astimezone(UTC)


def test_a_right_question_comes_back_in_about_two_days_then_longer():
    scheduler = Scheduler(LONDON)
    memory = scheduler.first(True, MONDAY)
    assert memory.due == date(2026, 3, 4)
    memory = scheduler.review(memory, True, on(memory.due))
    gap = (memory.due - date(2026, 3, 4)).days
    assert gap >= 7
    memory = scheduler.review(memory, True, on(memory.due))
    assert (memory.due - memory.last_review.date()).days > gap
    assert memory.longest_recall == gap


def test_a_question_forgotten_at_review_is_due_the_next_day_again():
    scheduler = Scheduler(LONDON)
    memory = scheduler.review(scheduler.first(True, MONDAY), False, on(date(2026, 3, 4)))
    assert memory.due == date(2026, 3, 5)
    assert (memory.reps, memory.lapses, memory.longest_recall) == (2, 1, 0)


def test_days_are_the_servers_calendar_days_not_24_hour_spans():
    scheduler = Scheduler(LONDON)
    late = datetime(2026, 3, 2, 22, 0, tzinfo=LONDON)
    memory = scheduler.first(False, late)
    # Ten hours later is the next day in London: a day has passed, and recall has fallen.
    next_morning = late + timedelta(hours=10)
    assert scheduler.recall_probability(memory, next_morning) < 0.8
    # The same evening, it has not.
    assert scheduler.recall_probability(memory, late + timedelta(minutes=30)) == 1.0
    # In Tokyo, 22:00 in London is already the next morning, so the next day is a day later.
    assert Scheduler(ZoneInfo("Asia/Tokyo")).first(False, late).due == date(2026, 3, 4)


def test_a_second_answer_the_same_day_counts_as_no_time_passed():
    scheduler = Scheduler(LONDON)
    missed = scheduler.first(False, MONDAY)
    redeemed = scheduler.review(missed, True, MONDAY + timedelta(minutes=5))
    assert redeemed.due == date(2026, 3, 3)  # still tomorrow: a same-day retry is not spacing
    assert redeemed.longest_recall == 0
    assert redeemed.reps == 2


def test_recall_falls_with_time_and_is_ninety_percent_after_stability_days():
    scheduler = Scheduler(LONDON)
    memory = scheduler.review(scheduler.first(True, MONDAY), True, on(date(2026, 3, 4)))
    days = round(memory.stability)
    chances = [
        scheduler.recall_probability(memory, on(date(2026, 3, 4) + timedelta(days=n))) for n in (1, 5, 30)
    ]
    assert chances == sorted(chances, reverse=True)
    exact = replace(memory, stability=float(days))
    assert scheduler.recall_probability(exact, on(date(2026, 3, 4) + timedelta(days=days))) == pytest.approx(
        0.9
    )


def test_a_summer_time_change_does_not_move_a_due_day():
    # Clocks go forward in London on Sunday 29 March 2026.
    scheduler = Scheduler(LONDON)
    memory = scheduler.first(False, datetime(2026, 3, 28, 23, 30, tzinfo=LONDON))
    assert memory.due == date(2026, 3, 29)
    memory = scheduler.review(memory, False, datetime(2026, 3, 29, 23, 30, tzinfo=LONDON))
    assert memory.due == date(2026, 3, 30)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        Scheduler().first(True, datetime(2026, 3, 2, 10, 0))


def test_fitted_parameters_change_the_schedule_and_bad_ones_are_refused():
    default = Scheduler(LONDON)
    fitted = list(default.parameters)
    fitted[2] = 10.0  # first stability after a right answer, in days
    assert Scheduler(LONDON, parameters=fitted).first(True, MONDAY).due == date(2026, 3, 12)
    with pytest.raises(ValueError, match="parameters"):
        Scheduler(LONDON, parameters=[1.0, 2.0])


def test_memory_is_a_frozen_record_of_plain_values():
    memory = Scheduler().first(True, MONDAY)
    with pytest.raises(FrozenInstanceError):
        memory.reps = 3  # type: ignore[misc]
    assert isinstance(memory.due, date)
    assert memory.last_review.tzinfo is UTC


class TestExamDate:
    # Exam on Monday 16 March: its eve is Sunday 15, so the last school day before it is Friday 13.
    EXAM = date(2026, 3, 16)

    def scheduler(self, **options: object) -> Scheduler:
        return Scheduler(LONDON, exam_date=self.EXAM, review_days=range(5), **options)  # type: ignore[arg-type]

    def test_an_item_due_after_the_exam_is_pulled_to_the_last_review_day_before_it(self):
        scheduler = self.scheduler()
        unpulled = Scheduler(LONDON).review(Scheduler(LONDON).first(True, MONDAY), True, on(date(2026, 3, 4)))
        assert unpulled.due == date(2026, 3, 15)  # a Sunday: it would next be seen on the exam day
        memory = scheduler.review(scheduler.first(True, MONDAY), True, on(date(2026, 3, 4)))
        assert memory.due == date(2026, 3, 13)

    def test_every_day_review_pulls_to_the_eve(self):
        scheduler = Scheduler(LONDON, exam_date=date(2026, 3, 12))
        memory = scheduler.review(scheduler.first(True, MONDAY), True, on(date(2026, 3, 4)))
        assert memory.due == date(2026, 3, 11)

    def test_an_item_due_before_the_exam_keeps_its_day(self):
        assert self.scheduler().first(False, MONDAY).due == date(2026, 3, 3)

    def test_an_item_seen_on_the_last_day_before_the_exam_is_not_pulled_to_the_past(self):
        scheduler = self.scheduler()
        memory = scheduler.first(True, on(date(2026, 3, 13)))
        assert memory.due == date(2026, 3, 15)  # two days, as without an exam: nothing fresher to give

    def test_an_exam_set_later_pulls_items_already_scheduled_to_its_eve(self):
        memory = Scheduler(LONDON).review(Scheduler(LONDON).first(True, MONDAY), True, on(date(2026, 3, 4)))
        assert memory.due > date(2026, 3, 13)
        assert self.scheduler().pulled_to(on(date(2026, 3, 5))) == date(2026, 3, 13)
        assert self.scheduler().pulled_to(on(date(2026, 3, 13))) is None  # the eve is today: nothing to pull

    def test_an_exam_needs_a_review_day(self):
        with pytest.raises(ValueError, match="review day"):
            Scheduler(exam_date=self.EXAM, review_days=())
