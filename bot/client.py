"""The discord.py client: wires the cogs, buttons and error handler to a Tutor, and runs it."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.content import LessonLibrary
from bot.errors import HostError
from bot.exts import answering  # noqa: F401 - registers the buttons of the questions that take several taps
from bot.exts.deadlines import DeadlinesCog
from bot.exts.dispatch import keep_no_views, route_clicks
from bot.exts.errors import Arrivals, handle_error, reply_private
from bot.exts.guard import guard_interactions
from bot.exts.health import HealthCog
from bot.exts.lessons import LessonsCog
from bot.exts.live import LiveCog
from bot.exts.privacy import PrivacyCog
from bot.exts.quiz import QuizCog
from bot.exts.report import ReportCog
from bot.exts.review import ReviewCog
from bot.exts.roster import RosterCog
from bot.exts.settings import SettingsCog
from bot.exts.student import StudentCog
from bot.exts.translator import CatalogueTranslator
from bot.internals import check_internals, set_endpoints, wrap_interaction_parser
from bot.storage import MigrationError, open_storage
from bot.storage.engines import shown_url
from bot.storage.faults import StorageError
from bot.tutor import Tutor
from bot.tutor.lessons import reload_lessons
from bot.tutor.messages import NOT_HERE

log = logging.getLogger(__name__)


def use_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured REST base and gateway (a proxy, or a test stand-in)."""
    set_endpoints(settings.api_base, settings.gateway_url)


MEMBERS_INTENT_OFF = (
    "The Server Members intent is off for this bot, so reports can't list who has not started. To turn it "
    "on: Discord developer portal → your application → Bot → Server Members Intent, then restart the bot."
)


class TutorBot(commands.Bot):
    """The bot in one process with one gateway connection (or, as ShardedTutorBot, the shards it runs)."""

    def __init__(
        self, settings: Settings, tutor: Tutor, *, members: bool = True, sync_at_start: bool | None = None
    ) -> None:
        # This bot never joins voice; the warnings that voice libraries are missing would only mislead.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        # Interactions need no privileged intent. Server Members (privileged, off unless the host turned it
        # on) lets a report list the class role's members who have not started.
        intents = discord.Intents.none()
        intents.guilds = True
        intents.members = members
        shards: dict[str, Any] = {}
        if settings.shard_count is not None:
            shards = {"shard_count": settings.shard_count, "shard_ids": settings.shard_ids}
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            # Members are fetched for a report when a class has a roster, not for every server at start.
            chunk_guilds_at_startup=False,
            **shards,
        )
        self.settings = settings
        self.tutor = tutor
        self.arrivals = Arrivals()
        self.clicks: set[asyncio.Task[None]] = set()
        state = self._connection
        wrap_interaction_parser(
            state, lambda parse: guard_interactions(route_clicks(parse, state, self.clicks), self.arrivals)
        )
        keep_no_views(self._connection)
        self.sync_at_start = settings.syncs_commands() if sync_at_start is None else sync_at_start
        self.synced = False

    async def setup_hook(self) -> None:
        await self.tree.set_translator(CatalogueTranslator())
        await self.add_cog(LessonsCog(self.tutor))
        await self.add_cog(QuizCog(self.tutor))
        await self.add_cog(LiveCog(self, self.tutor))
        await self.add_cog(ReportCog(self.tutor))
        await self.add_cog(RosterCog(self.tutor))
        await self.add_cog(StudentCog(self.tutor))
        await self.add_cog(SettingsCog(self.tutor, members_visible=self.intents.members))
        await self.add_cog(DeadlinesCog(self, self.tutor))
        await self.add_cog(ReviewCog(self, self.tutor))
        await self.add_cog(PrivacyCog(self.tutor, self.settings.data_retention))
        await self.add_cog(_Forged())
        if self.settings.metrics_port is not None:
            await self.add_cog(HealthCog(self, self.settings.metrics_host, self.settings.metrics_port))
        self.tree.on_error = handle_error  # type: ignore[method-assign]
        if self.sync_at_start:
            await self.sync_commands()

    async def sync_commands(self) -> int:
        """Send the slash commands to Discord: the one place they are synced, whatever the process count."""
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to server %s", len(synced), guild.id)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d commands globally (Discord may take a while to show them)", len(synced))
        self.synced = True
        return len(synced)

    async def on_ready(self) -> None:
        log.info("Connected as %s to %d server(s)", self.user, len(self.guilds))


