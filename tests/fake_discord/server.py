"""The stand-in itself: Discord's REST API and gateway on 127.0.0.1, for one classroom server.

It keeps what each user can see (channel messages, and each user's own ephemeral messages),
records every request, rejects what Discord rejects, and injects the faults Discord produces.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

from tests.fake_discord import limits

API = "/api/v10"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)  # view, send, read history, use commands
DEADLINE = 3.0
BODY = web.RequestKey[Any]("body", object)
_DISCORD_EPOCH_MS = 1420070400000


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py compares the header with ==, so no charset may follow.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def discord_error(status: int, code: int, message: str) -> web.Response:
    return json_response({"code": code, "message": message}, status)


@dataclass
class Member:
    id: int
    name: str
    permissions: int
    bot: bool = False

    def user(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name.lower().replace(" ", "_"),
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    def member(self) -> dict[str, Any]:
        return {
            "user": self.user(),
            "roles": [],
            "joined_at": "2026-09-01T08:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(self.permissions),
        }


@dataclass
class Message:
    id: int
    channel_id: int
    author: dict[str, Any]
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    flags: int
    visible_to: int | None  # None: everyone in the channel; else the one user of an ephemeral message
    type: int = 0
    edited: str | None = None
    created: str = field(default_factory=_now_iso)

    def payload(self, guild_id: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "guild_id": str(guild_id),
            "author": self.author,
            "content": self.content,
            "timestamp": self.created,
            "edited_timestamp": self.edited,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": self.type,
            "flags": self.flags,
        }

    def apply(self, data: dict[str, Any]) -> None:
        """A PATCH or UPDATE_MESSAGE: keys present replace, keys absent stay."""
        if "content" in data:
            self.content = data["content"] or ""
        if "embeds" in data:
            self.embeds = data["embeds"] or []
        if "components" in data:
            self.components = data["components"] or []
        self.flags &= ~LOADING
        self.edited = _now_iso()


@dataclass
class Interaction:
    id: int
    token: str
    user_id: int
    channel_id: int
    created: float
    source: Message | None = None
    original: Message | None = None
    acked: bool = False
    deferred: bool = False
    done: asyncio.Future[Any] = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    def resolve(self, result: Any) -> None:
        if not self.done.done():
            self.done.set_result(result)

    def fail(self, why: str) -> None:
        """What the person sees is Discord's "This interaction failed"."""
        if not self.done.done():
            self.done.set_exception(InteractionFailedError(why))


class InteractionFailedError(Exception):
    pass


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    times: int
    retry_after: float


@dataclass
class Recorded:
    method: str
    path: str
    body: Any
    status: int = 0


