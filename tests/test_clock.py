"""The bot's clock: the machine's, following the database's when told how far apart they are."""

from datetime import UTC, datetime, timedelta

from bot.clock import SystemClock


def test_a_machine_clock_follows_the_databases():
    clock = SystemClock()
    sent = datetime.now(UTC)
    skew = clock.align(sent + timedelta(seconds=90), sent, sent + timedelta(milliseconds=2))
    assert timedelta(seconds=89.9) < skew < timedelta(seconds=90)
    assert timedelta(seconds=89) < clock.now() - datetime.now(UTC) < timedelta(seconds=91)
