"""The bot as a host runs it: `python -m bot` in its own process, killed and started again."""

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, bot_environment
from tests.e2e.helpers import number_on, standing, take_quiz
from tests.fake_discord import FakeDiscord, Person


@asynccontextmanager
async def bot_process(
    fake: FakeDiscord, database: Path, log: Path, **extra: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    env = {**os.environ, **bot_environment(fake, database), "PYTHONPATH": str(ROOT), **extra}
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=database.parent, env=env, stdout=out, stderr=out
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
async def test_a_killed_bot_restarts_and_old_buttons_carry_on(
    fake: FakeDiscord, tmp_path: Path, fine_tuning, loop: str
):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    alice = Person(fake, fake.add_member("Alice"))
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"

    async with bot_process(fake, database, log) as first:
        await fake.wait_connected(timeout=30)
        await teacher.slash("quiz start", lesson="fine-tuning")
        shown, before = await take_quiz(
            alice, await alice.click("Start quiz"), fine_tuning, wrong={1}, count=7
        )
        assert number_on(shown) == "Question 8 of 15"
        first.send_signal(signal.SIGKILL)
        await first.wait()
        await fake.wait_for(lambda: not fake.connected)

    # Restarted on the event loop under test (EVENT_LOOP): nothing is remembered in between.
    async with bot_process(fake, database, log, EVENT_LOOP=loop) as second:
        await fake.wait_connected(timeout=30)
        assert fake.identifies == 2
        # The buttons on the message Alice already has still work, and carry on from question 8.
        shown, after = await take_quiz(alice, shown, fine_tuning, wrong={9})
        assert "Your score: 13 out of 15" in shown.text, log.read_text()
        assert not before.keys() & after.keys()
        assert len(before) + len(after) == 15

        report = await teacher.slash("report", lesson="fine-tuning")
        assert standing(report)["Alice"] == "finished 13/15"
        progress = await alice.slash("progress")
        assert "Your score: 13 out of 15 (your best try). You can try again." in progress.text
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 15) == 0


async def test_a_bad_token_is_one_clear_line(fake: FakeDiscord, tmp_path: Path):
    log = tmp_path / "bot.log"
    async with bot_process(fake, tmp_path / "tutor.sqlite3", log, DISCORD_TOKEN="not-the-token") as process:
        code = await asyncio.wait_for(process.wait(), 30)
    output = log.read_text()
    assert code == 2
    assert "error: Discord refused DISCORD_TOKEN" in output
    assert "Traceback" not in output


async def test_a_deadline_that_passed_while_the_bot_was_down_closes_at_start(
    fake: FakeDiscord, tmp_path: Path
):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    alice = Person(fake, fake.add_member("Alice"))
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"

    async with bot_process(fake, database, log) as first:
        await fake.wait_connected(timeout=30)
        card = await teacher.slash("quiz start", lesson="fine-tuning", closes="in 1 hours")
        shown = await alice.click("Start quiz")
        first.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(first.wait(), 15) == 0
        await fake.wait_for(lambda: not fake.connected)
    assert fake.messages[card.id].components  # nobody was there to close it

    # Two hours later by the bot's clock: the deadline passed while it was down.
    async with bot_process(fake, database, log, CLOCK_OFFSET_SECONDS="7200"):
        await fake.wait_connected(timeout=30)
        closed = await alice.wait_for_text("This quiz is closed", timeout=15)
        assert closed.id == card.id
        assert closed.buttons == []
        late = await alice.click(shown.labels[0], on=shown)
        assert "This quiz closed at <t:" in late.text


async def test_sync_sends_the_commands_once_without_running_the_bot(fake: FakeDiscord, tmp_path: Path):
    env = {**os.environ, **bot_environment(fake, tmp_path / "tutor.sqlite3"), "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "sync",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    syncs = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1
    count = len(syncs[0].body)
    assert out.decode().strip() == f"synced {count} commands to server {fake.guild_id}"
    assert fake.identifies == 0  # it never connected to the gateway
