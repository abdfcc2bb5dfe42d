"""A bare gateway client: identify with chosen intents and shard, and read exactly the frames sent.

For tests of the stand-in itself (routing, intents, close codes) where a discord.py client would hide
what arrived, or take seconds.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

from tests.fake_discord.gateway import GUILDS
from tests.fake_discord.server import FakeDiscord


class ClosedError(Exception):
    """The stand-in closed the gateway: `code` and `reason` as Discord would send them."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"{code} {reason}")
        self.code = code
        self.reason = reason


class RawClient:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []

    async def next(self, timeout: float = 5.0) -> dict[str, Any]:
        msg = await self.ws.receive(timeout=timeout)
        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
            raise ClosedError(int(msg.data or self.ws.close_code or 0), str(msg.extra or ""))
        frame: dict[str, Any] = json.loads(msg.data)
        self.frames.append(frame)
        return frame

    async def until(self, event: str) -> dict[str, Any]:
        """The data of the next dispatch of `event`; every frame before it is kept in `frames`."""
        while True:
            frame = await self.next()
            if frame.get("t") == event:
                data: dict[str, Any] = frame["d"]
                return data

    def events(self, event: str) -> list[dict[str, Any]]:
        return [f["d"] for f in self.frames if f.get("t") == event]

    async def send(self, op: int, data: Any) -> None:
        await self.ws.send_str(json.dumps({"op": op, "d": data}))


@contextlib.asynccontextmanager
async def raw_gateway(
    fake: FakeDiscord,
    *,
    intents: int | None = GUILDS,
    shard: list[int] | None = None,
    token: str | None = None,
) -> AsyncIterator[RawClient]:
    """Connected and, unless `intents` is None, identified up to READY."""
    async with aiohttp.ClientSession() as session, session.ws_connect(fake.gateway_url) as ws:
        client = RawClient(ws)
        hello = await client.next()
        assert hello["op"] == 10
        if intents is not None:
            identify: dict[str, Any] = {"token": token or fake.token, "intents": intents, "properties": {}}
            if shard is not None:
                identify["shard"] = shard
            await client.send(2, identify)
            await client.until("READY")
        yield client


async def rest(
    fake: FakeDiscord, method: str, path: str, body: Any = None, files: list[tuple[str, bytes]] | None = None
) -> tuple[int, Any]:
    """A REST call under the API base with the bot's token; with `files`, multipart as discord.py
    sends it (`payload_json` and `files[n]`). Returns the status and the decoded JSON (or None)."""
    data: Any = None
    if files is not None:
        data = aiohttp.FormData()
        data.add_field("payload_json", json.dumps(body))
        for index, (name, raw) in enumerate(files):
            data.add_field(f"files[{index}]", raw, filename=name, content_type="application/octet-stream")
    headers = {"Authorization": f"Bot {fake.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.request(
            method, fake.api_base + path, json=body if files is None else None, data=data, headers=headers
        ) as response,
    ):
        return response.status, await response.json() if response.status != 204 else None
