"""PostgreSQL down or hung: every call comes back within its bounded wait as "busy", and the pool
reconnects by itself once the server is back, without a restart."""

import asyncio
import time

import pytest

from bot.config import PoolOptions
from bot.quiz.rules import QuizRules
from bot.storage import PostgresDatabase
from bot.storage.faults import StorageBusyError
from tests.own_postgres import own_postgres
from tests.storage.test_database import GUILD, NOW, TEACHER

WAIT = 0.5


async def _busy_within(call, limit: float) -> StorageBusyError:
    began = time.monotonic()
    with pytest.raises(StorageBusyError) as caught:
        await call()
    assert time.monotonic() - began < limit
    return caught.value


async def test_a_stopped_server_is_busy_at_once_and_served_again_when_back():
    async with own_postgres() as server:
        db = await PostgresDatabase.open(server.url, PoolOptions(size=4, timeout=WAIT))
        try:
            quiz, _ = await db.open_quiz(
                GUILD, "fine-tuning", 1, TEACHER, version_id=None, rules=QuizRules(), now=NOW
            )
            await server.stop()
            for _ in range(3):  # the pool's broken connections, then refused new ones
                fault = await _busy_within(lambda: db.quiz(quiz.id), WAIT + 0.5)
                assert fault.code.startswith("PG_")
            await server.start()
            assert (await db.quiz(quiz.id)) == quiz
        finally:
            await db.close()


async def test_a_hung_server_is_busy_within_the_wait_and_served_again_when_it_wakes():
    async with own_postgres() as server:
        db = await PostgresDatabase.open(server.url, PoolOptions(size=4, timeout=WAIT))
        try:
            quiz, _ = await db.open_quiz(
                GUILD, "fine-tuning", 1, TEACHER, version_id=None, rules=QuizRules(), now=NOW
            )
            server.freeze()
            faults = await asyncio.gather(
                *(_busy_within(lambda: db.quiz(quiz.id), WAIT + 0.5) for _ in range(8))
            )
            assert {fault.code for fault in faults} == {"PG_TIMEOUT"}
            server.thaw()
            for _ in range(50):  # connections cancelled mid-statement are being cleaned up
                try:
                    assert (await db.quiz(quiz.id)) == quiz
                    break
                except StorageBusyError:
                    await asyncio.sleep(0.1)
            else:
                pytest.fail("the pool did not recover after the server woke")
        finally:
            await db.close()