class FakeDiscord:
    """One application, one bot user and one classroom server with a text channel."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.token = "fake-token." + secrets.token_urlsafe(12)
        self.application_id = self.snowflake()
        self.guild_id = self.snowflake()
        self.channel_id = self.snowflake()
        self.bot = Member(self.application_id, "Tutor", 0, bot=True)
        self.members: dict[int, Member] = {}
        self.messages: dict[int, Message] = {}
        self.commands: dict[str, dict[str, Any]] = {}
        self.command_scope: dict[str, int | None] = {}
        self.requests: list[Recorded] = []
        self.interactions: dict[int, Interaction] = {}
        self.faults: list[Fault] = []
        self.backdate_next = 0.0
        self.identifies = 0
        self.resumes = 0
        self._session: str | None = None
        self._seq = 0
        self._sent: list[dict[str, Any]] = []
        self._ws: web.WebSocketResponse | None = None
        self._ws_request: web.BaseRequest | None = None
        self._connected = asyncio.Event()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- set-up --------------------------------------------------------------------------------

    def snowflake(self) -> int:
        return ((int(time.time() * 1000) - _DISCORD_EPOCH_MS) << 22) | next(self._ids)

    def add_member(self, name: str, *, teacher: bool = False) -> Member:
        permissions = MEMBER_PERMISSIONS | (MANAGE_GUILD if teacher else 0)
        member = Member(self.snowflake(), name, permissions)
        self.members[member.id] = member
        return member

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/gateway", self._gateway)
        routes: list[tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]] = [
            ("GET", "/users/@me", self._me),
            ("GET", "/oauth2/applications/@me", self._application),
            ("GET", "/gateway", self._gateway_info),
            ("GET", "/gateway/bot", self._gateway_info),
            ("PUT", "/applications/{app}/commands", self._sync),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._sync),
            ("POST", "/interactions/{id}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", "/webhooks/{app}/{token}/messages/{message}", self._webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{message}", self._webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{message}", self._webhook_message),
            ("POST", "/channels/{channel}/messages", self._channel_send),
            ("PATCH", "/channels/{channel}/messages/{message}", self._channel_edit),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, API + path, handler)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what tests ask ------------------------------------------------------------------------

    def visible_to(self, user_id: int) -> list[Message]:
        return [m for m in self.messages.values() if m.visible_to in (None, user_id)]

    def rejected(self) -> list[Recorded]:
        """Requests answered with a client error: what Discord would have refused."""
        return [r for r in self.requests if 400 <= r.status < 500 and r.status != 429]

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    async def wait_connected(self, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Until `condition()` holds after some request or gateway event."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- faults --------------------------------------------------------------------------------

    def fail_next(
        self, method: str, path: str, status: int, *, times: int = 1, retry_after: float = 0.2
    ) -> None:
        """Answer the next `times` requests matching `path` (a regex) with `status`."""
        self.faults.append(Fault(method, re.compile(path), status, times, retry_after))

    def expire_next_interaction(self) -> None:
        """The next interaction is created as if more than 3 s ago: its callback gets 404 10062."""
        self.backdate_next = DEADLINE + 0.5

    async def send_reconnect(self) -> None:
        """op 7: Discord asks the client to reconnect and resume."""
        assert self._ws is not None
        await self._ws.send_json({"op": 7, "d": None})

    async def drop_connection(self) -> None:
        """Close the socket without a close frame, as a network failure would."""
        assert self._ws_request is not None
        assert self._ws_request.transport is not None
        self._connected.clear()
        self._ws_request.transport.abort()

    async def invalidate_session(self) -> None:
        """op 9 (not resumable): the client must identify again from scratch."""
        assert self._ws is not None
        self._session = None
        await self._ws.send_json({"op": 9, "d": False})

    # -- interactions from people --------------------------------------------------------------

    async def interact(
        self, user: Member, kind: int, data: dict[str, Any], source: Message | None = None
    ) -> Interaction:
        """Dispatch INTERACTION_CREATE as Discord would for this user, and track its responses."""
        await self.wait_connected()
        interaction = Interaction(
            id=self.snowflake(),
            token=secrets.token_urlsafe(24),
            user_id=user.id,
            channel_id=self.channel_id,
            created=time.monotonic() - self.backdate_next,
            source=source,
        )
        self.backdate_next = 0.0
        self.interactions[interaction.id] = interaction
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "guild_id": str(self.guild_id),
            "channel_id": str(self.channel_id),
            "channel": self._channel(),
            "member": user.member(),
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(MEMBER_PERMISSIONS | (1 << 14) | (1 << 15)),
            "locale": "en-GB",
            "guild_locale": "en-GB",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if source is not None:
            payload["message"] = source.payload(self.guild_id)
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    # -- gateway -------------------------------------------------------------------------------

    def _channel(self) -> dict[str, Any]:
        return {
            "id": str(self.channel_id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": "lessons",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }

    def _guild(self) -> dict[str, Any]:
        everyone = {
            "id": str(self.guild_id),
            "name": "@everyone",
            "permissions": str(MEMBER_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        members = [self.bot, *self.members.values()]
        return {
            "id": str(self.guild_id),
            "name": "Class 5B",
            "icon": None,
            "owner_id": str(next(iter(self.members), self.bot.id)),
            "roles": [everyone],
            "channels": [self._channel()],
            "members": [m.member() for m in members],
            "member_count": len(members),
            "features": [],
            "emojis": [],
            "stickers": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "voice_states": [],
            "presences": [],
            "large": False,
            "unavailable": False,
            "verification_level": 0,
            "explicit_content_filter": 0,
            "default_message_notifications": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-GB",
            "nsfw_level": 0,
            "afk_timeout": 300,
            "system_channel_flags": 0,
            "joined_at": "2026-09-01T08:00:00+00:00",
        }

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        frame = {"op": 0, "t": event, "s": self._seq, "d": data}
        # Kept so that a client which resumes gets what it missed while away.
        self._sent.append(frame)
        if self._ws is not None and not self._ws.closed:
            with contextlib.suppress(ConnectionError):
                await self._ws.send_json(frame)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws, self._ws_request = ws, request
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op = frame.get("op")
            if op == 1:
                await ws.send_json({"op": 11})
            elif op == 2:
                await self._identify(frame["d"])
            elif op == 6:
                await self._resume(ws, frame["d"])
        if self._ws is ws:
            self._ws = None
            self._connected.clear()
        await self._notify()
        return ws

    async def _identify(self, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            assert self._ws is not None
            await self._ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identifies += 1
        self._session = secrets.token_hex(16)
        self._seq = 0
        self._sent = []
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": {**self.bot.user(), "verified": True, "mfa_enabled": False, "flags": 0},
                "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                "session_id": self._session,
                "resume_gateway_url": self.gateway_url,
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
        )
        await self.dispatch("GUILD_CREATE", self._guild())
        self._connected.set()
        await self._notify()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("session_id") != self._session or data.get("token") != self.token:
            await ws.send_json({"op": 9, "d": False})
            return
        self.resumes += 1
        seen = data.get("seq") or 0
        for frame in self._sent:
            if frame["s"] > seen:
                await ws.send_json(frame)
        self._seq += 1
        await ws.send_json({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}})
        self._connected.set()
        await self._notify()

    # -- REST ----------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        body = request[BODY] = await self._body(request)
        record = Recorded(request.method, request.path, body)
        self.requests.append(record)
        response: web.StreamResponse | None = self._fault(request) or self._unauthorized(request)
        if response is None:
            try:
                response = await handler(request)
            except web.HTTPNotFound:
                response = discord_error(404, 0, "404: Not Found")
        record.status = response.status
        await self._notify()
        return response

    @staticmethod
    async def _body(request: web.Request) -> Any:
        if not request.can_read_body:
            return None
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            raw = form.get("payload_json")
            return json.loads(str(raw)) if raw is not None else None
        text = await request.text()
        return json.loads(text) if text else None

    def _fault(self, request: web.Request) -> web.Response | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.path.search(request.path):
                fault.times -= 1
                if fault.status == 429:
                    after = f"{fault.retry_after:.3f}"
                    return json_response(
                        {
                            "message": "You are being rate limited.",
                            "retry_after": fault.retry_after,
                            "global": False,
                        },
                        429,
                        {
                            "X-RateLimit-Limit": "5",
                            "X-RateLimit-Remaining": "0",
                            "X-RateLimit-Reset-After": after,
                            "X-RateLimit-Bucket": "fakebucket",
                            "X-RateLimit-Scope": "user",
                            "Retry-After": after,
                            # Discord's API answers through its edge, which adds Via; discord.py's
                            # webhook client treats a 429 without Via as a ban and does not retry.
                            "Via": "1.1 google",
                        },
                    )
                return discord_error(fault.status, 0, f"{fault.status}: injected failure")
        return None

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        # Interaction callbacks and webhooks are authorised by their token in the path.
        if request.path.startswith((f"{API}/interactions/", f"{API}/webhooks/")):
            return None
        if request.headers.get("Authorization") != f"Bot {self.token}":
            return discord_error(401, 0, "401: Unauthorized")
        return None

    async def _me(self, _: web.Request) -> web.Response:
        return json_response({**self.bot.user(), "verified": True, "mfa_enabled": False, "flags": 0})

    async def _application(self, _: web.Request) -> web.Response:
        return json_response(
            {
                "id": str(self.application_id),
                "name": "Tutor",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": self.bot.user(),
                "summary": "",
                "verify_key": "0" * 64,
                "team": None,
                "flags": 0,
            }
        )

    async def _gateway_info(self, _: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url, "shards": 1})

    async def _sync(self, request: web.Request) -> web.Response:
        body = request[BODY]
        guild = request.match_info.get("guild")
        echoed = []
        for command in body:
            stored = {
                **command,
                "id": str(self.snowflake()),
                "application_id": str(self.application_id),
                "version": str(self.snowflake()),
            }
            if guild:
                stored["guild_id"] = guild
            self.commands[command["name"]] = stored
            self.command_scope[command["name"]] = int(guild) if guild else None
            echoed.append(stored)
        return json_response(echoed)

    def _new_message(
        self, data: dict[str, Any], channel_id: int, visible_to: int | None, kind: int
    ) -> Message:
        flags = int(data.get("flags") or 0)
        message = Message(
            id=self.snowflake(),
            channel_id=channel_id,
            author=self.bot.user(),
            content=data.get("content") or "",
            embeds=data.get("embeds") or [],
            components=data.get("components") or [],
            flags=flags,
            visible_to=visible_to,
            type=kind,
        )
        self.messages[message.id] = message
        return message

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self.interactions.get(int(request.match_info["id"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            return discord_error(404, 10062, "Unknown interaction")
        if time.monotonic() - interaction.created > DEADLINE:
            interaction.fail("the bot answered after Discord's 3 s deadline")
            return discord_error(404, 10062, "Unknown interaction")
        if interaction.acked:
            return discord_error(400, 40060, "Interaction has already been acknowledged.")
        body = request[BODY]
        kind, data = body["type"], body.get("data") or {}
        if kind in (4, 7):
            found = limits.problems(data)
            if found:
                return json_response(limits.error_body(found), 400)
        if kind == 8:
            found = limits.choice_problems(data.get("choices") or [])
            if found:
                return json_response(limits.error_body(found), 400)
        interaction.acked = True
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        message: Message | None = None
        if kind == 4:
            visible = interaction.user_id if ephemeral else None
            message = self._new_message(data, interaction.channel_id, visible, 20)
            interaction.original = message
            interaction.resolve(message)
        elif kind == 5:
            visible = interaction.user_id if ephemeral else None
            message = self._new_message(
                {"flags": LOADING | (EPHEMERAL if ephemeral else 0)}, interaction.channel_id, visible, 20
            )
            interaction.original = message
            interaction.deferred = True
        elif kind == 6:
            interaction.original = interaction.source
            interaction.deferred = True
        elif kind == 7:
            assert interaction.source is not None
            message = interaction.source
            message.apply(data)
            interaction.original = message
            interaction.resolve(message)
        elif kind == 8:
            interaction.resolve(data.get("choices") or [])
        else:
            return discord_error(400, 50035, f"Unsupported callback type {kind}")
        reply: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": 2 if interaction.source is None else 3,
                "response_message_id": str(message.id) if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": ephemeral,
            }
        }
        if message is not None:
            reply["resource"] = {"type": kind, "message": message.payload(self.guild_id)}
        else:
            reply["resource"] = {"type": kind}
        return json_response(reply)

    def _by_token(self, request: web.Request) -> Interaction | None:
        token = request.match_info["token"]
        return next((i for i in self.interactions.values() if i.token == token), None)

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self._by_token(request)
        if interaction is None or not interaction.acked:
            return discord_error(404, 10015, "Unknown Webhook")
        data = request[BODY] or {}
        found = limits.problems(data)
        if found:
            return json_response(limits.error_body(found), 400)
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        message = self._new_message(
            data, interaction.channel_id, interaction.user_id if ephemeral else None, 0
        )
        return json_response(message.payload(self.guild_id))

    async def _webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._by_token(request)
        key = request.match_info["message"]
        if interaction is None:
            return discord_error(404, 10015, "Unknown Webhook")
        message = interaction.original if key == "@original" else self.messages.get(int(key))
        if message is None:
            return discord_error(404, 10008, "Unknown Message")
        if request.method == "DELETE":
            del self.messages[message.id]
            return web.Response(status=204)
        if request.method == "PATCH":
            data = request[BODY] or {}
            found = limits.problems(data)
            if found:
                return json_response(limits.error_body(found), 400)
            message.apply(data)
            if key == "@original" and interaction.deferred:
                interaction.resolve(message)
        return json_response(message.payload(self.guild_id))

    async def _channel_send(self, request: web.Request) -> web.Response:
        data = request[BODY] or {}
        found = limits.problems(data)
        if found:
            return json_response(limits.error_body(found), 400)
        message = self._new_message(data, int(request.match_info["channel"]), None, 0)
        return json_response(message.payload(self.guild_id))

    async def _channel_edit(self, request: web.Request) -> web.Response:
        message = self.messages.get(int(request.match_info["message"]))
        if message is None:
            return discord_error(404, 10008, "Unknown Message")
        data = request[BODY] or {}
        found = limits.problems(data)
        if found:
            return json_response(limits.error_body(found), 400)
        message.apply(data)
        return json_response(message.payload(self.guild_id))
