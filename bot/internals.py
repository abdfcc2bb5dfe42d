"""The private parts of discord.py and aiosqlite the bot relies on: each listed once, and checked at start.

discord.py and aiosqlite have no public way to do what these do; each is the bot's only way to meet a
need that a test or a benchmark shows. Every other module reaches them through the functions here, never
by name. `check_internals()` runs before the bot logs in (bot/client.py) and stops it with one line
(a HostError) naming any seam that a newer library moved, rather than a traceback deep inside a click.

The seams, why, and what shows the need:

- discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY: discord.py has no setting for the REST base
  and the gateway, only these class attributes; DISCORD_API_BASE / DISCORD_GATEWAY_URL point them at a
  proxy, and the e2e suite at the stand-in in tests/fake_discord/ (every test in tests/e2e/).
- ConnectionState.parsers["INTERACTION_CREATE"]: a click on our buttons goes straight to the button by
  custom_id (bot/exts/dispatch.py), not through a View rebuilt for every click; and a payload discord.py
  would raise on is refused before it ends the bot (bot/exts/guard.py; tests/e2e/test_hardening.py).
  benchmarks/bench_burst.py: CPU per click in a burst against the bare discord.py bot.
- ConnectionState.store_view: the one door through which sent views enter discord.py's store; closed,
  discord.py keeps no View and no 15-minute timer per private message (bot/exts/dispatch.py
  keep_no_views; tests/exts/test_dispatch.py). benchmarks/bench_burst.py and bench_clicks.py: memory
  (RSS before and after) and CPU per click.
- Interaction._cs_response (the slot Interaction.response is cached in) and InteractionResponse._parent:
  a first response that could only arrive after Discord's 3 s is skipped instead of sent (bot/exts/errors.py
  respond_on_time; tests/exts/test_errors.py); in a burst, replies that cannot count are not sent
  (benchmarks/bench_burst.py, "refused" and the share answered within 3 s).
- DynamicItem.__discord_ui_compiled_template__: a button class's compiled custom_id template, read to
  route a click without building the item (bot/exts/registry.py); discord.py only exposes it on an item.
- aiosqlite Connection._execute and Connection._conn: run a function on the thread that owns the sqlite3
  connection, so that a click's guarded insert and its state, a group commit of clicks, or a forget are
  one hop there rather than one per statement (bot/storage/sqlite/engine.py). benchmarks/bench_core.py
  (the click path through SQLite) and benchmarks/bench_burst.py (CPU per click).

benchmarks/bare_bot.py, the floor the bot is measured against, sets the two endpoints itself: it is
discord.py as it comes, importing nothing of the bot that would change what it measures.

They were written against the versions pyproject.toml pins. To try a newer one, see README ("How it is
built").
"""

from __future__ import annotations

import inspect
import re
import sqlite3
import types
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import aiosqlite

from bot.errors import HostError

if TYPE_CHECKING:
    import discord

# discord.py is imported only where it is used at run time (set_endpoints, the start-up check): storage
# uses run_on_sqlite_thread and, like all but the Discord layer, never imports discord.

T = TypeVar("T")
Parser = Callable[[Any], None]

_PINS = "discord.py>=2.7,<2.8 and aiosqlite>=0.22,<0.23"


# The seams, used by the rest of the bot.


def set_endpoints(api_base: str, gateway_url: str) -> None:
    """Point discord.py at this REST base and gateway (read on every request and connect)."""
    import discord.http  # noqa: PLC0415 - see the imports above
    import yarl  # noqa: PLC0415
    from discord.gateway import DiscordWebSocket  # noqa: PLC0415

    discord.http.Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def wrap_interaction_parser(state: Any, wrap: Callable[[Parser], Parser]) -> None:
    """Replace a client's INTERACTION_CREATE parser (`state`: its ConnectionState) by wrap(parser)."""
    parsers: dict[str, Parser] | None = getattr(state, "parsers", None)
    if parsers is None or "INTERACTION_CREATE" not in parsers:
        raise HostError(_refusal('ConnectionState.parsers["INTERACTION_CREATE"]', "is missing"))
    parsers["INTERACTION_CREATE"] = wrap(parsers["INTERACTION_CREATE"])


def replace_store_view(state: Any, store_view: Callable[[discord.ui.view.BaseView, int | None], Any]) -> None:
    """Make `store_view` the door through which the client's sent views enter discord.py's store."""
    setattr(state, "store_view", store_view)  # noqa: B010 - an instance attribute over the method


def replace_response(interaction: discord.Interaction, response: discord.InteractionResponse[Any]) -> None:
    """Make `response` what interaction.response returns from now on."""
    setattr(interaction, "_cs_response", response)  # noqa: B010 - the slot the property caches in


def interaction_of(response: discord.InteractionResponse[Any]) -> discord.Interaction:
    """The interaction a response object answers."""
    return cast("discord.Interaction", response._parent)


