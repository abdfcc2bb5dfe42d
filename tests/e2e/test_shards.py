"""Two real `python -m bot` processes, one shard each, on one PostgreSQL: two classes in two servers.

Discord sends each server's events to shard (guild_id >> 22) % 2, so each class talks to its own process.
One process is killed mid-quiz and started again: nothing lost, nothing doubled, every click answered.
And SHARD_COUNT alone: one process running every shard, on SQLite.
"""

import asyncio
import signal
from pathlib import Path

import asyncpg

from tests.conftest import running_classroom
from tests.e2e.helpers import number_on, standing, take_quiz
from tests.e2e.test_process import bot_process
from tests.fake_discord import FakeDiscord, Person, Shown
from tests.postgres import fresh_postgres_url, postgres_url

__all__ = ["fresh_postgres_url", "postgres_url"]
START = 30  # seconds a process may take to start on a busy machine


def _shard(url: str, shard: int) -> dict[str, str]:
    # No DEV_GUILD_ID: commands are synced globally, so that both servers have them.
    return {"DATABASE_URL": url, "SHARD_COUNT": "2", "SHARD_IDS": str(shard), "DEV_GUILD_ID": ""}


async def _answers_per_attempt(url: str) -> list[tuple[int, int, int]]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT a.guild_id, count(DISTINCT a.id), count(r.position) FROM attempts a"
            " LEFT JOIN answers r ON r.attempt_id = a.id GROUP BY a.guild_id ORDER BY a.guild_id"
        )
        return [(row[0], row[1], row[2]) for row in rows]
    finally:
        await conn.close()


async def test_two_shard_processes_share_one_database_and_survive_a_kill(
    fake: FakeDiscord, tmp_path: Path, fresh_postgres_url: str, fine_tuning
):
    fake.shard_count = 2
    north, south = fake.add_guild("North School", shard=0), fake.add_guild("South School", shard=1)
    teachers = [
        Person(fake, fake.add_member(f"Teacher {n}", teacher=True, guild=g))
        for n, g in [(1, north), (2, south)]
    ]
    ada, ben = (
        Person(fake, fake.add_member("Ada", guild=north)),
        Person(fake, fake.add_member("Ben", guild=south)),
    )
    unused, log = tmp_path / "unused.sqlite3", tmp_path / "bot.log"

    async with (
        bot_process(fake, unused, log, **_shard(fresh_postgres_url, 0)),
        bot_process(fake, unused, log, **_shard(fresh_postgres_url, 1)) as second,
    ):
        await fake.wait_connected(timeout=START)
        for teacher in teachers:
            await teacher.slash("quiz start", lesson="fine-tuning")
        ada_shown, ada_before = await take_quiz(
            ada, await ada.click("Start quiz"), fine_tuning, wrong={1}, count=7
        )
        ben_shown, ben_before = await take_quiz(
            ben, await ben.click("Start quiz"), fine_tuning, wrong={2}, count=7
        )

        second.send_signal(signal.SIGKILL)  # shard 1, South School's, mid-quiz
        await second.wait()
        await fake.wait_for(lambda: not fake.gateway.covers(1, 2))
        # North School's process carries on alone.
        ada_shown, ada_after = await take_quiz(ada, ada_shown, fine_tuning, wrong={9})
        assert "Your score: 13 out of 15" in ada_shown.text, log.read_text()

        async with bot_process(fake, unused, log, **_shard(fresh_postgres_url, 1)):
            await fake.wait_connected(timeout=START, shard=1)
            assert number_on(Shown.of(fake.messages[ben_shown.id])) == "Question 8 of 15"
            ben_shown, ben_after = await take_quiz(ben, ben_shown, fine_tuning, wrong={9})
            assert "Your score: 13 out of 15" in ben_shown.text, log.read_text()

            for teacher, name in zip(teachers, ["Ada", "Ben"], strict=True):
                report = await teacher.slash("report", lesson="fine-tuning")
                assert standing(report)[name] == "finished 13/15"
                assert "1 finished · 0 in progress" in report.text  # each class sees its own student only

    assert not ada_before.keys() & ada_after.keys()
    assert not ben_before.keys() & ben_after.keys()
    assert len(ada_before) + len(ada_after) == len(ben_before) + len(ben_after) == 15
    # In the database: one attempt per class, 15 answers each, nothing doubled.
    assert await _answers_per_attempt(fresh_postgres_url) == sorted([(north, 1, 15), (south, 1, 15)])
    syncs = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1  # only shard 0's process synced, and the restarted shard 1 did not
    assert "Traceback" not in log.read_text()


async def test_a_process_that_cannot_reach_postgres_says_so_in_one_line(fake: FakeDiscord, tmp_path: Path):
    log = tmp_path / "bot.log"
    url = "postgresql://tutor@127.0.0.1:9/nowhere"  # the discard port: nothing listens there
    async with bot_process(fake, tmp_path / "unused.sqlite3", log, DATABASE_URL=url) as process:
        code = await asyncio.wait_for(process.wait(), START)
    output = log.read_text()
    assert code == 2
    assert "error: cannot open the database at postgresql://tutor@127.0.0.1:9/nowhere" in output
    assert "Traceback" not in output


async def test_one_process_runs_every_shard_on_sqlite(fake: FakeDiscord, tmp_path: Path, fine_tuning):
    """SHARD_COUNT without SHARD_IDS: one process runs all the shards, on the SQLite file as always."""
    fake.shard_count = 2
    # With Server Members Intent off the bot starts over without it: discord.py's 5 s between shards, twice.
    fake.members_intent = True
    # The classroom's server is on whichever shard its id gives; a second server is on the other one.
    south = fake.add_guild("South School", shard=1 - fake.shard_of(fake.guild_id))
    teacher = Person(fake, fake.add_member("Teacher 2", teacher=True, guild=south))
    ben = Person(fake, fake.add_member("Ben", guild=south))
    async with running_classroom(fake, tmp_path, {"SHARD_COUNT": "2", "DEV_GUILD_ID": ""}) as room:
        alice = room.alice
        assert sorted(s.shard for s in fake.gateway.live(None)) == [(0, 2), (1, 2)]
        for each in (room.teacher, teacher):
            await each.slash("quiz start", lesson="fine-tuning")
        alice_end, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0})
        ben_end, _ = await take_quiz(ben, await ben.click("Start quiz"), fine_tuning, wrong=set())
        assert "Your score: 14 out of 15" in alice_end.text
        assert "Your score: 15 out of 15" in ben_end.text
        for each, name, score in ((room.teacher, "Alice", 14), (teacher, "Ben", 15)):
            report = await each.slash("report", lesson="fine-tuning")
            assert standing(report)[name] == f"finished {score}/15"
            assert "1 finished · 0 in progress" in report.text
    syncs = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1
