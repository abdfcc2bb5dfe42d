"""The one place where a failure becomes a private reply to the person who caused it.

Expected conditions (a busy or failing database, Discord's 3 s deadline, Discord's own errors) are
logged as one line each, with a short code; only the unexpected are logged with a traceback.
"""

from __future__ import annotations

import logging
import secrets
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.errors import UserError
from bot.exts.context import reader_of
from bot.i18n import Language, Text
from bot.internals import interaction_of, replace_response
from bot.metrics import CLICK_SECONDS, CLICKS, shard_of
from bot.storage.faults import StorageBusyError, StorageError

log = logging.getLogger(__name__)

# Discord shows "This interaction failed" unless the first response arrives within this long.
DEADLINE = 3.0
# How long an arrival is remembered: far past the deadline. Should a reply be ready even later,
# Discord's own 404 10062 says it came too late, and handle_error logs that the same way.
_REMEMBERED = 60.0
_EXPIRED = 10062  # Discord's error code for an interaction whose 3 s (or 15 min) are up


def now() -> float:
    """The clock that interaction ages are measured on (tests move it forward instead of waiting)."""
    return time.monotonic()


class Arrivals:
    """When each interaction reached the bot, by the bot's own clock.

    Discord's 3 s start a little earlier, so an age measured here is never more than the real one,
    and a host whose clock is wrong cannot make the bot skip replies that would have arrived.
    """

    def __init__(self) -> None:
        self._seen: OrderedDict[int, float] = OrderedDict()  # oldest first

    def note(self, interaction_id: int) -> None:
        if interaction_id in self._seen:  # delivered again after a resume: it is no younger
            return
        arrived = self._seen[interaction_id] = now()
        while arrived - next(iter(self._seen.values())) >= _REMEMBERED:
            self._seen.popitem(last=False)

    def age(self, interaction_id: int) -> float | None:
        arrived = self._seen.get(interaction_id)
        return None if arrived is None else now() - arrived


class Expired(Exception):  # noqa: N818 - named for what happened, like discord.NotFound
    """The interaction is past Discord's deadline: a first response could no longer arrive."""

    def __init__(self, age: float) -> None:
        super().__init__(f"{age:.1f} s old, past Discord's {DEADLINE:g} s")
        self.age = age


def age_of(interaction: discord.Interaction) -> float | None:
    arrivals = getattr(interaction.client, "arrivals", None)
    return arrivals.age(interaction.id) if isinstance(arrivals, Arrivals) else None


def refuse_if_late(interaction: discord.Interaction) -> None:
    """Raise Expired if the interaction's first response can no longer arrive in time."""
    age = age_of(interaction)
    if age is not None and age >= DEADLINE:
        raise Expired(age)


