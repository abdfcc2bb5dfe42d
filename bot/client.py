"""The discord.py client: wires the cogs, buttons and error handler to a Tutor, and runs it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
from collections.abc import Callable
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.config import Settings
from bot.content import LessonLibrary
from bot.errors import HostError
from bot.exts.buttons import BUTTONS
from bot.exts.errors import Arrivals, handle_error
from bot.exts.lessons import LessonsCog
from bot.exts.quiz import QuizCog
from bot.storage import Database, MigrationError
from bot.storage.faults import StorageError
from bot.tutor import Tutor

log = logging.getLogger(__name__)


def use_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured REST base and gateway (a proxy, or a test stand-in).

    discord.py has no setting for these, only two class attributes read on every request and connect.
    """
    discord.http.Route.BASE = settings.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


_SNOWFLAKE = re.compile(r"[0-9]{1,20}")
# Interaction types whose `data` discord.py reads without checking: what each needs, and its type.
_COMPONENT, _MODAL = 3, 5
_NEEDS: dict[int, tuple[tuple[str, type], ...]] = {
    2: (("name", str),),  # slash command
    _COMPONENT: (("custom_id", str), ("component_type", int)),
    4: (("name", str),),  # autocomplete
    _MODAL: (("custom_id", str), ("components", list)),
}


def interaction_problem(payload: object) -> str | None:
    """Why discord.py cannot handle this INTERACTION_CREATE payload safely; None if it can.

    discord.py trusts these fields: a null custom_id raises inside its dispatch, which ends the
    connection and so the bot.
    """
    if not isinstance(payload, dict):
        return "the payload is not an object"
    for key in ("id", "application_id"):
        if not (isinstance(payload.get(key), str | int) and _SNOWFLAKE.fullmatch(str(payload[key]))):
            return f"{key} is not an id"
    if not isinstance(payload.get("token"), str) or not payload["token"]:
        return "token is missing"
    kind = payload.get("type")
    if not isinstance(kind, int) or isinstance(kind, bool) or not 1 <= kind <= 5:
        return f"type {kind!r} is unknown"
    return _data_problem(kind, payload)


def _data_problem(kind: int, payload: dict[str, Any]) -> str | None:
    if kind not in _NEEDS:
        return None
    data = payload.get("data")
    if not isinstance(data, dict):
        return f"type {kind} has no data"
    for key, expected in _NEEDS[kind]:
        value = data.get(key)
        if not isinstance(value, expected) or isinstance(value, bool):
            return f"data.{key} is {type(value).__name__}, not {expected.__name__}"
    if kind in (_COMPONENT, _MODAL) and not 1 <= len(data["custom_id"]) <= 100:
        return "data.custom_id is not 1 to 100 characters"
    return None


def _id_of(payload: object) -> str:
    raw = payload.get("id") if isinstance(payload, dict) else None
    return str(raw)[:24] if isinstance(raw, str | int) else "none"


def guard_interactions(parse: Callable[[Any], None], arrivals: Arrivals) -> Callable[[Any], None]:
    """discord.py's INTERACTION_CREATE parser, refusing what would raise out of it and end the bot."""

    def guarded(payload: Any) -> None:
        problem = interaction_problem(payload)
        if problem is not None:
            log.warning(
                "Refused a malformed interaction (id %s): %s",
                _id_of(payload),
                problem,
                extra={"fault": "malformed-interaction"},
            )
            return
        arrivals.note(int(payload["id"]))
        try:
            parse(payload)
        except Exception:
            # Raised out of the gateway's reader, this would end the bot for every student.
            log.exception(
                "Refused an interaction discord.py could not read (id %s)",
                _id_of(payload),
                extra={"fault": "unreadable-interaction"},
            )

    return guarded


class TutorBot(commands.Bot):
    def __init__(self, settings: Settings, tutor: Tutor) -> None:
        # This bot never joins voice; the warnings that voice libraries are missing would only mislead.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        # Interactions need no privileged intents; guilds alone keeps gateway traffic small.
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, help_command=None)
        self.settings = settings
        self.tutor = tutor
        self.arrivals = Arrivals()
        parsers = self._connection.parsers
        parsers["INTERACTION_CREATE"] = guard_interactions(parsers["INTERACTION_CREATE"], self.arrivals)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*BUTTONS)
        await self.add_cog(LessonsCog(self.tutor))
        await self.add_cog(QuizCog(self.tutor))
        self.tree.on_error = handle_error  # type: ignore[method-assign]
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to server %s", len(synced), guild.id)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d commands globally (Discord may take a while to show them)", len(synced))

    async def on_ready(self) -> None:
        log.info("Connected as %s to %d server(s)", self.user, len(self.guilds))


async def serve(settings: Settings, library: LessonLibrary) -> None:
    """Open the database, connect to Discord and run until cancelled or disconnected for good."""
    token = settings.require_token()
    use_endpoints(settings)
    db = await Database.open(settings.database_path)
    log.info("Serving %d lesson(s): %s", len(library), ", ".join(library))
    try:
        async with TutorBot(settings, Tutor(library, db)) as bot:
            await bot.start(token)
    finally:
        await db.close()


def run(settings: Settings, library: LessonLibrary) -> int:
    """Serve until Ctrl+C or SIGTERM, then return 0; 1 if the bot ended any other way.

    The ways start-up can fail become one-line HostErrors. A non-zero status lets a supervisor
    (deploy/tutor-bot.service) start the bot again.
    """
    stopped = False

    async def main() -> None:
        task = asyncio.current_task()
        assert task is not None

        def stop() -> None:
            nonlocal stopped
            stopped = True
            task.cancel()

        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop)
        await serve(settings, library)

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        raise HostError(
            "Discord refused DISCORD_TOKEN; copy the token again from the developer portal"
        ) from None
    except discord.PrivilegedIntentsRequired as exc:
        raise HostError(f"Discord refused an intent this bot asked for ({exc})") from None
    except discord.ConnectionClosed as exc:
        raise HostError(_closed(exc)) from None
    except (aiohttp.ClientConnectionError, OSError) as exc:
        raise HostError(f"cannot reach Discord at {settings.api_base} ({exc})") from None
    except (MigrationError, StorageError) as exc:
        raise HostError(f"database {settings.database_path}: {exc}") from None
    except (KeyboardInterrupt, asyncio.CancelledError):
        log.info("Stopped.")
        return 0
    except Exception:
        # Logged, not left to Python: its traceback would bypass the log's redaction of tokens.
        log.critical("The bot stopped on an unexpected error", exc_info=True)
        return 1
    if stopped:
        log.info("Stopped.")
        return 0
    log.error("The connection to Discord ended; exiting so that a supervisor can start the bot again")
    return 1


def _closed(exc: discord.ConnectionClosed) -> str:
    if exc.code == 4004:
        return "Discord refused DISCORD_TOKEN (was it reset?); copy the token again from the developer portal"
    return f"Discord closed the connection for good (close code {exc.code}: {exc.reason or 'no reason'})"
