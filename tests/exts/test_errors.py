"""Interaction ages, measured on the bot's own clock from arrival; and what each kind of error becomes."""

import logging
from types import SimpleNamespace

import discord
import pytest
from discord import app_commands

from bot.errors import UserError
from bot.exts import errors
from bot.exts.errors import OUTCOMES, THEIR_OWN, Arrivals, Expired, outcome_label, outcome_of
from bot.i18n import ENGLISH
from bot.storage.faults import StorageBusyError, StorageError


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


def _http_error(kind: type[discord.HTTPException], status: int, code: int) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="", headers={})
    return kind(response, {"code": code, "message": ""})


# Every kind of error handle_error told apart when it was a chain of branches, and what each became:
# (what the user sees, the log level, whether the traceback is kept).
BEFORE: list[tuple[BaseException, str | None, int | None, bool]] = [
    (UserError("no"), THEIR_OWN, None, False),
    (app_commands.CheckFailure("no"), THEIR_OWN, None, False),
    (app_commands.MissingPermissions(["manage_guild"]), THEIR_OWN, None, False),
    (Expired(3.2), None, logging.INFO, False),
    (_http_error(discord.NotFound, 404, 10062), None, logging.INFO, False),
    (StorageBusyError("busy", "SQLITE_BUSY"), "errors.busy_{kind}", logging.WARNING, False),
    (StorageError("full", "SQLITE_FULL"), "errors.sorry", logging.WARNING, False),
    (_http_error(discord.DiscordServerError, 503, 0), "errors.sorry", logging.WARNING, False),
    (discord.RateLimited(12.5), "errors.sorry", logging.WARNING, False),
    (_http_error(discord.NotFound, 404, 10008), "errors.sorry", logging.ERROR, True),
    (_http_error(discord.Forbidden, 403, 50013), "errors.sorry", logging.ERROR, True),
    (RuntimeError("bug"), "errors.sorry", logging.ERROR, True),
    (KeyError("bug"), "errors.sorry", logging.ERROR, True),
]


@pytest.mark.parametrize(("error", "shown", "level", "kept"), BEFORE, ids=lambda v: type(v).__name__)
def test_the_table_covers_every_error_the_handler_told_apart(
    error: BaseException, shown: str | None, level: int | None, kept: bool
):
    outcome = outcome_of(error)
    assert (outcome.shown, outcome.level, outcome.traceback) == (shown, level, kept)


def test_every_shown_key_is_in_the_catalogue():
    for outcome in OUTCOMES.values():
        if outcome.shown not in (None, THEIR_OWN):
            for kind in ("click", "command"):
                assert ENGLISH(outcome.shown.format(kind=kind), code="ABC123")


def test_the_log_lines_read_as_before(caplog):
    what = "'tutor:answer:1:2:3' from user 7 in guild 9"
    with caplog.at_level(logging.INFO, logger="bot"):
        for error in (
            StorageError("the disk is full", "SQLITE_FULL"),
            StorageBusyError("busy", "SQLITE_BUSY"),
            discord.RateLimited(12.5),
            _http_error(discord.NotFound, 404, 10062),
        ):
            errors._log(outcome_of(error), error, "ABC123", what)
    assert [(r.levelno, r.getMessage(), r.fault) for r in caplog.records] == [
        (
            logging.WARNING,
            f"Error ABC123: database fault (SQLITE_FULL) while handling {what}: the disk is full",
            "database:SQLITE_FULL",
        ),
        (
            logging.WARNING,
            f"Error ABC123: database busy (SQLITE_BUSY) while handling {what}",
            "database:SQLITE_BUSY",
        ),
        (
            logging.WARNING,
            f"Error ABC123: Discord failed (429, retry after 12.5 s) while handling {what}",
            "discord:429, retry after 12.5 s",
        ),
        (logging.INFO, f"No reply to {what}: 404 10062; anything it saved stays saved", "expired"),
    ]


def test_an_unexpected_error_keeps_its_traceback_and_where_it_was_raised(caplog):
    def fail() -> None:
        raise RuntimeError("bug")

    try:
        fail()
    except RuntimeError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="bot"):
        errors._log(outcome_of(error), error, "ABC123", "'x' from user 7 in guild 9")
    (record,) = caplog.records
    assert record.getMessage() == "Error ABC123 while handling 'x' from user 7 in guild 9"
    assert record.exc_info is not None
    assert record.exc_info[1] is error
    assert record.fault.startswith("RuntimeError@")
    assert record.fault.endswith("test_errors.py:" + str(fail.__code__.co_firstlineno + 1))


# What the host's metrics call each of BEFORE's errors, in its order.
COUNTED_AS = ["refused"] * 3 + ["expired"] * 2 + ["busy"] + ["error"] * 7


@pytest.mark.parametrize(("error", "label"), list(zip([b[0] for b in BEFORE], COUNTED_AS, strict=True)))
def test_each_failed_click_is_counted_under_the_outcome_the_host_reads(error: BaseException, label: str):
    assert outcome_label(error) == label