def template_of(kind: type) -> re.Pattern[str]:
    """A DynamicItem class's compiled custom_id template."""
    return cast(re.Pattern[str], kind.__discord_ui_compiled_template__)  # type: ignore[attr-defined]


def run_on_sqlite_thread(
    connection: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]
) -> Awaitable[T]:
    """Run `work` on the thread that owns the connection's sqlite3 connection: any number of statements,
    one hop. aiosqlite's public methods each run one statement per hop; this is what they are built on."""
    return cast(Awaitable[T], connection._execute(lambda: work(connection._conn)))  # type: ignore[no-untyped-call]


# The start-up check.


@dataclass(frozen=True)
class Seam:
    name: str
    problem: Callable[[], str | None]  # what is wrong with its shape; None if it is as the bot uses it


_MISSING = object()


def _static(owner: type, name: str) -> object:
    """The attribute as the class holds it (a descriptor itself, not what it gives); _MISSING if none."""
    return inspect.getattr_static(owner, name, _MISSING)


def _is(value: object, kind: type, what: str) -> str | None:
    if value is _MISSING:
        return "is missing"
    return None if isinstance(value, kind) else f"is not {what}"


def _takes(function: object, *names: str) -> str | None:
    """None if `function` is a function whose leading positional parameters are `names`, in order."""
    if function is _MISSING:
        return "is missing"
    if not callable(function):
        return "is not callable"
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    parameters = [p.name for p in inspect.signature(function).parameters.values() if p.kind in positional]
    if parameters[: len(names)] != list(names):
        return f"takes ({', '.join(parameters)}), not ({', '.join(names)})"
    return None


def _cached_response(interaction: type) -> str | None:
    slot = _static(interaction, "_cs_response")
    if not isinstance(slot, types.MemberDescriptorType):
        return "is missing" if slot is _MISSING else "is not a slot"
    if getattr(_static(interaction, "response"), "name", None) != "_cs_response":
        return "is not where Interaction.response is cached"
    return None


def _compiled_template(dynamic_item: type) -> str | None:
    probe = types.new_class("Probe", (dynamic_item,), {"template": "probe:(?P<n>[0-9])"})
    return _is(getattr(probe, "__discord_ui_compiled_template__", _MISSING), re.Pattern, "a compiled pattern")


def _executes() -> str | None:
    execute = _static(aiosqlite.Connection, "_execute")
    if execute is not _MISSING and not inspect.iscoroutinefunction(execute):
        return "is not a coroutine function"
    return _takes(execute, "self", "fn")


def seams() -> tuple[Seam, ...]:
    """Every seam, with what checks its shape."""
    import discord.http  # noqa: PLC0415 - see the imports at the top
    import yarl  # noqa: PLC0415
    from discord.gateway import DiscordWebSocket  # noqa: PLC0415
    from discord.state import ConnectionState  # noqa: PLC0415

    return (
        Seam("discord.http.Route.BASE", lambda: _is(_static(discord.http.Route, "BASE"), str, "a str")),
        Seam(
            "DiscordWebSocket.DEFAULT_GATEWAY",
            lambda: _is(_static(DiscordWebSocket, "DEFAULT_GATEWAY"), yarl.URL, "a yarl.URL"),
        ),
        Seam(
            # parsers["INTERACTION_CREATE"] is made from this method when a ConnectionState is made.
            "ConnectionState.parse_interaction_create",
            lambda: _takes(_static(ConnectionState, "parse_interaction_create"), "self", "data"),
        ),
        Seam(
            "ConnectionState.store_view",
            lambda: _takes(_static(ConnectionState, "store_view"), "self", "view", "message_id"),
        ),
        Seam("Interaction._cs_response", lambda: _cached_response(discord.Interaction)),
        Seam(
            "InteractionResponse._parent",
            lambda: _is(
                _static(discord.InteractionResponse, "_parent"), types.MemberDescriptorType, "a slot"
            ),
        ),
        Seam(
            "DynamicItem.__discord_ui_compiled_template__",
            lambda: _compiled_template(discord.ui.DynamicItem[discord.ui.Button[Any]]),
        ),
        Seam("aiosqlite.Connection._execute", _executes),
        Seam(
            "aiosqlite.Connection._conn",
            lambda: _is(_static(aiosqlite.Connection, "_conn"), property, "a property"),
        ),
    )


def _refusal(name: str, problem: str) -> str:
    import discord  # noqa: PLC0415 - see the imports at the top

    versions = f"discord.py {discord.__version__}, aiosqlite {aiosqlite.__version__}"
    return f"{name} {problem} in {versions}; this bot needs {_PINS} (see README: a newer version)"


def check_internals() -> None:
    """Raise a one-line HostError naming the first seam that is missing or changed shape."""
    for seam in seams():
        try:
            problem = seam.problem()
        except Exception as exc:  # noqa: BLE001 - whatever a changed library raises, the seam is gone
            problem = f"could not be checked ({type(exc).__name__}: {exc})"
        if problem is not None:
            raise HostError(_refusal(seam.name, problem))
