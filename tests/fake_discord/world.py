"""The state of the stand-in's Discord: servers with channels, roles and people; messages and files.

Changes made while a client is connected reach it as the gateway events Discord would send, and only
if its intents ask for them.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from typing import Any

from tests.fake_discord.commands import Registry
from tests.fake_discord.files import new_file
from tests.fake_discord.gateway import GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT, Gateway
from tests.fake_discord.messages import Interaction, Message, SentFile
from tests.fake_discord.model import (
    BOT_PERMISSIONS,
    DEFAULT_LOCALE,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    Channel,
    Guild,
    Member,
    Role,
    Snowflakes,
    User,
    shard_of,
)

# The app flags of an unverified app (under 100 servers) with a privileged intent switched on.
_LIMITED_FLAGS = {GUILD_MEMBERS: 1 << 15, GUILD_PRESENCES: 1 << 13, MESSAGE_CONTENT: 1 << 19}
_VERIFIED_FLAGS = {GUILD_MEMBERS: 1 << 14, GUILD_PRESENCES: 1 << 12, MESSAGE_CONTENT: 1 << 18}


class World:
    """One application and its bot user, in a classroom server ("Class 5B", channel #lessons).

    More servers, channels, roles and people are added with `add_*`. The developer portal's switches
    for privileged intents are `members_intent`, `presences_intent` and `message_content_intent`
    (off, as for a new app). `shard_count` is what GET /gateway/bot recommends and what `connected`
    waits for.
    """

    def __init__(self) -> None:
        self._snowflakes = Snowflakes()
        self.token = "fake-token." + secrets.token_urlsafe(12)
        self.application_id = self.snowflake()
        self.bot = User(self.application_id, "Tutor", bot=True)
        self.users: dict[int, User] = {self.bot.id: self.bot}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.files: dict[int, SentFile] = {}
        self.served: dict[int, int] = {}  # file id -> bytes its CDN route has sent, over every download
        self.interactions: dict[int, Interaction] = {}
        self.synced = Registry()
        self.shard_count = 1
        self.members_intent = False
        self.presences_intent = False
        self.message_content_intent = False
        self.verified = False
        self.port = 0
        self.gateway = Gateway(self)
        self._dms: dict[int, Channel] = {}
        self._changed = asyncio.Condition()
        self.guild_id = self.add_guild("Class 5B", channel="lessons")
        self.channel_id = next(iter(self.guild().channels))

    def snowflake(self, shard: tuple[int, int] | None = None) -> int:
        return self._snowflakes.next(shard)

    # -- servers, channels, roles, people ------------------------------------------------------

    def add_guild(
        self, name: str, *, shard: int | None = None, locale: str = DEFAULT_LOCALE, channel: str = "general"
    ) -> int:
        """A server with @everyone, the bot (and its role) and one text channel; on `shard` if given."""
        if shard is not None:
            assert 0 <= shard < self.shard_count, f"set shard_count above {shard} first"
        guild = Guild(self.snowflake(None if shard is None else (shard, self.shard_count)), name, locale)
        self.guilds[guild.id] = guild
        guild.roles[guild.id] = Role(guild.id, guild.id, "@everyone", MEMBER_PERMISSIONS)
        tutor = Role(self.snowflake(), guild.id, "Tutor", BOT_PERMISSIONS, 1, bot_id=self.bot.id)
        guild.roles[tutor.id] = tutor
        guild.members[self.bot.id] = Member(self.bot.id, self.bot.name, 0, True, guild.id, [tutor.id])
        self._new_channel(guild, channel)
        self.gateway.announce(guild)
        return guild.id

    def add_channel(self, name: str, *, guild: int | None = None) -> int:
        """A text channel (a class); CHANNEL_CREATE if a client is connected."""
        channel = self._new_channel(self.guild(guild), name)
        self.gateway.emit(channel.guild_id, "CHANNEL_CREATE", channel.payload())
        return channel.id

    def _new_channel(self, guild: Guild, name: str) -> Channel:
        channel = Channel(self.snowflake(), name, guild.id, position=len(guild.channels))
        guild.channels[channel.id] = self.channels[channel.id] = channel
        return channel

    def add_role(self, name: str, *, guild: int | None = None, permissions: int = 0) -> int:
        server = self.guild(guild)
        role = Role(self.snowflake(), server.id, name, permissions, position=len(server.roles))
        server.roles[role.id] = role
        self.gateway.emit(
            server.id, "GUILD_ROLE_CREATE", {"guild_id": str(server.id), "role": role.payload()}
        )
        return role.id

    def give_role(self, member: Member, role_id: int) -> None:
        """GUILD_MEMBER_UPDATE if connected with the members intent."""
        assert role_id in self.guilds[member.guild_id].roles, "that role belongs to another server"
        if role_id not in member.roles:
            member.roles.append(role_id)
            self._member_changed(member)

    def take_role(self, member: Member, role_id: int) -> None:
        if role_id in member.roles:
            member.roles.remove(role_id)
            self._member_changed(member)

    def _member_changed(self, member: Member) -> None:
        data = {"guild_id": str(member.guild_id), **member.member()}
        self.gateway.emit(member.guild_id, "GUILD_MEMBER_UPDATE", data)

    def add_user(self, name: str) -> User:
        """Someone with a Discord account who is in no server (yet)."""
        user = User(self.snowflake(), name)
        self.users[user.id] = user
        return user

    def add_member(self, name: str, *, teacher: bool = False, guild: int | None = None) -> Member:
        """A new person in a server; a teacher has Manage Server (through a "Teachers" role)."""
        return self.join(self.add_user(name), guild=guild, teacher=teacher)

    def join(self, user: User | Member, *, guild: int | None = None, teacher: bool = False) -> Member:
        """`user` joins a server (one person can be in several); GUILD_MEMBER_ADD if connected."""
        server = self.guild(guild)
        assert user.id not in server.members, f"{user.name} is already in {server.name}"
        member = Member(
            user.id, user.name, MEMBER_PERMISSIONS | (MANAGE_GUILD if teacher else 0), guild_id=server.id
        )
        if teacher:
            if server.teacher_role is None:
                server.teacher_role = self.add_role("Teachers", guild=server.id, permissions=MANAGE_GUILD)
            member.roles.append(server.teacher_role)
        server.members[member.id] = member
        self.gateway.emit(server.id, "GUILD_MEMBER_ADD", {"guild_id": str(server.id), **member.member()})
        return member

    def leave(self, member: Member) -> None:
        """GUILD_MEMBER_REMOVE if connected with the members intent."""
        del self.guilds[member.guild_id].members[member.id]
        data = {"guild_id": str(member.guild_id), "user": member.user()}
        self.gateway.emit(member.guild_id, "GUILD_MEMBER_REMOVE", data)

    def set_locale(self, locale: str, *, guild: int | None = None) -> None:
        """The server's preferred_locale (a Community setting); GUILD_UPDATE if connected."""
        server = self.guild(guild)
        server.preferred_locale = locale
        self.gateway.emit(server.id, "GUILD_UPDATE", server.payload())

    # -- lookups -------------------------------------------------------------------------------

    def guild(self, guild_id: int | None = None) -> Guild:
        return self.guilds[guild_id if guild_id is not None else self.guild_id]

    @property
    def members(self) -> dict[int, Member]:
        """The people of the first server."""
        return {k: m for k, m in self.guild().members.items() if not m.bot}

    @property
    def commands(self) -> dict[str, dict[str, Any]]:
        """Synced commands by name, whichever scope synced them last."""
        return self.synced.commands

    @property
    def command_scope(self) -> dict[str, int | None]:
        """The server each command was synced to, or None for global."""
        return self.synced.scope

    def channel(self, channel_id: int) -> Channel:
        if channel_id not in self.channels:
            raise AssertionError(f"there is no channel {channel_id}")
        return self.channels[channel_id]

    def dm_channel(self, user: User | Member) -> Channel:
        """The direct-message channel between `user` and the bot."""
        if user.id not in self._dms:
            channel = Channel(self.snowflake(), "", None, recipient=self.users.get(user.id, user))
            self._dms[user.id] = self.channels[channel.id] = channel
        return self._dms[user.id]

    def home_channel(self, user: User | Member) -> int:
        """Where a person acts unless told: their server's first channel, or the DM for a non-member."""
        if isinstance(user, Member):
            return next(iter(self.guilds[user.guild_id].channels))
        return self.dm_channel(user).id

    def permissions_in(self, member: Member) -> int:
        return self.guilds[member.guild_id].permissions_of(member)

    def shard_of(self, guild_id: int) -> int:
        return shard_of(guild_id, self.shard_count)

    def allowed_intents(self) -> int:
        """The privileged intents switched on for this app in the developer portal."""
        switches = (
            (GUILD_MEMBERS, self.members_intent),
            (GUILD_PRESENCES, self.presences_intent),
            (MESSAGE_CONTENT, self.message_content_intent),
        )
        return sum(intent for intent, on in switches if on)

    def application_flags(self) -> int:
        bits = _VERIFIED_FLAGS if self.verified else _LIMITED_FLAGS
        return sum(flag for intent, flag in bits.items() if self.allowed_intents() & intent)

    # -- messages and files --------------------------------------------------------------------

    def new_message(
        self, data: dict[str, Any], channel_id: int, visible_to: int | None, kind: int, files: list[SentFile]
    ) -> Message:
        message = Message(
            id=self.snowflake(),
            channel_id=channel_id,
            author=self.bot.user(),
            content=data.get("content") or "",
            embeds=data.get("embeds") or [],
            components=data.get("components") or [],
            flags=int(data.get("flags") or 0),
            visible_to=visible_to,
            type=kind,
            guild_id=self.channel(channel_id).guild_id,
            files=files,
        )
        self.messages[message.id] = message
        return message

    def store_file(
        self,
        channel_id: int,
        filename: str,
        data: bytes,
        description: str | None,
        ephemeral: bool,
        folder: str = "attachments",
        content_type: str | None = None,
        announced: int | None = None,
    ) -> SentFile:
        """Keep a file and serve it at its url (on this stand-in's port, like Discord's CDN)."""
        stored = new_file(
            self.snowflake(), channel_id, self.origin, filename, data, description,
            ephemeral=ephemeral, folder=folder, content_type=content_type, announced=announced,
        )  # fmt: skip
        self.files[stored.id] = stored
        return stored

    def can_see(self, user_id: int, message: Message) -> bool:
        channel = self.channels.get(message.channel_id)
        if channel is None or message.visible_to not in (None, user_id):
            return False
        if channel.guild_id is None:
            return channel.recipient is not None and channel.recipient.id == user_id
        return user_id in self.guilds[channel.guild_id].members

    def visible_to(self, user_id: int, channel: int | None = None) -> list[Message]:
        """Messages `user_id` can see (in one channel, if given), oldest first."""
        return [
            m
            for m in self.messages.values()
            if (channel is None or m.channel_id == channel) and self.can_see(user_id, m)
        ]

    # -- addresses and waiting -----------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Until `condition()` holds after some request or gateway event."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    async def notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