class _OnTime(discord.InteractionResponse[discord.Client]):
    """Interaction.response, skipping a first response that would come after the deadline."""

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_late(interaction_of(self))
        return await super().send_message(*args, **kwargs)

    async def edit_message(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_late(interaction_of(self))
        return await super().edit_message(*args, **kwargs)

    async def defer(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_late(interaction_of(self))
        return await super().defer(*args, **kwargs)


def respond_on_time(interaction: discord.Interaction) -> None:
    """Make the interaction's first response raise Expired instead of being sent too late."""
    if not interaction.response.is_done():
        replace_response(interaction, _OnTime(interaction))


async def reply_private(interaction: discord.Interaction, message: str | Text) -> None:
    """`message` to the person alone; a Text is said in their language."""
    if isinstance(message, Text):
        message = reader_of(interaction).render(message)
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)


def _new_code() -> str:
    return secrets.token_hex(3).upper()


@dataclass(frozen=True)
class Outcome:
    """What one kind of error becomes: what the user sees, and what the log keeps.

    `shown` is a catalogue key (formatted with `kind`: "click" or "command"; the message gets the
    error's `code`), THEIR_OWN for the error's own words, or None for no reply at all. `logged` and
    `fault` (the key that bot/logs.py summarises repeats by) are formatted with `code`, `what` (the
    interaction), `detail` (a short code: the database's, or Discord's status and code), `error` and
    `where` (the line an unexpected error was raised on). `level` None: nothing is logged.
    """

    shown: str | None
    level: int | None = None
    logged: str = ""
    fault: str = ""
    traceback: bool = False


THEIR_OWN = "<the error's own words>"
_SORRY = "errors.sorry"  # the reply that gives the user a code to quote

_DISCORD_FAILED = Outcome(
    # discord.py already retried; Discord is having a bad moment, not the bot.
    _SORRY,
    logging.WARNING,
    "Error {code}: Discord failed ({detail}) while handling {what}",
    "discord:{detail}",
)

# By error class; an error takes the entry of the first class of its MRO found here.
OUTCOMES: dict[type[BaseException], Outcome] = {
    UserError: Outcome(THEIR_OWN),
    app_commands.CheckFailure: Outcome(THEIR_OWN),
    # Also Discord's 404 10062 (see _kind). The student already sees "This interaction failed"; any
    # reply now would fail the same way.
    Expired: Outcome(
        None, logging.INFO, "No reply to {what}: {detail}; anything it saved stays saved", "expired"
    ),
    StorageBusyError: Outcome(
        "errors.busy_{kind}",
        logging.WARNING,
        "Error {code}: database busy ({detail}) while handling {what}",
        "database:{detail}",
    ),
    StorageError: Outcome(
        _SORRY,
        logging.WARNING,
        "Error {code}: database fault ({detail}) while handling {what}: {error}",
        "database:{detail}",
    ),
    discord.DiscordServerError: _DISCORD_FAILED,
    discord.RateLimited: _DISCORD_FAILED,
    BaseException: Outcome(
        _SORRY, logging.ERROR, "Error {code} while handling {what}", "{where}", traceback=True
    ),
}


def _kind(error: BaseException) -> type[BaseException]:
    return Expired if _is_expired(error) else type(error)


def outcome_of(error: BaseException) -> Outcome:
    """The table's entry for this error."""
    return next(OUTCOMES[kind] for kind in _kind(error).__mro__ if kind in OUTCOMES)


def _refusal(error: BaseException, lang: Language) -> str:
    if isinstance(error, UserError):
        return error.said(lang)
    said = getattr(error, "text", None)  # a CheckFailure of checks.py may carry a Text too
    return str(error) if said is None else lang.render(said)


def _is_expired(error: BaseException) -> bool:
    return isinstance(error, Expired) or (isinstance(error, discord.NotFound) and error.code == _EXPIRED)


def _where(error: BaseException) -> str:
    """Where an unexpected error was raised, so that repeats of one bug count as one fault."""
    frames = traceback.extract_tb(error.__traceback__)
    last = frames[-1] if frames else None
    return f"{type(error).__name__}@{last.filename}:{last.lineno}" if last else type(error).__name__


def _log(outcome: Outcome, error: BaseException, code: str, what: str) -> None:
    if outcome.level is None:
        return
    detail = error.code if isinstance(error, StorageError) else _http(error)
    values = {"code": code, "what": what, "detail": detail, "error": error}
    if "{where}" in outcome.fault:  # the unexpected only: it reads the traceback's source lines
        values["where"] = _where(error)
    log.log(
        outcome.level,
        outcome.logged.format_map(values),
        exc_info=error if outcome.traceback else None,
        # The code the user is shown, so that bot/logs.py's summary of repeats still names it.
        extra={"fault": outcome.fault.format_map(values), "code": code if outcome.shown == _SORRY else None},
    )


def outcome_label(error: BaseException) -> str:
    """What became of a click that failed, for the host's metrics: refused (the user's mistake, said
    to them), busy (press again), expired (past Discord's deadline), or error (ours)."""
    outcome = outcome_of(error)
    if outcome.shown is THEIR_OWN:
        return "refused"
    if outcome.shown is None:
        return "expired"
    return "busy" if isinstance(error, StorageBusyError) else "error"


def count_click(interaction: discord.Interaction, outcome: str) -> None:
    shard = shard_of(interaction.guild_id, interaction.client.shard_count)
    CLICKS.labels(outcome, shard).inc()
    age = age_of(interaction)
    if age is not None:
        CLICK_SECONDS.labels(shard).observe(age)


async def handle_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong: their mistake in plain words, ours with a code for the logs."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    outcome, code, what = outcome_of(error), _new_code(), _describe(interaction)
    _log(outcome, error, code, what)
    if outcome.shown is None:
        return
    lang = reader_of(interaction)
    if outcome.shown is THEIR_OWN:
        message = _refusal(error, lang)
    else:
        kind = "click" if interaction.type is discord.InteractionType.component else "command"
        message = lang(outcome.shown.format(kind=kind), code=code)
    try:
        await reply_private(interaction, message)
    except (discord.HTTPException, Expired) as exc:
        level = logging.INFO if _is_expired(exc) else logging.WARNING
        log.log(
            level,
            "Could not tell the user about an error (%s): %s",
            what,
            _http(exc),
            extra={"fault": f"reply:{_http(exc)}"},
        )


def _http(error: BaseException) -> str:
    """An HTTP error's status and Discord's code, e.g. "404 10062": short, and never a URL."""
    if isinstance(error, discord.HTTPException):
        return f"{error.status} {error.code}"
    if isinstance(error, discord.RateLimited):
        return f"429, retry after {error.retry_after:.1f} s"
    return str(error)


def _describe(interaction: discord.Interaction) -> str:
    data: dict[str, object] = dict(interaction.data or {})
    what = data.get("custom_id") or data.get("name") or interaction.type.name
    # A payload from someone who is no member can arrive with no user discord.py could read.
    who = getattr(interaction.user, "id", "unknown")
    return f"{what!r} from user {who} in guild {interaction.guild_id}"
