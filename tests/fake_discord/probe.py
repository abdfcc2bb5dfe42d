"""A small real discord.py bot that says what discord.py made of the stand-in's payloads.

It is how the stand-in's own tests check that every shape is one discord.py parses as Discord's:
`/where` and any button click answer with the interaction as parsed; `/inspect` with its options
(reading an attachment through its url); `/files` sends files, a followup and an edit. Events it
receives are kept in `events`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from tests.fake_discord.server import FakeDiscord

SPANISH = {
    "where": "donde",
    "Say where and as whom this ran": "Dice dónde y como quién se usó",
    "inspect": "inspeccionar",
    "student": "alumno",
    "A student": "Un alumno",
}
PNG = (  # a 1x1 image: enough for a content type and a size
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
CSV = 'name,score\r\nZoë "Z" O\'Neil, 12\r\nДмитрий,15\r\n'.encode("utf-8-sig")

ClientT = TypeVar("ClientT", bound=discord.Client)


class _Spanish(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        return SPANISH.get(string.message) if locale is discord.Locale.spain_spanish else None


def said(shown: Any) -> dict[str, Any]:
    """What the probe answered (a `Shown`): the interaction or options as discord.py parsed them."""
    result: dict[str, Any] = json.loads(shown.content)
    return result


def describe(interaction: discord.Interaction[Any]) -> dict[str, Any]:
    user = interaction.user if interaction.user is not discord.utils.MISSING else None
    member = user if isinstance(user, discord.Member) else None
    return {
        "guild": interaction.guild_id,
        "channel": interaction.channel_id,
        "user": user.id if user is not None else None,
        "user_type": type(user).__name__,
        "locale": str(interaction.locale),
        "guild_locale": str(interaction.guild_locale) if interaction.guild_locale else None,
        "teacher": interaction.permissions.manage_guild,
        "roles": sorted(r.id for r in member.roles if not r.is_default()) if member else None,
        "manage_guild_by_roles": member.guild_permissions.manage_guild if member else None,
        "custom_id": dict(interaction.data or {}).get("custom_id"),
        "shard": interaction.guild.shard_id if interaction.guild else None,
    }


class _Button(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.add_item(discord.ui.Button(label="Click", custom_id="probe:click"))


def _commands(tree: app_commands.CommandTree[Any]) -> None:
    @tree.command(name=app_commands.locale_str("where"), description="Say where and as whom this ran")
    async def where(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(json.dumps(describe(interaction)), view=_Button())

    @tree.command(name=app_commands.locale_str("inspect"), description="Say what the options were")
    @app_commands.describe(student=app_commands.locale_str("A student"))
    async def inspect(
        interaction: discord.Interaction[Any],
        student: discord.User | discord.Member | None = None,
        role: discord.Role | None = None,
        channel: discord.TextChannel | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        seen: dict[str, Any] = {}
        if student is not None:
            seen["student"] = [type(student).__name__, student.id, student.display_name]
        if role is not None:
            seen["role"] = [role.id, role.name]
        if channel is not None:
            seen["channel"] = [type(channel).__name__, channel.id, channel.name]
        if file is not None:
            data = await file.read()
            seen["file"] = [file.filename, file.size, file.content_type, data.decode()]
        await interaction.response.send_message(json.dumps(seen), ephemeral=True)

    @tree.command(name="files", description="Send files, a followup with one, then replace them")
    async def files(interaction: discord.Interaction[Any]) -> None:
        first = [
            discord.File(_bytes(CSV), "report.csv"),
            discord.File(_bytes(PNG), "chart.png", description="A chart"),
        ]
        await interaction.response.send_message("Report", files=first, ephemeral=True)
        await interaction.followup.send("Notes", file=discord.File(_bytes(b"notes"), "notes.txt"))
        await interaction.edit_original_response(attachments=[discord.File(_bytes(b"a,b\r\n"), "final.csv")])


def _bytes(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


class _Probe:
    """What both probes share: the command tree, events kept, and a quick ready."""

    tree: app_commands.CommandTree[Any]
    events: list[tuple[str, Any]]

    def _set_up(self) -> None:
        self.tree = app_commands.CommandTree(self)
        self.events = []
        self._kept = asyncio.Event()
        _commands(self.tree)

    async def wait_event(self, name: str, value: Any, timeout: float = 5.0) -> None:
        """Until the event `name` with `value` has reached this client."""
        async with asyncio.timeout(timeout):
            while (name, value) not in self.events:
                self._kept.clear()
                await self._kept.wait()

    async def setup_hook(self) -> None:
        await self.tree.set_translator(_Spanish())
        await self.tree.sync()

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.component:
            await interaction.response.send_message(json.dumps(describe(interaction)), ephemeral=True)

    def _keep(self, name: str, value: Any) -> None:
        self.events.append((name, value))
        self._kept.set()

    async def on_member_join(self, member: discord.Member) -> None:
        self._keep("member_join", member.id)

    async def on_member_update(self, _: discord.Member, after: discord.Member) -> None:
        self._keep("member_update", (after.id, sorted(r.id for r in after.roles)))

    async def on_member_remove(self, member: discord.Member) -> None:
        self._keep("member_remove", member.id)

    async def on_guild_channel_create(self, channel: discord.abc.GuildChannel) -> None:
        self._keep("channel_create", channel.id)

    async def on_guild_role_create(self, role: discord.Role) -> None:
        self._keep("role_create", role.id)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        self._keep("guild_join", guild.id)

    async def on_guild_update(self, _: discord.Guild, after: discord.Guild) -> None:
        self._keep("guild_update", str(after.preferred_locale))


class Probe(_Probe, discord.Client):
    def __init__(self, *, members: bool = False, **options: Any) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.members = members
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents, guild_ready_timeout=0.01, **options)
        self._set_up()


class ShardedProbe(_Probe, discord.AutoShardedClient):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5 s between one process's shards: the stand-in does not enforce max_concurrency."""

    def __init__(self, **options: Any) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents, guild_ready_timeout=0.01, **options)
        self._set_up()


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Every discord.py client in this process talks to `fake` (two class attributes), until exit."""
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord, *clients: ClientT) -> AsyncIterator[tuple[ClientT, ...]]:
    """The clients connected to `fake` and ready; closed on exit."""
    with pointed_at(fake):
        tasks = [asyncio.create_task(c.start(fake.token)) for c in clients]
        try:
            connected = asyncio.create_task(fake.wait_connected())
            await asyncio.wait([connected, *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                if task.done():
                    connected.cancel()
                    task.result()  # a client that could not connect says why
            await connected
            for client in clients:
                await asyncio.wait_for(client.wait_until_ready(), 10)
            yield clients
        finally:
            for client in clients:
                await client.close()
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
