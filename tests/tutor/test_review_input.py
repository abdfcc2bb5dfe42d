"""What a teacher types for spaced review: read strictly, refused with how to write it."""

from datetime import date, time

import pytest

from bot.errors import UserError
from bot.tutor.review_input import day, time_of_day, weekdays


def test_days_times_and_weekdays_in_english_and_spanish():
    assert day(" 2026-05-20 ") == date(2026, 5, 20)
    assert time_of_day("9:05") == time(9, 5)
    assert time_of_day("17h30") == time(17, 30)
    assert weekdays("mon,tue,wed,thu,fri") == frozenset(range(5))
    assert weekdays("Lu-Vi") == frozenset(range(5))
    assert weekdays("sáb, do") == frozenset({5, 6})
    assert weekdays("fri-mon") == frozenset({4, 5, 6, 0})


@pytest.mark.parametrize(
    ("read", "typed"), [(day, "20/05/2026"), (time_of_day, "25:00"), (weekdays, "someday")]
)
def test_what_cannot_be_read_is_refused_with_an_example(read, typed):
    with pytest.raises(UserError, match="like"):
        read(typed)
