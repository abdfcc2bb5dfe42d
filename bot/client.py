"""The discord.py client: wires the cogs, buttons and error handler to a Tutor, and runs it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.content import LessonLibrary
from bot.errors import HostError
from bot.exts.buttons import is_unroutable
from bot.exts.deadlines import DeadlinesCog
from bot.exts.errors import handle_error, reply_private
from bot.exts.lessons import LessonsCog
from bot.exts.privacy import PrivacyCog
from bot.exts.quiz import QuizCog
from bot.exts.registry import BUTTONS
from bot.exts.report import ReportCog
from bot.exts.settings import SettingsCog
from bot.exts.student import StudentCog
from bot.storage import Database, MigrationError
from bot.tutor import Tutor
from bot.tutor.messages import NOT_HERE

log = logging.getLogger(__name__)


def use_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured REST base and gateway (a proxy, or a test stand-in).

    discord.py has no setting for these, only two class attributes read on every request and connect.
    """
    discord.http.Route.BASE = settings.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


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

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*BUTTONS)  # every module of bot.exts is imported above
        await self.add_cog(LessonsCog(self.tutor))
        await self.add_cog(QuizCog(self.tutor))
        await self.add_cog(ReportCog(self.tutor, members_visible=self.intents.members))
        await self.add_cog(StudentCog(self.tutor))
        await self.add_cog(SettingsCog(self.tutor, members_visible=self.intents.members))
        await self.add_cog(DeadlinesCog(self, self.tutor))
        await self.add_cog(PrivacyCog(self.tutor, self.settings.data_retention))
        await self.add_cog(_Forged())
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


class _Forged(commands.Cog):
    """Clicks that no button of ours answers get a private refusal rather than "This interaction failed"."""

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if is_unroutable(interaction):
            await reply_private(interaction, NOT_HERE)


async def serve(settings: Settings, library: LessonLibrary, clock: Clock | None = None) -> None:
    """Open the database, connect to Discord and run until cancelled or disconnected for good."""
    token = settings.require_token()
    use_endpoints(settings)
    db = await Database.open(settings.database_path)
    try:
        tutor = Tutor(library, db, clock or SystemClock(settings.clock_offset))
        await tutor.start()
        async with TutorBot(settings, tutor) as bot:
            await bot.start(token)
    finally:
        await db.close()


def run(settings: Settings, library: LessonLibrary) -> None:
    """Serve until Ctrl+C or SIGTERM; turn the ways start-up can fail into one-line HostErrors."""

    async def main() -> None:
        task = asyncio.current_task()
        assert task is not None
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await serve(settings, library)

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        raise HostError(
            "Discord refused DISCORD_TOKEN; copy the token again from the developer portal"
        ) from None
    except discord.PrivilegedIntentsRequired as exc:
        raise HostError(f"Discord refused an intent this bot asked for ({exc})") from None
    except (aiohttp.ClientConnectionError, OSError) as exc:
        raise HostError(f"cannot reach Discord at {settings.api_base} ({exc})") from None
    except MigrationError as exc:
        raise HostError(f"database {settings.database_path}: {exc}") from None
    except (KeyboardInterrupt, asyncio.CancelledError):
        log.info("Stopped.")
