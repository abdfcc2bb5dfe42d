"""Interaction ages, measured on the bot's own clock from when each interaction arrived."""

import pytest

from bot.exts import errors
from bot.exts.errors import Arrivals


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(errors, "now", clock)
    return clock


def test_an_age_counts_from_arrival_and_a_redelivery_does_not_reset_it(clock: Clock):
    arrivals = Arrivals()
    arrivals.note(1)
    clock.now += 2.5
    arrivals.note(2)
    arrivals.note(1)
    clock.now += 1
    assert arrivals.age(1) == 3.5
    assert arrivals.age(2) == 1
    assert arrivals.age(3) is None


def test_arrivals_are_forgotten_a_minute_later(clock: Clock):
    arrivals = Arrivals()
    for n in range(1000):
        arrivals.note(n)
        clock.now += 0.1
    assert arrivals.age(0) is None
    assert arrivals.age(399) is None
    assert arrivals.age(401) == pytest.approx(59.9)
    assert arrivals.age(999) == pytest.approx(0.1)
