"""Logging for `python -m bot run`: one handler on stderr that hides secrets and summarises repeats.

A record may carry `extra={"fault": key}`: records with the same key are one kind of fault, of
which the first is logged and the rest are counted, then reported once per interval. A record that
also carries `"code"` (the error code a user was shown) has that code listed in the count, so that
every code a user reads can be found in the log.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

REDACTED = "[redacted]"
FORMAT = "[{asctime}] [{levelname:<8}] {name}: {message}"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

# An interaction token lets anyone reply as the bot for 15 minutes. discord.py puts it in REST
# URLs and, at DEBUG, in its dump of every gateway event.
_SECRET_SHAPES = (
    re.compile(r"(/interactions/[^/\s]+/)[^/\s'\"?]+"),
    re.compile(r"(/webhooks/[^/\s]+/)[^/\s'\"?]+"),
    re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+"""),
    re.compile(r"(Bot\s+)[\w.-]{20,}"),
)
# The shape of a Discord bot token, for one that is not the configured token.
_BOT_TOKEN = re.compile(r"\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}")


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # noqa: BLE001 - a filter that raises would break the caller's log call
        return f"{record.msg} (log arguments did not fit the message)"


def fault_of(record: logging.LogRecord) -> str | None:
    """The kind of fault a record reports, if repeats of it should be summarised."""
    fault = getattr(record, "fault", None)
    if isinstance(fault, str):
        return fault
    # discord.py's own warnings (rate limits, a blocked heartbeat) repeat with the same template.
    if record.name.startswith("discord") and record.levelno >= logging.WARNING:
        return f"{record.name}:{record.msg}"
    return None


class Redact(logging.Filter):
    """Replaces the bot token and interaction tokens in a record's message and traceback."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        for shape in _SECRET_SHAPES:
            text = shape.sub(rf"\g<1>{REDACTED}", text)
        return _BOT_TOKEN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.redact(_message(record)), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


@dataclass
class _Window:
    start: float
    held: int = 0
    codes: list[str] = field(default_factory=list)

    def more(self, now: float) -> str:
        span = now - self.start
        shown = f"{span / 60:.0f} min" if span >= 120 else f"{span:.0f} s"
        said = f"{self.held} more like this in the last {shown} not shown"
        return f"{said}; their codes: {', '.join(self.codes)}" if self.codes else said


class Repeats(logging.Filter):
    """Lets the first record of each fault through, then at most one per `interval` seconds.

    The one let through after a quiet spell says how many were held back before it.
    """

    def __init__(self, interval: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.interval = interval
        self._clock = clock
        self._windows: dict[str, _Window] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        fault = fault_of(record)
        if fault is None:
            return True
        now = self._clock()
        window = self._windows.get(fault)
        if window is not None and now - window.start < self.interval:
            window.held += 1
            code = getattr(record, "code", None)
            if isinstance(code, str):
                window.codes.append(code)
            return False
        self._windows[fault] = _Window(now)
        if window is not None and window.held:
            record.msg = f"{_message(record)} ({window.more(now)})"
            record.args = None
        return True

    def pending(self) -> list[str]:
        """One line per fault with records still held back; clears them."""
        now = self._clock()
        lines = [f"{fault}: {window.more(now)}" for fault, window in self._windows.items() if window.held]
        self._windows = {fault: _Window(window.start) for fault, window in self._windows.items()}
        return lines


# Libraries whose DEBUG lines say nothing about the bot: matplotlib's font scan alone was half the
# log. They log their warnings whatever LOG_LEVEL is.
QUIET_LIBRARIES = ("matplotlib", "PIL")


class _OneLine(logging.Filter):
    """asyncpg's pool logs a traceback each time it fails to reconnect while the server is down; the
    bot says that in one line per click already, so the pool's own lines lose their tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
        return True


# Libraries whose expected failures are said in one line, without their traceback.
ONE_LINE_LIBRARIES = ("asyncpg.pool",)


def setup_logging(
    level: str, secrets: Iterable[str | None] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Send every log record at `level` and above to `stream` (stderr), without secrets or floods."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT, style="{"))
    handler.addFilter(Repeats())
    handler.addFilter(Redact(secrets))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    for name in QUIET_LIBRARIES:
        library = logging.getLogger(name)
        library.setLevel(max(logging.WARNING, root.level))
    for name in ONE_LINE_LIBRARIES:
        if not any(isinstance(f, _OneLine) for f in logging.getLogger(name).filters):
            logging.getLogger(name).addFilter(_OneLine())
    return handler


def close_logging(handler: logging.Handler) -> None:
    """Report what is still held back, then detach the handler."""
    log = logging.getLogger(__name__)
    for repeats in [f for f in handler.filters if isinstance(f, Repeats)]:
        for line in repeats.pending():
            log.warning("%s", line)
    logging.getLogger().removeHandler(handler)
    handler.close()
