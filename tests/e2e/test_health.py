"""A host's /healthz and /metrics (METRICS_PORT), on the real bot, and PostgreSQL down or hung under a
class: every click answered within Discord's 3 s, as "busy, press again", never "something went wrong";
nothing lost, and the class goes on when the server is back."""

import asyncio
import socket
import time
from datetime import timedelta

import aiohttp

from tests.conftest import running_classroom
from tests.e2e.helpers import answer, first_question, number_on
from tests.own_postgres import own_postgres


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as reply:
        return reply.status, await reply.text()


async def _healthy(port: int, within: float = 10) -> bool:
    for _ in range(int(within / 0.1)):
        if await _get(port, "/healthz") == (200, "ok\n"):
            return True
        await asyncio.sleep(0.1)
    return False


def _metric(text: str, name: str) -> float:
    """A sample's value in Prometheus's text format; 0 if it is not there yet."""
    found = [line.rsplit(" ", 1)[1] for line in text.splitlines() if line.startswith(f"{name} ")]
    return float(found[0]) if found else 0.0


async def test_health_and_metrics_for_the_host(fake, tmp_path, fine_tuning):
    port = _free_port()
    async with running_classroom(fake, tmp_path, {"METRICS_PORT": str(port)}) as room:
        shown = await first_question(room.teacher, room.alice)
        answered = 'tutor_clicks_total{outcome="answered",shard="0"}'
        # The registry is the process's: earlier tests' clicks count too, so it is the rise that tells.
        before = _metric((await _get(port, "/metrics"))[1], answered)
        await answer(room.alice, shown, fine_tuning, right=True)
        assert await _healthy(port), await _get(port, "/healthz")  # once discord.py's cache is ready
        status, text = await _get(port, "/metrics")
        assert status == 200
        assert _metric(text, answered) > before
        assert "tutor_click_seconds_bucket" in text
        assert "process_resident_memory_bytes" in text
        room.clock.advance(timedelta(seconds=16))  # the open-attempts gauge is read every 15 s
        for _ in range(50):
            if "tutor_open_attempts 1.0" in (await _get(port, "/metrics"))[1]:
                break
            await asyncio.sleep(0.1)
        assert "tutor_open_attempts 1.0" in (await _get(port, "/metrics"))[1]  # Alice's, under way


async def test_postgres_down_then_hung_under_a_class(fake, tmp_path, fine_tuning):
    port = _free_port()
    async with own_postgres() as server:
        changes = {"DATABASE_URL": server.url, "METRICS_PORT": str(port), "DATABASE_TIMEOUT_SECONDS": "1"}
        async with running_classroom(fake, tmp_path, changes) as room:
            alice, bob = room.alice, room.bob
            shown = await first_question(room.teacher, alice)
            assert await _healthy(port)
            for trouble in ("stopped", "hung"):
                if trouble == "stopped":
                    await server.stop()
                else:
                    server.freeze()
                began = time.monotonic()
                busy = await asyncio.gather(
                    alice.press(shown.buttons[0]["custom_id"], shown),
                    bob.click("Start quiz"),  # a latecomer
                )
                assert time.monotonic() - began < 3, trouble
                for reply in busy:
                    assert "press" in reply.text.lower(), (trouble, reply.text)
                    assert "went wrong" not in reply.text, (trouble, reply.text)
                status, health = await _get(port, "/healthz")
                assert (status, health.startswith("database:")) == (503, True), trouble
                if trouble == "stopped":
                    await server.start()
                else:
                    server.thaw()
                assert await _healthy(port), trouble  # the pool reconnects by itself, no restart
                before = number_on(shown)
                shown = await answer(alice, shown, fine_tuning, right=True)
                assert number_on(shown) != before, trouble  # the answer pressed again is taken, once
            assert "Question 3 of 15" in shown.text
            faults = (await _get(port, "/metrics"))[1]
            assert _metric(faults, "tutor_database_wait_seconds_count") > 0  # PostgreSQL's waits, timed
            assert 'tutor_database_faults_total{code="PG_TIMEOUT"}' in faults  # the hung server, counted
            assert 'tutor_clicks_total{outcome="busy",shard="0"}' in faults
