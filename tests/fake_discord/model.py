"""What the stand-in knows of people and places: users, members, roles, channels and servers.

Each object renders itself in the shape Discord sends; discord.py's parsing is the check on every key.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

API = "/api/v10"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
MEMBER_PERMISSIONS = VIEW_CHANNEL | (1 << 11) | (1 << 16) | (1 << 31)  # view, send, history, commands
ALL_PERMISSIONS = 8866461766385663  # every permission, as discord.py 2.7's Permissions.all() has it
BOT_PERMISSIONS = MEMBER_PERMISSIONS | (1 << 14) | (1 << 15)  # and embed links, attach files
DEFAULT_LOCALE = "en-GB"
JOINED = "2026-09-01T08:00:00+00:00"
MIB = 1024 * 1024
# Per boost tier, as discord.py's Guild.filesize_limit has them; over it Discord answers 413, 40005.
UPLOAD_LIMITS = {0: 10 * MIB, 1: 10 * MIB, 2: 50 * MIB, 3: 100 * MIB}
DM_UPLOAD_LIMIT = 10 * MIB
_DISCORD_EPOCH_MS = 1420070400000


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class Snowflakes:
    """Ids as Discord makes them: milliseconds since 2015 above bit 22, a counter below."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self, shard: tuple[int, int] | None = None) -> int:
        """A fresh id; with `shard=(index, count)`, one that Discord routes to that shard."""
        ms = int(time.time() * 1000) - _DISCORD_EPOCH_MS
        if shard is not None:
            index, count = shard
            # Sharding reads only the timestamp: (id >> 22) % count. Step back to the nearest match.
            ms -= (ms - index) % count
        return (ms << 22) | (next(self._counter) & 0x3FFFFF)


def shard_of(guild_id: int, count: int) -> int:
    return (guild_id >> 22) % count


@dataclass
class User:
    """Someone with a Discord account, in no particular server."""

    id: int
    name: str
    bot: bool = False

    def user(self) -> dict[str, Any]:
        return user_payload(self.id, self.name, self.bot)


def user_payload(user_id: int, name: str, bot: bool) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name.lower().replace(" ", "_"),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


@dataclass
class Member:
    """A user as a member of one server. `permissions` is their own, before roles add to it."""

    id: int
    name: str
    permissions: int
    bot: bool = False
    guild_id: int = 0
    roles: list[int] = field(default_factory=list)
    nick: str | None = None

    def user(self) -> dict[str, Any]:
        return user_payload(self.id, self.name, self.bot)

    def member(self, permissions: int | None = None) -> dict[str, Any]:
        """The guild member object; `permissions` only where Discord adds it (interactions)."""
        data = {"user": self.user(), **self.partial()}
        data["deaf"] = data["mute"] = False
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data

    def partial(self, permissions: int | None = None) -> dict[str, Any]:
        """Without `user`, `deaf` and `mute`: the form of `resolved.members` in an interaction."""
        data: dict[str, Any] = {
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in self.roles],
            "joined_at": JOINED,
            "premium_since": None,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    bot_id: int | None = None  # the role Discord makes for a bot when it joins, managed by it

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "description": None,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "managed": self.bot_id is not None,
            "mentionable": False,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass
class Channel:
    """A text channel of a server (type 0), or a direct-message channel with one user (type 1)."""

    id: int
    name: str
    guild_id: int | None
    position: int = 0
    recipient: User | Member | None = None

    @property
    def type(self) -> int:
        return 0 if self.guild_id is not None else 1

    def payload(self) -> dict[str, Any]:
        if self.guild_id is None:
            assert self.recipient is not None
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [self.recipient.user()],
            }
        return {
            "id": str(self.id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }

    def partial(self, permissions: int) -> dict[str, Any]:
        """The form of `resolved.channels`: what Discord documents for a partial channel."""
        full = self.payload()
        keep = ("id", "name", "type", "guild_id", "position", "nsfw", "topic", "last_message_id")
        data = {k: full[k] for k in keep if k in full}
        data.update(
            permissions=str(permissions),
            app_permissions=str(BOT_PERMISSIONS),
            last_pin_timestamp=None,
            parent_id=None,
            rate_limit_per_user=0,
            flags=0,
        )
        return data


@dataclass
class Guild:
    id: int
    name: str
    preferred_locale: str = DEFAULT_LOCALE
    premium_tier: int = 0
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    roles: dict[int, Role] = field(default_factory=dict)
    teacher_role: int | None = None

    @property
    def owner_id(self) -> int:
        """The first teacher, else the bot: never a student, whom discord.py would give every permission."""
        teachers = [m for m in self.members.values() if self.teacher_role in m.roles]
        bots = [m for m in self.members.values() if m.bot]
        return (teachers or bots)[0].id

    @property
    def upload_limit(self) -> int:
        return UPLOAD_LIMITS[self.premium_tier]

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    def permissions_of(self, member: Member) -> int:
        """Server-wide permissions: @everyone, the member's roles and their own bits; admin is all."""
        total = self.everyone.permissions | member.permissions
        for role_id in member.roles:
            total |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if total & ADMINISTRATOR else total

    def payload(self) -> dict[str, Any]:
        """The guild object of GUILD_UPDATE; GUILD_CREATE adds channels, members and counts."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(self.owner_id),
            "roles": [r.payload() for r in sorted(self.roles.values(), key=lambda r: r.position)],
            "features": [],
            "emojis": [],
            "stickers": [],
            "verification_level": 0,
            "explicit_content_filter": 0,
            "default_message_notifications": 0,
            "mfa_level": 0,
            "premium_tier": self.premium_tier,
            "preferred_locale": self.preferred_locale,
            "nsfw_level": 0,
            "afk_timeout": 300,
            "system_channel_flags": 0,
        }

    def create_payload(self, members: list[Member], large_threshold: int, *, joined: bool) -> dict[str, Any]:
        """GUILD_CREATE; `joined`: for a server the bot joins now, sent without `unavailable`."""
        data = {
            **self.payload(),
            "channels": [c.payload() for c in self.channels.values()],
            "members": [m.member() for m in members],
            "member_count": len(self.members),
            "large": len(self.members) > large_threshold,
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "voice_states": [],
            "presences": [],
            "unavailable": False,
            "joined_at": JOINED,
        }
        if joined:
            del data["unavailable"]
        return data
