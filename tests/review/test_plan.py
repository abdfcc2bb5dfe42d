"""Today's items for one student, the class's review days and time, progress, and the held-back tenth."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.review import plan
from bot.review.plan import Arm, Item
from bot.review.scheduler import Memory

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 3, 4)  # a Wednesday
RULES = plan.settings(LONDON)


def memory(due: date, *, right: bool = True, stability: float = 2.0, longest: int = 0) -> Memory:
    return Memory(
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=datetime(2026, 3, 2, 10, tzinfo=UTC),
        reps=1,
        lapses=0,
        last_correct=right,
        longest_recall=longest,
    )


def item(
    key: str, due: date = TODAY, *, arm: Arm = Arm.NONE, right: bool = True, stability: float = 2.0
) -> Item:
    return Item(key, memory(due, right=right, stability=stability), arm)


def keys(items: list[Item]) -> list[str]:
    return [i.key for i in items]


class TestTodaysItems:
    def test_at_most_the_daily_cap(self):
        items = [item(f"q{n}") for n in range(8)]
        assert len(plan.todays_items(items, TODAY, RULES)) == 5
        assert len(plan.todays_items(items, TODAY, plan.settings(LONDON, cap=3))) == 3

    def test_what_was_answered_today_counts_against_the_cap(self):
        items = [item(f"q{n}") for n in range(8)]
        assert len(plan.todays_items(items, TODAY, RULES, answered_today=3)) == 2
        assert plan.todays_items(items, TODAY, RULES, answered_today=5) == []
        assert plan.todays_items(items, TODAY, RULES, answered_today=7) == []

    def test_only_due_items_missed_first_then_longest_overdue_then_least_stable(self):
        items = [
            item("later", TODAY + timedelta(days=1), right=False),
            item("right-old", TODAY - timedelta(days=3)),
            item("right-today", TODAY),
            item("missed-today", TODAY, right=False),
            item("missed-old", TODAY - timedelta(days=2), right=False),
            item("right-today-shaky", TODAY, stability=0.5),
        ]
        assert keys(plan.todays_items(items, TODAY, RULES)) == [
            "missed-old",
            "missed-today",
            "right-old",
            "right-today-shaky",
            "right-today",
        ]

    def test_nothing_due_is_an_empty_plan(self):
        assert plan.todays_items([item("q1", TODAY + timedelta(days=2))], TODAY, RULES) == []

    def test_held_back_items_wait_for_the_check_day_then_come_first_with_their_controls(self):
        check_on = TODAY + timedelta(days=10)
        items = [
            item("held", TODAY - timedelta(days=5), right=False, arm=Arm.HELD_BACK),
            item("control", TODAY + timedelta(days=20), arm=Arm.CONTROL),
            item("plain", TODAY, right=False),
        ]
        assert keys(plan.todays_items(items, TODAY, RULES, check_on=check_on)) == ["plain"]
        assert keys(plan.todays_items(items, TODAY, RULES)) == ["plain"]  # no check day: never asked
        on_check = plan.todays_items(items, check_on, RULES, check_on=check_on)
        assert keys(on_check) == ["held", "control", "plain"]
        assert all(plan.waits_for_check(i, check_on, check_on) for i in on_check[:2])
        assert not plan.waits_for_check(on_check[2], check_on, check_on)
        # Once checked, a held-back item is reviewed like any other; a checked control is not re-asked.
        checked = [replace(i, checked=True) for i in items[:2]] + items[2:]
        assert keys(plan.todays_items(checked, check_on + timedelta(days=1), RULES, check_on=check_on)) == [
            "held",
            "plain",
        ]

    def test_the_check_stays_within_the_cap(self):
        check_on = TODAY
        items = [item(f"held{n}", arm=Arm.HELD_BACK) for n in range(3)] + [
            item(f"control{n}", arm=Arm.CONTROL) for n in range(3)
        ]
        assert keys(plan.todays_items(items, TODAY, RULES, check_on=check_on)) == [
            "held0",
            "held1",
            "held2",
            "control0",
            "control1",
        ]


class TestArm:
    def test_only_missed_items_are_in_the_comparison(self):
        assert {plan.arm("s", user, f"q{n}", missed=False) for user in range(50) for n in range(20)} == {
            Arm.NONE
        }

    def test_about_a_tenth_each_held_back_and_control_and_stable(self):
        arms = [
            plan.arm("class-1", user, f"lesson/q{n}", missed=True) for user in range(500) for n in range(20)
        ]
        held, control = arms.count(Arm.HELD_BACK) / len(arms), arms.count(Arm.CONTROL) / len(arms)
        assert 0.08 < held < 0.12
        assert 0.08 < control < 0.12
        again = [
            plan.arm("class-1", user, f"lesson/q{n}", missed=True) for user in range(500) for n in range(20)
        ]
        assert again == arms

    def test_another_seed_draws_another_tenth(self):
        one = [plan.arm("a", 7, f"q{n}", missed=True) for n in range(200)]
        other = [plan.arm("b", 7, f"q{n}", missed=True) for n in range(200)]
        assert one != other


class TestDays:
    def test_school_days_are_monday_to_friday(self):
        week = [date(2026, 3, 2) + timedelta(days=n) for n in range(7)]
        assert [plan.is_review_day(day, RULES) for day in week] == [True] * 5 + [False] * 2

    def test_the_next_run_is_the_daily_time_on_the_next_review_day(self):
        wednesday_8am = datetime(2026, 3, 4, 8, 0, tzinfo=LONDON)
        assert plan.next_run(wednesday_8am, RULES) == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
        assert plan.next_run(datetime(2026, 3, 4, 9, 0, tzinfo=LONDON), RULES) == datetime(
            2026, 3, 5, 9, 0, tzinfo=UTC
        )
        friday_noon = datetime(2026, 3, 6, 12, 0, tzinfo=LONDON)
        assert plan.next_run(friday_noon, RULES) == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)

    def test_the_daily_time_holds_across_a_summer_time_change(self):
        # London moves to BST on Sunday 29 March 2026: 09:00 on Friday is 09:00 UTC, on Monday 08:00 UTC.
        friday = plan.next_run(datetime(2026, 3, 27, 8, 0, tzinfo=UTC), RULES)
        monday = plan.next_run(friday, RULES)
        assert (friday, monday) == (
            datetime(2026, 3, 27, 9, 0, tzinfo=UTC),
            datetime(2026, 3, 30, 8, 0, tzinfo=UTC),
        )
        assert monday - friday == timedelta(days=3, hours=-1)
        # New York moves on 8 March 2026, and back on 1 November.
        new_york = plan.settings("America/New_York", at=time(15, 30))
        assert plan.next_run(datetime(2026, 3, 6, 21, 0, tzinfo=UTC), new_york) == datetime(
            2026, 3, 9, 19, 30, tzinfo=UTC
        )
        assert plan.next_run(datetime(2026, 10, 30, 20, 0, tzinfo=UTC), new_york) == datetime(
            2026, 11, 2, 20, 30, tzinfo=UTC
        )

    def test_a_daily_time_the_change_skips_lands_just_after_it(self):
        every_day = plan.settings(LONDON, at=time(1, 30), days=range(7))
        assert plan.next_run(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), every_day) == datetime(
            2026, 3, 29, 1, 30, tzinfo=UTC
        )

    def test_days_are_the_servers_days(self):
        # 23:30 UTC on a Friday is already Saturday in Tokyo: no run on the Saturday there.
        tokyo = plan.settings("Asia/Tokyo")
        assert plan.next_run(datetime(2026, 3, 6, 23, 30, tzinfo=UTC), tokyo) == datetime(
            2026, 3, 9, 0, 0, tzinfo=UTC
        )

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"cap": 0}, "cap"),
            ({"days": ()}, "days"),
            ({"days": (7,)}, "days"),
            ({"at": time(9, tzinfo=UTC)}, "wall-clock"),
        ],
    )
    def test_bad_settings_are_refused(self, options, message):
        with pytest.raises(ValueError, match=message):
            plan.settings(LONDON, **options)


class TestProgress:
    def test_mastered_means_recalled_after_a_week_or_more(self):
        assert not plan.mastered(memory(TODAY, longest=6))
        assert plan.mastered(memory(TODAY, longest=7))
        assert plan.mastered_count([memory(TODAY, longest=n) for n in (0, 3, 7, 12, 30)]) == 3

    def test_days_practised_are_distinct_days_in_the_servers_zone(self):
        moments = [
            datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            datetime(2026, 3, 2, 15, 0, tzinfo=UTC),
            datetime(2026, 3, 2, 23, 30, tzinfo=UTC),
            datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
        ]
        assert plan.days_practised(moments, LONDON) == 2
        assert plan.days_practised(moments, ZoneInfo("Asia/Tokyo")) == 3
        assert plan.days_practised([], LONDON) == 0
