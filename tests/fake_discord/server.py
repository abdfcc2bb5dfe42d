"""The stand-in itself: Discord's REST API, gateway and CDN on 127.0.0.1, for the `World` it keeps.

It records every request, rejects what Discord rejects, and injects the faults Discord produces.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fake_discord.files import MAX_FILES, Part, cdn_routes, read_body
from tests.fake_discord.gateway import Session
from tests.fake_discord.interactions import DEADLINE, OMIT, Answers, create
from tests.fake_discord.messages import Interaction, InteractionFailedError, Message
from tests.fake_discord.model import (
    API,
    EPHEMERAL,
    LOADING,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    Member,
)
from tests.fake_discord.responses import BODY, PARTS, discord_error, json_response, rate_limited
from tests.fake_discord.rest import EditLimit, Rest
from tests.fake_discord.world import World

__all__ = [
    "DEADLINE",
    "EPHEMERAL",
    "LOADING",
    "MANAGE_GUILD",
    "MAX_FILES",
    "MEMBER_PERMISSIONS",
    "OMIT",
    "FakeDiscord",
    "Interaction",
    "InteractionFailedError",
    "Member",
    "Message",
    "discord_error",
    "json_response",
]


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    times: int
    retry_after: float


@dataclass
class Hold:
    """A request kept waiting, as a reply still on its way when the bot dies: see `hold_next`."""

    method: str
    path: re.Pattern[str]
    reached: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)
    used: bool = False

    def release(self) -> None:
        self.released.set()


@dataclass
class Recorded:
    method: str
    path: str
    body: Any
    status: int = 0
    files: tuple[Part, ...] = ()


class FakeDiscord(World):
    """Discord on loopback for the world it keeps; `start()` it, point a client at it, `stop()` it."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.holds: list[Hold] = []
        self.backdate_next = 0.0
        # Discord's per-route limit on editing a channel's messages: a 429 with retry_after beyond it.
        self.edit_limit = EditLimit()
        self._runner: web.AppRunner | None = None

    @property
    def api_base(self) -> str:
        return f"{self.origin}{API}"

    async def start(self) -> None:
        # Bodies up to 200 MiB are read, so that Discord's own 413 (40005) is what a bot sees.
        app = web.Application(middlewares=[self._middleware], client_max_size=200 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_routes(Rest(self).routes(API))
        app.router.add_routes(Answers(self).routes(API))
        app.router.add_routes(cdn_routes(self.files, self.served))
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        for session in self.gateway.sessions.values():
            if session.connection is not None:
                await session.connection.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what tests ask ------------------------------------------------------------------------

    def rejected(self) -> list[Recorded]:
        """Requests answered with a client error: what Discord would have refused."""
        return [r for r in self.requests if 400 <= r.status < 500 and r.status != 429]

    @property
    def identifies(self) -> int:
        return self.gateway.identifies

    @property
    def resumes(self) -> int:
        return self.gateway.resumes

    @property
    def connected(self) -> bool:
        """Every one of `shard_count` shards has a live, identified (or resumed) session."""
        return all(self.gateway.covers(index, self.shard_count) for index in range(self.shard_count))

    async def wait_connected(self, timeout: float = 10.0, *, shard: int | None = None) -> None:
        if shard is None:
            await self.wait_for(lambda: self.connected, timeout)
        else:
            await self.wait_for(lambda: self.gateway.covers(shard, self.shard_count), timeout)

    async def wait_routable(self, guild_id: int | None, timeout: float = 10.0) -> None:
        """Until a session that gets this server's events (or DMs, for None) is live."""
        await self.wait_for(lambda: self.gateway.routable(guild_id), timeout)

    # -- faults --------------------------------------------------------------------------------

    def fail_next(
        self, method: str, path: str, status: int, *, times: int = 1, retry_after: float = 0.2
    ) -> None:
        """Answer the next `times` requests matching `path` (a regex) with `status`."""
        self.faults.append(Fault(method, re.compile(path), status, times, retry_after))

    def hold_next(self, method: str, path: str) -> Hold:
        """Keep the next request matching `path` (a regex) waiting until the test releases it."""
        hold = Hold(method, re.compile(path))
        self.holds.append(hold)
        return hold

    def expire_next_interaction(self) -> None:
        """The next interaction is created as if more than 3 s ago: its callback gets 404 10062."""
        self.backdate_next = DEADLINE + 0.5

    async def send_reconnect(self, *, shard: int | None = None) -> None:
        """op 7: Discord asks the client (every live shard, or one) to reconnect and resume."""
        for session in self._live(shard):
            assert session.connection is not None
            session.connection.send({"op": 7, "d": None})

    async def drop_connection(self, *, shard: int | None = None) -> None:
        """Close the socket without a close frame, as a network failure would."""
        for session in self._live(shard):
            assert session.connection is not None
            session.connection.abort()
            session.connection = None
        await self.notify()

    async def invalidate_session(self, *, shard: int | None = None) -> None:
        """op 9 (not resumable): the client must identify again from scratch."""
        for session in self._live(shard):
            assert session.connection is not None
            del self.gateway.sessions[session.id]
            session.connection.send({"op": 9, "d": False})

    def _live(self, shard: int | None) -> list[Session]:
        live = self.gateway.live(shard)
        assert live, "no client is connected" + (f" on shard {shard}" if shard is not None else "")
        return live

    # -- interactions from people --------------------------------------------------------------

    # The function itself, bound as a method (its first parameter is the stand-in): one signature to keep.
    interact = create

    async def dispatch(self, event: str, data: Any) -> None:
        """Send any gateway event, routed by its `guild_id` as Discord does (malformed data: shard 0)."""
        guild = data.get("guild_id") if isinstance(data, dict) else None
        self.gateway.emit(int(guild) if guild else None, event, data)

    # -- REST plumbing -------------------------------------------------------------------------

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        body, parts = await read_body(request)
        request[BODY], request[PARTS] = body, parts
        record = Recorded(request.method, request.path, body, files=tuple(parts))
        self.requests.append(record)
        for hold in self.holds:
            if not hold.used and hold.method == request.method and hold.path.search(request.path):
                hold.used = True
                hold.reached.set()
                await hold.released.wait()
        response: web.StreamResponse | None = self._fault(request) or self._unauthorized(request)
        if response is None:
            try:
                response = await handler(request)
            except web.HTTPNotFound:
                response = discord_error(404, 0, "404: Not Found")
            except web.HTTPMethodNotAllowed:
                response = discord_error(405, 0, "405: Method Not Allowed")
        record.status = response.status
        await self.notify()
        return response

    def _fault(self, request: web.Request) -> web.Response | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.path.search(request.path):
                fault.times -= 1
                if fault.status == 429:
                    return rate_limited(fault.retry_after)
                return discord_error(fault.status, 0, f"{fault.status}: injected failure")
        return None

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        # Interaction callbacks and webhooks are authorised by their token in the path; the CDN not at all.
        if not request.path.startswith(API) or request.path.startswith(
            (f"{API}/interactions/", f"{API}/webhooks/")
        ):
            return None
        if request.headers.get("Authorization") != f"Bot {self.token}":
            return discord_error(401, 0, "401: Unauthorized")
        return None
