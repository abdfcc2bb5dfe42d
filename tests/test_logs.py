"""The log handler hides tokens, keeps expected faults to one line, and summarises their repeats."""

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logs import REDACTED, Redact, Repeats, close_logging, fault_of, setup_logging

BOT_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789"
INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OnNlY3JldA"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def record(
    msg: str, *args: object, level: int = logging.WARNING, name: str = "bot.x", fault: str | None = None
) -> logging.LogRecord:
    made = logging.LogRecord(name, level, __file__, 1, msg, args or None, None)
    if fault is not None:
        made.fault = fault
    return made


@pytest.fixture(autouse=True)
def root_level() -> Iterator[None]:
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = setup_logging("DEBUG", secrets=[BOT_TOKEN], stream=stream)
    yield stream
    close_logging(handler)


@pytest.mark.parametrize(
    "line",
    [
        # discord.py's webhook and HTTP debug lines, and its dump of a gateway event.
        f"Webhook ID 1 with POST https://discord.com/api/v10/interactions/123/{INTERACTION_TOKEN}/callback",
        f"PATCH https://discord.com/api/v10/webhooks/456/{INTERACTION_TOKEN}/messages/@original returned",
        f"WebSocket Event: {{'t': 'INTERACTION_CREATE', 'd': {{'id': '1', 'token': '{INTERACTION_TOKEN}'}}}}",
        f'{{"op": 2, "d": {{"token": "{INTERACTION_TOKEN}"}}}}',
        f"Authorization: Bot {INTERACTION_TOKEN}",
    ],
)
def test_interaction_tokens_are_redacted_wherever_discord_py_puts_them(line: str):
    clean = Redact().redact(line)
    assert INTERACTION_TOKEN not in clean
    assert REDACTED in clean


def test_the_bot_token_is_redacted_by_value_and_by_shape():
    assert Redact(["fake-token.abc"]).redact("sent fake-token.abc") == f"sent {REDACTED}"
    assert BOT_TOKEN not in Redact().redact(f"token {BOT_TOKEN} leaked")


def fail_with(message: str) -> None:
    raise ValueError(message)


def test_messages_arguments_and_tracebacks_pass_through_redaction(captured: io.StringIO):
    log = logging.getLogger("discord.test")
    log.debug("Event: %s", {"token": INTERACTION_TOKEN})
    try:
        fail_with(f"url /webhooks/1/{INTERACTION_TOKEN} and {BOT_TOKEN}")
    except ValueError:
        log.exception("failed")
    output = captured.getvalue()
    assert "Event: {'token': '[redacted]'}" in output
    assert "ValueError: url /webhooks/1/[redacted]" in output
    assert INTERACTION_TOKEN not in output
    assert BOT_TOKEN not in output


def test_a_log_call_with_wrong_arguments_neither_raises_nor_leaks(captured: io.StringIO):
    logging.getLogger("bot.test").warning("two %s %s", BOT_TOKEN)  # noqa: PLE1206 - the point of the test
    assert "log arguments did not fit" in captured.getvalue()
    assert BOT_TOKEN not in captured.getvalue()


def test_repeats_of_a_fault_are_held_back_then_counted_once_a_minute():
    clock = Clock()
    repeats = Repeats(interval=60, clock=clock)
    assert repeats.filter(record("Error %s: database busy", "A", fault="database:SQLITE_BUSY"))
    held = [record("Error %s: database busy", str(n), fault="database:SQLITE_BUSY") for n in range(500)]
    for n, each in enumerate(held):
        clock.now += 0.1
        assert not repeats.filter(each), n
    # A different fault is its own kind, and a record with no fault is never held back.
    assert repeats.filter(record("Error: disk full", fault="database:SQLITE_FULL"))
    assert repeats.filter(record("Lesson left out: %s", "a.toml"))
    assert repeats.filter(record("Lesson left out: %s", "b.toml"))

    clock.now += 11
    after = record("Error %s: database busy", "B", fault="database:SQLITE_BUSY")
    assert repeats.filter(after)
    assert after.getMessage() == "Error B: database busy (500 more like this in the last 61 s not shown)"
    assert not repeats.filter(record("Error C: database busy", fault="database:SQLITE_BUSY"))
    assert repeats.pending() == ["database:SQLITE_BUSY: 1 more like this in the last 0 s not shown"]
    assert repeats.pending() == []


def test_discord_py_warnings_repeat_by_their_template():
    rate_limited = record(
        "Webhook ID %s is rate limited. Retrying in %.2f seconds.", 1, 0.3, name="discord.x"
    )
    assert fault_of(rate_limited) == "discord.x:Webhook ID %s is rate limited. Retrying in %.2f seconds."
    assert fault_of(record("Shard connected", level=logging.INFO, name="discord.x")) is None
    assert fault_of(record("Serving 1 lesson(s)", level=logging.INFO)) is None


def test_held_back_repeats_are_reported_when_logging_closes():
    stream = io.StringIO()
    handler = setup_logging("INFO", stream=stream)
    log = logging.getLogger("bot.test")
    for _ in range(3):
        log.warning("Error: database busy", extra={"fault": "database:SQLITE_BUSY"})
    close_logging(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("bot.test: Error: database busy")
    assert "database:SQLITE_BUSY: 2 more like this" in lines[1]
    assert handler not in logging.getLogger().handlers


def test_counted_repeats_list_the_codes_users_were_shown():
    clock = Clock()
    repeats = Repeats(interval=60, clock=clock)
    first = record("Error %s: Discord failed", "AAAAAA", fault="discord:503")
    first.code = "AAAAAA"
    assert repeats.filter(first)
    for code in ("BBBBBB", "CCCCCC"):
        held = record("Error %s: Discord failed", code, fault="discord:503")
        held.code = code
        assert not repeats.filter(held)
    assert not repeats.filter(record("Error: Discord failed", fault="discord:503"))  # no code shown
    assert repeats.pending() == [
        "discord:503: 3 more like this in the last 0 s not shown; their codes: BBBBBB, CCCCCC"
    ]


def test_matplotlib_and_pil_stay_at_warning_at_debug(captured: io.StringIO):
    for name in ("matplotlib.font_manager", "PIL.PngImagePlugin"):
        logging.getLogger(name).debug("findfont: scoring DejaVu Sans")
        logging.getLogger(name).warning("a real problem in %s", name)
    logging.getLogger("bot.x").debug("the bot's own debug line")
    lines = captured.getvalue().splitlines()
    assert [line.split("] ", 2)[2] for line in lines] == [
        "matplotlib.font_manager: a real problem in matplotlib.font_manager",
        "PIL.PngImagePlugin: a real problem in PIL.PngImagePlugin",
        "bot.x: the bot's own debug line",
    ]
