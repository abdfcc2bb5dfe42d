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
from typing import Any

import discord
from discord import app_commands

from bot.errors import UserError
from bot.exts.context import reader_of
from bot.i18n import Language, Text
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
        refuse_if_late(self._parent)
        return await super().send_message(*args, **kwargs)

    async def edit_message(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_late(self._parent)
        return await super().edit_message(*args, **kwargs)

    async def defer(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_late(self._parent)
        return await super().defer(*args, **kwargs)


def respond_on_time(interaction: discord.Interaction) -> None:
    """Make the interaction's first response raise Expired instead of being sent too late."""
    if not interaction.response.is_done():
        # Interaction.response is cached in this slot; discord.py has no other way to wrap it.
        setattr(interaction, "_cs_response", _OnTime(interaction))  # noqa: B010


async def reply_private(interaction: discord.Interaction, message: str | Text) -> None:
    """`message` to the person alone; a Text is said in their language."""
    if isinstance(message, Text):
        message = reader_of(interaction).say(message)
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)


def _new_code() -> str:
    return secrets.token_hex(3).upper()


def _sorry(code: str, lang: Language) -> str:
    return lang("errors.sorry", code=code)


def _refusal(error: UserError | app_commands.CheckFailure, lang: Language) -> str:
    if isinstance(error, UserError):
        return error.said(lang)
    said = getattr(error, "text", None)  # a CheckFailure of checks.py may carry a Text too
    return str(error) if said is None else lang.say(said)


def _is_expired(error: BaseException) -> bool:
    return isinstance(error, Expired) or (isinstance(error, discord.NotFound) and error.code == _EXPIRED)


def _where(error: BaseException) -> str:
    """Where an unexpected error was raised, so that repeats of one bug count as one fault."""
    frames = traceback.extract_tb(error.__traceback__)
    last = frames[-1] if frames else None
    return f"{type(error).__name__}@{last.filename}:{last.lineno}" if last else type(error).__name__


async def handle_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong: their mistake in plain words, ours with a code for the logs."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    what = _describe(interaction)
    lang = reader_of(interaction)
    if isinstance(error, UserError | app_commands.CheckFailure):
        message = _refusal(error, lang)
    elif _is_expired(error):
        # The student already sees "This interaction failed"; any reply now would fail the same way.
        log.info(
            "No reply to %s: %s; anything it saved stays saved",
            what,
            _http(error),
            extra={"fault": "expired"},
        )
        return
    elif isinstance(error, StorageBusyError):
        log.warning(
            "Error %s: database busy (%s) while handling %s",
            _new_code(),
            error.code,
            what,
            extra={"fault": f"database:{error.code}"},
        )
        component = interaction.type is discord.InteractionType.component
        message = lang("errors.busy_click" if component else "errors.busy_command")
    elif isinstance(error, StorageError):
        code = _new_code()
        log.warning(
            "Error %s: database fault (%s) while handling %s: %s",
            code,
            error.code,
            what,
            error,
            extra={"fault": f"database:{error.code}", "code": code},
        )
        message = _sorry(code, lang)
    elif isinstance(error, discord.DiscordServerError | discord.RateLimited):
        code = _new_code()
        # discord.py already retried; Discord is having a bad moment, not the bot.
        log.warning(
            "Error %s: Discord failed (%s) while handling %s",
            code,
            _http(error),
            what,
            extra={"fault": f"discord:{_http(error)}", "code": code},
        )
        message = _sorry(code, lang)
    else:
        code = _new_code()
        fault = {"fault": _where(error), "code": code}
        log.error("Error %s while handling %s", code, what, exc_info=error, extra=fault)
        message = _sorry(code, lang)
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