class ShardedTutorBot(TutorBot, commands.AutoShardedBot):
    """The bot running SHARD_IDS of SHARD_COUNT shards; other processes run the rest on one database."""

    async def on_shard_ready(self, shard_id: int) -> None:
        log.info("Shard %d of %d connected", shard_id, self.shard_count)


def make_bot(
    settings: Settings, tutor: Tutor, *, members: bool = True, sync_at_start: bool | None = None
) -> TutorBot:
    """One gateway connection as always, or the shards the settings name."""
    kind = TutorBot if settings.shard_count is None else ShardedTutorBot
    return kind(settings, tutor, members=members, sync_at_start=sync_at_start)


class _Forged(commands.Cog):
    """Clicks that no button of ours answers get a private refusal rather than "This interaction failed"."""

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        # route_clicks takes every click on our buttons (and late taps) past listeners, straight to the
        # button; a click heard here is forged or from a broken client, and discord.py would drop it.
        if interaction.type in (discord.InteractionType.component, discord.InteractionType.modal_submit):
            await reply_private(interaction, NOT_HERE)


async def serve(settings: Settings, library: LessonLibrary, clock: Clock | None = None) -> None:
    """Open the database, connect to Discord and run until cancelled or disconnected for good."""
    check_internals()  # before anything is opened: a library that moved is one line, not a failed click
    token = settings.require_token()
    use_endpoints(settings)
    db = await open_storage(settings)
    log.info("Serving %d lesson(s): %s", len(library), ", ".join(library))
    try:
        tutor = Tutor(library, db, clock or SystemClock(settings.clock_offset), settings.lessons_dir)
        await tutor.start()
        bot = make_bot(settings, tutor)
        with _reload_on_hangup(tutor):
            try:
                async with bot:
                    await bot.start(token)
            except discord.PrivilegedIntentsRequired:
                # Said once, here; the bot serves everything else without it.
                log.warning(MEMBERS_INTENT_OFF)
                again = settings.syncs_commands() and not bot.synced  # commands were sent before the refusal
                async with make_bot(settings, tutor, members=False, sync_at_start=again) as bot:
                    await bot.start(token)
    finally:
        await db.close()


@contextlib.contextmanager
def _reload_on_hangup(tutor: Tutor) -> Iterator[None]:
    """SIGHUP reads the lessons folder again, as `/lesson reload` does, while clicks are served."""
    hangup = getattr(signal, "SIGHUP", None)  # not on Windows
    loop = asyncio.get_running_loop()
    running: set[asyncio.Task[None]] = set()

    async def reload_logged() -> None:
        try:
            await reload_lessons(tutor.lessons)
        except Exception:  # a failed reload keeps the lessons served; the host reads why in the log
            log.exception("Could not read the lessons folder again")

    def reload() -> None:
        task = loop.create_task(reload_logged())
        running.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(running.discard)

    try:
        if hangup is not None:
            loop.add_signal_handler(hangup, reload)
    except NotImplementedError:  # no signal handlers in this event loop
        hangup = None
    try:
        yield
    finally:
        if hangup is not None:
            loop.remove_signal_handler(hangup)


# Python's own thresholds: young objects collected every 700 allocations, older ones every 10 of
# those, the oldest every 10 of those. Raised to (10_000, 20, 20), collections cost less CPU per click,
# but RSS after each 2,000-click burst kept growing (92 to 158 MiB over 15 bursts, where a bare
# discord.py bot stays at 74): garbage waited in the oldest generation and pinned memory. With these,
# it levelled off (benchmarks/bench_memory.py).
GC_THRESHOLDS = (700, 10, 10)


def tune_gc() -> None:
    """Garbage collection for a long-lived bot: what exists at start is never scanned again.

    What exists at start (modules, lessons) lives as long as the bot: frozen, collections of the
    oldest generation skip it. The thresholds are set explicitly so that a library cannot leave
    others behind.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def loop_factory(settings: Settings) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop if the settings ask for it; None for asyncio's own."""
    if settings.event_loop != "uvloop":
        return None
    import uvloop  # noqa: PLC0415 - an optional dependency, imported only when chosen

    return uvloop.new_event_loop


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

    tune_gc()
    try:
        with asyncio.Runner(loop_factory=loop_factory(settings)) as runner:
            runner.run(main())
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
        where = shown_url(settings.database_url) if settings.database_url else settings.database_path
        raise HostError(f"database {where}: {exc}") from None
    except (KeyboardInterrupt, asyncio.CancelledError):
        log.info("Stopped.")
        return 0
    except HostError:
        raise  # already one line for the host, such as a database server that cannot be reached
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
