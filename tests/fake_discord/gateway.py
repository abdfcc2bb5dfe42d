"""The gateway: a session per shard, each server's events sent where Discord sends them, intents enforced.

Frames go out through one queue per connection, so events leave in the order they happened even when a
test changes the server from synchronous code (`add_member`, `give_role`, ...).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from tests.fake_discord.model import Guild, Member, shard_of

if TYPE_CHECKING:
    from tests.fake_discord.world import World

GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
MESSAGE_CONTENT = 1 << 15
HEARTBEAT_MS = 41250
CHUNK_SIZE = 1000
QUERY_LIMIT = 100
DEFAULT_LARGE_THRESHOLD = 50
# Events Discord sends only to sessions that asked for the intent; the rest (READY, interactions,
# chunks) always go.
NEEDS = {
    "GUILD_CREATE": GUILDS,
    "GUILD_UPDATE": GUILDS,
    "GUILD_DELETE": GUILDS,
    "CHANNEL_CREATE": GUILDS,
    "GUILD_ROLE_CREATE": GUILDS,
    "GUILD_MEMBER_ADD": GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": GUILD_MEMBERS,
}


@dataclass(frozen=True)
class _Close:
    code: int
    reason: str


class Connection:
    """One websocket; its frames are written in order by a single task."""

    def __init__(self, ws: web.WebSocketResponse, request: web.BaseRequest) -> None:
        self.ws = ws
        self.request = request
        self.session: Session | None = None
        self._outbox: asyncio.Queue[dict[str, Any] | _Close] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write())

    def send(self, frame: dict[str, Any]) -> None:
        self._outbox.put_nowait(frame)

    def close(self, code: int, reason: str) -> None:
        self._outbox.put_nowait(_Close(code, reason))

    def abort(self) -> None:
        """Drop the socket without a close frame, as a network failure would."""
        assert self.request.transport is not None
        self.request.transport.abort()

    async def stop(self) -> None:
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer

    async def _write(self) -> None:
        while True:
            item = await self._outbox.get()
            try:
                if isinstance(item, _Close):
                    await self.ws.close(code=item.code, message=item.reason.encode())
                    return
                await self.ws.send_str(json.dumps(item))
            except (ConnectionError, RuntimeError):
                return


@dataclass
class Session:
    """What Discord keeps for a resumable session: its shard, intents and every frame sent in it."""

    id: str
    shard: tuple[int, int]
    intents: int
    large_threshold: int
    sharded: bool
    seq: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    ready: bool = False

    def routes(self, guild_id: int | None) -> bool:
        """Discord sends a server's events to shard (id >> 22) % count; direct messages to shard 0."""
        index, count = self.shard
        return (0 if guild_id is None else shard_of(guild_id, count)) == index

    @property
    def live(self) -> bool:
        return self.ready and self.connection is not None and not self.connection.ws.closed

    def emit(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        frame = {"op": 0, "t": event, "s": self.seq, "d": data}
        # Kept so that a client which resumes gets what it missed while away.
        self.sent.append(frame)
        if self.connection is not None:
            self.connection.send(frame)


class Gateway:
    def __init__(self, fake: World) -> None:
        self.fake = fake
        self.sessions: dict[str, Session] = {}  # by session id; dead ones stay, as Discord's do a while
        self.log: list[tuple[str, dict[str, Any]]] = []
        self.identifies = 0
        self.resumes = 0

    # -- routing -------------------------------------------------------------------------------

    def emit(self, guild_id: int | None, event: str, data: dict[str, Any]) -> None:
        """Send a server's event (or a direct message's, `guild_id=None`) to the sessions that get it."""
        if self.sessions:
            self.log.append((event, data))
        for session in list(self.sessions.values()):
            if session.routes(guild_id) and session.intents & NEEDS.get(event, 0) == NEEDS.get(event, 0):
                session.emit(event, data)

    def announce(self, guild: Guild) -> None:
        """GUILD_CREATE for a server the bot has just joined, to the sessions of its shard."""
        if self.sessions:
            self.log.append(("GUILD_CREATE", guild.payload()))
        for session in self.sessions.values():
            if session.routes(guild.id) and session.intents & GUILDS:
                session.emit("GUILD_CREATE", self.guild_create(guild, session, joined=True))

    def routable(self, guild_id: int | None) -> bool:
        return any(s.live and s.routes(guild_id) for s in self.sessions.values())

    def covers(self, shard: int, count: int) -> bool:
        return any(s.live and (s.shard == (shard, count) or s.shard[1] == 1) for s in self.sessions.values())

    def sent(self, event: str) -> list[dict[str, Any]]:
        """The data of every `event` sent for a change or an action since a client first connected."""
        return [data for name, data in self.log if name == event]

    def live(self, shard: int | None) -> list[Session]:
        return [s for s in self.sessions.values() if s.live and (shard is None or s.shard[0] == shard)]

    # -- the websocket -------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        connection = Connection(ws, request)
        connection.send({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                if op == 1:
                    connection.send({"op": 11})
                elif op == 2:
                    self._identify(connection, data or {})
                elif op == 6:
                    self._resume(connection, data or {})
                elif op == 8:
                    self._request_members(connection, data or {})
                await self.fake.notify()
        finally:
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
            await connection.stop()
            await self.fake.notify()
        return ws

    def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        fake = self.fake
        if connection.session is not None:
            connection.close(4005, "Already authenticated.")
            return
        if data.get("token") != fake.token:
            connection.close(4004, "Authentication failed.")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0:
            connection.close(4013, "Invalid intent(s).")
            return
        if intents & ~fake.allowed_intents() & (GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT):
            # What discord.py turns into PrivilegedIntentsRequired.
            connection.close(4014, "Disallowed intent(s).")
            return
        shard = data.get("shard")
        if shard is None:
            index, count = 0, 1
        elif (
            isinstance(shard, list)
            and len(shard) == 2
            and all(isinstance(n, int) for n in shard)
            and 0 <= shard[0] < shard[1]
        ):
            index, count = shard
        else:
            connection.close(4010, "Invalid shard.")
            return
        self.identifies += 1
        session = Session(
            id=secrets.token_hex(16),
            shard=(index, count),
            intents=intents,
            large_threshold=int(data.get("large_threshold") or DEFAULT_LARGE_THRESHOLD),
            sharded=shard is not None,
        )
        self.sessions[session.id] = session
        session.connection, connection.session = connection, session
        guilds = [g for g in fake.guilds.values() if session.routes(g.id)]
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**fake.bot.user(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": fake.gateway_url,
            "application": {"id": str(fake.application_id), "flags": fake.application_flags()},
            "private_channels": [],
            "relationships": [],
        }
        if session.sharded:
            ready["shard"] = [index, count]
        session.emit("READY", ready)
        for guild in guilds:
            if session.intents & GUILDS:
                session.emit("GUILD_CREATE", self.guild_create(guild, session))
        session.ready = True

    def guild_create(self, guild: Guild, session: Session, *, joined: bool = False) -> dict[str, Any]:
        """Without the presence intent Discord lists only the bot; with it, all (or, when large, some)."""
        members = [m for m in guild.members.values() if m.bot]
        if session.intents & GUILD_PRESENCES:
            if len(guild.members) > session.large_threshold:
                # Nobody here is online, so a large server lists those with a role or a nickname.
                members = [m for m in guild.members.values() if m.bot or m.roles or m.nick]
            else:
                members = list(guild.members.values())
        return guild.create_payload(members, session.large_threshold, joined=joined)

    def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.fake.token:
            connection.send({"op": 9, "d": False})
            return
        self.resumes += 1
        session.connection, connection.session = connection, session
        seen = data.get("seq") or 0
        for frame in session.sent:
            if frame["s"] > seen:
                connection.send(frame)
        session.seq += 1
        connection.send({"op": 0, "t": "RESUMED", "s": session.seq, "d": {}})

    def _request_members(self, connection: Connection, data: dict[str, Any]) -> None:
        """op 8. Discord answers in GUILD_MEMBERS_CHUNKs of up to 1,000, or silently not at all."""
        session = connection.session
        if session is None:
            connection.close(4003, "Not authenticated.")
            return
        guild = self.fake.guilds.get(int(data.get("guild_id") or 0))
        if guild is None or not session.routes(guild.id):
            return
        everyone = list(guild.members.values())
        query, user_ids, limit = data.get("query"), data.get("user_ids"), int(data.get("limit") or 0)
        not_found: list[int] = []
        if user_ids is not None:
            wanted = [int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])]
            found = [guild.members[u] for u in wanted[:QUERY_LIMIT] if u in guild.members]
            not_found = [u for u in wanted[:QUERY_LIMIT] if u not in guild.members]
        elif query == "":
            # The whole list needs the members intent; without it Discord does not answer.
            if not session.intents & GUILD_MEMBERS:
                return
            found = everyone[:limit] if limit else everyone
        elif isinstance(query, str):
            found = [m for m in everyone if _matches(m, query)][: min(limit or QUERY_LIMIT, QUERY_LIMIT)]
        else:
            return
        parts = [found[i : i + CHUNK_SIZE] for i in range(0, len(found), CHUNK_SIZE)] or [[]]
        for index, part in enumerate(parts):
            chunk: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [m.member() for m in part],
                "chunk_index": index,
                "chunk_count": len(parts),
            }
            if not_found and index == 0:
                chunk["not_found"] = [str(u) for u in not_found]
            if data.get("presences") and session.intents & GUILD_PRESENCES:
                chunk["presences"] = []
            if data.get("nonce"):
                chunk["nonce"] = data["nonce"]
            session.emit("GUILD_MEMBERS_CHUNK", chunk)


def _matches(member: Member, query: str) -> bool:
    names = [member.user()["username"], member.nick or ""]
    return any(name.lower().startswith(query.lower()) for name in names if name)
