"""Discord's REST API, as much of it as a classroom bot uses: who am I, commands, messages, members."""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fake_discord import commands, limits
from tests.fake_discord.files import AttachmentError, resolve
from tests.fake_discord.messages import Message, SentFile
from tests.fake_discord.model import DM_UPLOAD_LIMIT, Channel
from tests.fake_discord.responses import BODY, PARTS, discord_error, json_response, rate_limited

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord

MEMBERS_PAGE = 1000
# Editing a channel's messages: Discord's bucket for the route is per channel, about 5 edits per 5 s.
EDITS_PER_WINDOW = 5
EDIT_WINDOW = 5.0


class EditLimit:
    """A per-route rate limit on message edits: `count` per `window` seconds per channel, else 429."""

    def __init__(self, count: int = EDITS_PER_WINDOW, window: float = EDIT_WINDOW) -> None:
        self.count = count
        self.window = window
        self._sent: dict[int, deque[float]] = {}
        self.refused = 0

    def wait(self, channel_id: int) -> float:
        """0 if an edit in this channel may go now (and count it), else the seconds until one may."""
        now = time.monotonic()
        sent = self._sent.setdefault(channel_id, deque())
        while sent and sent[0] <= now - self.window:
            sent.popleft()
        if len(sent) >= self.count:
            self.refused += 1
            return sent[0] + self.window - now
        sent.append(now)
        return 0.0


class Rest:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def routes(self, api: str) -> list[web.RouteDef]:
        app, guild = api + "/applications/{app}", "/guilds/{guild}"
        return [
            web.get(api + "/users/@me", self.me),
            web.get(api + "/oauth2/applications/@me", self.application),
            web.get(api + "/gateway", self.gateway),
            web.get(api + "/gateway/bot", self.gateway_bot),
            web.put(app + "/commands", self.sync),
            web.put(app + guild + "/commands", self.sync),
            web.get(app + "/commands", self.synced),
            web.get(app + guild + "/commands", self.synced),
            web.post(api + "/users/@me/channels", self.open_dm),
            web.post(api + "/channels/{channel}/messages", self.send),
            web.patch(api + "/channels/{channel}/messages/{message}", self.edit),
            web.get(api + guild + "/members", self.list_members),
            web.get(api + guild + "/members/{user}", self.get_member),
        ]

    async def me(self, _: web.Request) -> web.Response:
        return json_response({**self.fake.bot.user(), "verified": True, "mfa_enabled": False, "flags": 0})

    async def application(self, _: web.Request) -> web.Response:
        fake = self.fake
        return json_response(
            {
                "id": str(fake.application_id),
                "name": "Tutor",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": fake.bot.user(),
                "summary": "",
                "verify_key": "0" * 64,
                "team": None,
                "flags": fake.application_flags(),
            }
        )

    async def gateway(self, _: web.Request) -> web.Response:
        return json_response({"url": self.fake.gateway_url})

    async def gateway_bot(self, _: web.Request) -> web.Response:
        fake = self.fake
        return json_response(
            {
                "url": fake.gateway_url,
                "shards": fake.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": max(0, 1000 - fake.identifies),
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def sync(self, request: web.Request) -> web.Response:
        """Bulk overwrite: the scope's commands become exactly these; a name kept keeps its id."""
        body = request[BODY]
        found = commands.problems(body)
        if found:
            return json_response(limits.error_body(found), 400)
        fake = self.fake
        guild = int(request.match_info["guild"]) if "guild" in request.match_info else None
        before = fake.synced.scoped(guild)
        after: dict[str, dict[str, Any]] = {}
        for command in body:
            old = before.get(command["name"])
            stored = {
                "type": 1,
                "description_localizations": None,
                "name_localizations": None,
                "nsfw": False,
                **command,
                "id": old["id"] if old else str(fake.snowflake()),
                "application_id": str(fake.application_id),
                "version": str(fake.snowflake()),
            }
            if guild:
                stored["guild_id"] = str(guild)
            after[command["name"]] = stored
        fake.synced.replace(guild, after)
        return json_response(list(after.values()))

    async def synced(self, request: web.Request) -> web.Response:
        guild = int(request.match_info["guild"]) if "guild" in request.match_info else None
        return json_response(list(self.fake.synced.scoped(guild).values()))

    async def open_dm(self, request: web.Request) -> web.Response:
        recipient = int((request[BODY] or {}).get("recipient_id") or 0)
        user = self.fake.users.get(recipient)
        if user is None:
            return discord_error(400, 50035, "Invalid Form Body")
        return json_response(self.fake.dm_channel(user).payload())

    def _channel(self, request: web.Request) -> Channel | None:
        return self.fake.channels.get(int(request.match_info["channel"]))

    def _files(
        self, channel: Channel, data: dict[str, Any], request: web.Request, existing: list[SentFile] | None
    ) -> list[SentFile] | None:
        guild = self.fake.guilds.get(channel.guild_id or 0)
        limit = guild.upload_limit if guild is not None else DM_UPLOAD_LIMIT
        return resolve(
            data,
            request[PARTS],
            existing,
            limit,
            lambda name, raw, about: self.fake.store_file(channel.id, name, raw, about, False),
        )

    async def send(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return discord_error(404, 10003, "Unknown Channel")
        data = request[BODY] or {}
        found = limits.problems(data)
        if found:
            return json_response(limits.error_body(found), 400)
        try:
            files = self._files(channel, data, request, None)
        except AttachmentError as refused:
            return refused.response
        message = self.fake.new_message(data, channel.id, None, 0, files or [])
        return json_response(message.payload())

    async def edit(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        message: Message | None = self.fake.messages.get(int(request.match_info["message"]))
        if channel is None or message is None or message.channel_id != channel.id:
            return discord_error(404, 10008, "Unknown Message")
        wait = self.fake.edit_limit.wait(channel.id)
        if wait > 0:
            return rate_limited(round(wait, 3), f"edit-{channel.id}", self.fake.edit_limit.count)
        data = request[BODY] or {}
        found = limits.problems(data)
        if found:
            return json_response(limits.error_body(found), 400)
        try:
            files = self._files(channel, data, request, message.files)
        except AttachmentError as refused:
            return refused.response
        message.apply(data, files)
        return json_response(message.payload())

    async def list_members(self, request: web.Request) -> web.Response:
        """Listing members needs the Server Members intent enabled for the app (not in IDENTIFY)."""
        guild = self.fake.guilds.get(int(request.match_info["guild"]))
        if guild is None:
            return discord_error(404, 10004, "Unknown Guild")
        if not self.fake.members_intent:
            return discord_error(403, 50001, "Missing Access")
        limit = min(int(request.query.get("limit", "1")), MEMBERS_PAGE)
        after = int(request.query.get("after", "0"))
        page = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)[:limit]
        return json_response([m.member() for m in page])

    async def get_member(self, request: web.Request) -> web.Response:
        guild = self.fake.guilds.get(int(request.match_info["guild"]))
        if guild is None:
            return discord_error(404, 10004, "Unknown Guild")
        member = guild.members.get(int(request.match_info["user"]))
        if member is None:
            return discord_error(404, 10007, "Unknown Member")
        return json_response(member.member())
