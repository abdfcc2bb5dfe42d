"""/healthz and /metrics over HTTP, for whoever hosts the bot (METRICS_PORT; off by default).

/healthz answers 200 when the gateway is connected (every shard of this process) and the database
answers, else 503, with a line saying which failed. /metrics is Prometheus's text format: the bot's
figures (bot/metrics.py) and the process's own (memory, CPU, open files).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from aiohttp import web
from discord.ext import commands
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.metrics import OPEN_ATTEMPTS
from bot.storage.faults import StorageError

if TYPE_CHECKING:
    from bot.client import TutorBot

log = logging.getLogger(__name__)
# How often the open-attempts gauge is read from the database: one COUNT, not one per scrape.
_GAUGE_EVERY = timedelta(seconds=15)


class HealthCog(commands.Cog):
    def __init__(self, client: TutorBot, host: str, port: int) -> None:
        self.client, self.host, self.port = client, host, port
        self._runner: web.AppRunner | None = None
        self._gauge: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self._gauge = asyncio.create_task(self._keep_gauge(), name="metrics-gauge")
        log.info("Serving /healthz and /metrics on %s:%s", self.host, self.port)

    async def cog_unload(self) -> None:
        if self._gauge is not None:
            self._gauge.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._gauge
        if self._runner is not None:
            await self._runner.cleanup()

    def _gateway_down(self) -> str | None:
        client = self.client
        if client.is_closed() or not client.is_ready():
            return "gateway: not connected"
        shards = getattr(client, "shards", None)
        if shards is not None:
            down = sorted(shard_id for shard_id, shard in shards.items() if shard.is_closed())
            return f"gateway: shard {down[0]} is not connected" if down else None
        return None if client.ws is not None and client.ws.open else "gateway: not connected"

    async def healthz(self, _: web.Request) -> web.Response:
        problems = [p for p in (self._gateway_down(),) if p]
        try:
            await self.client.tutor.db.ping()
        except (StorageError, OSError) as exc:
            problems.append(f"database: {getattr(exc, 'code', type(exc).__name__)}")
        if problems:
            return web.Response(status=503, text="\n".join(problems) + "\n")
        return web.Response(text="ok\n")

    async def metrics(self, _: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _keep_gauge(self) -> None:
        while True:
            try:
                OPEN_ATTEMPTS.set(await self.client.tutor.db.open_attempts())
            except StorageError as exc:  # counted among database faults already; the gauge waits
                log.debug("Open attempts not read for the metrics (%s)", exc.code)
            clock = self.client.tutor.clock
            await clock.sleep_until(clock.now() + _GAUGE_EVERY)
