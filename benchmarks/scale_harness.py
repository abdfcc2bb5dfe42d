"""One harness process of benchmarks/bench_scale.py: a stand-in Discord, its bot processes, their students.

It serves some of the shards (one guild and one `python -m bot` process each), opens a quiz in every
guild, warms the bots up, then waits for the word to go: every student of every guild presses Start
quiz and answers the whole quiz, all at once, each as fast as the bot answers them. Several of these
run side by side on a bigger machine, so that the stand-in (one event loop) is never what limits the
figure. It talks to bench_scale.py over a multiprocessing pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_burst import TimedFake  # noqa: E402

from bot.content import Lesson, load_library  # noqa: E402
from tests.conftest import bot_environment  # noqa: E402
from tests.e2e.helpers import open_quiz, question_on  # noqa: E402
from tests.fake_discord import FakeDiscord, Person, Shown  # noqa: E402
from tests.fake_discord.messages import InteractionFailedError  # noqa: E402
from tests.fake_discord.server import DEADLINE, Message  # noqa: E402

LESSON = "fine-tuning"
START = 120  # seconds a bot process may take to connect on a busy machine
TRIES = 5  # presses of one button before a student gives up (a "busy, press again" is pressed again)


@dataclass
class Plan:
    """What one harness process runs."""

    shards: list[int]  # one bot process and one guild per shard; [0] with shard_count None: no sharding
    shard_count: int | None
    students: int  # per guild
    warm: int  # students per guild who take the quiz first, untimed, so that first-call costs stay out
    database: dict[str, str]  # DATABASE_URL, or DATABASE_PATH
    folder: str
    bot_pin: list[str]  # a taskset prefix for the bot processes, or []
    harness_cores: set[int] | None  # this process's cores


@dataclass
class Tally:
    """Every click of the measured quizzes: latency is from INTERACTION_CREATE to the bot's callback."""

    latencies: list[float] = field(default_factory=list)
    clicks: int = 0
    answers: int = 0  # answer clicks answered in time with the next screen: answers saved
    in_time: int = 0  # clicks (Start quiz and answers) answered in time with the next screen
    refused: int = 0  # answered in time, but with "busy, press again" (pressed again)
    failed: int = 0  # no answer within 3 s (pressed again)
    gave_up: int = 0  # students who could not finish after TRIES presses of one button
    first: float = float("inf")  # time.monotonic(), the same clock in every process of the machine
    last: float = float("-inf")
    harness_cpu: float = 0.0


async def press(
    fake: TimedFake, member: Person, label: str, on: Shown, tally: Tally, *, start: bool
) -> Shown:
    """Press the button `label` on `on` until the bot answers with the next screen (TRIES at most)."""
    custom_id = next(b["custom_id"] for b in on.buttons if b.get("label") == label)
    for _ in range(TRIES):
        source: Message = fake.messages[on.id]
        sent = await fake.interact(member.member, 3, {"custom_id": custom_id, "component_type": 2}, source)
        tally.clicks += 1
        tally.first = min(tally.first, sent.created)
        try:
            result = await asyncio.wait_for(asyncio.shield(sent.done), DEADLINE + 10)
        except (TimeoutError, InteractionFailedError):
            result = None
        arrived = fake.callback_at.get(sent.id)
        if arrived is not None:
            tally.latencies.append(arrived - sent.created)
            tally.last = max(tally.last, arrived)
        if result is None:
            tally.failed += 1
            continue
        shown = Shown.of(result)
        # An answer updates the question's message; Start quiz sends a new one with the question.
        if (sent.original is sent.source) if not start else bool(shown.buttons):
            tally.in_time += 1
            tally.answers += 0 if start else 1
            return shown
        tally.refused += 1
    raise RuntimeError(f"{member.member.name} got no answer to {label!r} after {TRIES} presses")


async def take_quiz(fake: TimedFake, student: Person, card: Shown, lesson: Lesson, tally: Tally) -> None:
    """Start quiz, then every question answered with one of its options, chosen at random."""
    pick = random.Random(student.id)
    try:
        shown = await press(fake, student, "Start quiz", card, tally, start=True)
        for _ in lesson.questions:
            shown = await press(
                fake, student, pick.choice(question_on(shown, lesson).options), shown, tally, start=False
            )
    except RuntimeError:
        tally.gave_up += 1


def guild_on(fake: FakeDiscord, shard: int, sharded: bool) -> int:
    """The guild whose events Discord sends to `shard`: the stand-in's own one if it is there."""
    if not sharded or fake.shard_of(fake.guild_id) == shard:
        return fake.guild_id
    return fake.add_guild(f"School {shard}", shard=shard)


def environment(fake: FakeDiscord, plan: Plan, shard: int) -> dict[str, str]:
    folder = Path(plan.folder)
    env = {
        **os.environ,
        **bot_environment(fake, folder / "unused.sqlite3"),
        "PYTHONPATH": str(ROOT),
        **plan.database,
    }
    if plan.shard_count is not None:
        # No DEV_GUILD_ID: commands are synced globally, so that every guild has them.
        env.update(SHARD_COUNT=str(plan.shard_count), SHARD_IDS=str(shard), DEV_GUILD_ID="")
    return env


async def run_bot(env: dict[str, str], plan: Plan, log: Path, *args: str) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            *plan.bot_pin,
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=plan.folder,
            env=env,
            stdout=out,
            stderr=out,
        )


async def receive(conn: Connection) -> object:
    return await asyncio.to_thread(conn.recv)


async def sync_commands(fake: FakeDiscord, plan: Plan, log: Path) -> None:
    """Only shard 0's process syncs the commands, and it talks to another stand-in: as a host of
    several shards would, sync them here with the bot's own command."""
    sync = await run_bot(environment(fake, plan, plan.shards[0]), plan, log, "sync")
    if await sync.wait() != 0:
        raise RuntimeError(f"`python -m bot sync` failed: see {log}")


async def classes(fake: TimedFake, plan: Plan, lesson: Lesson) -> list[tuple[Person, Shown]]:
    """A quiz open in every guild, warmed up: the students to measure, each with the quiz's card."""
    sharded = plan.shard_count is not None
    guilds = [guild_on(fake, shard, sharded) for shard in plan.shards]
    for shard in plan.shards:
        await fake.wait_connected(timeout=START, shard=shard if sharded else None)
    cards = [
        await open_quiz(Person(fake, fake.add_member(f"Teacher {n}", teacher=True, guild=guild)))
        for n, guild in enumerate(guilds)
    ]

    def enrol(name: str, count: int) -> list[tuple[Person, Shown]]:
        return [
            (Person(fake, fake.add_member(f"{name} {n}", guild=guild)), card)
            for guild, card in zip(guilds, cards, strict=True)
            for n in range(count)
        ]

    warm, measured = enrol("Warm", plan.warm), enrol("Student", plan.students)
    await asyncio.gather(*(take_quiz(fake, student, card, lesson, Tally()) for student, card in warm))
    return measured


async def serve_async(conn: Connection, plan: Plan) -> None:
    fake = TimedFake()
    if plan.shard_count is not None:
        fake.shard_count = plan.shard_count
    await fake.start()
    lesson = load_library(ROOT / "data" / "lessons")[0][LESSON]
    log = Path(plan.folder) / f"bots-{plan.shards[0]}.log"
    bots: list[asyncio.subprocess.Process] = []
    try:
        if plan.shard_count is not None and 0 not in plan.shards:
            await sync_commands(fake, plan, log)
        for shard in plan.shards:
            bots.append(await run_bot(environment(fake, plan, shard), plan, log))
        students = await classes(fake, plan, lesson)
        conn.send(("ready", [bot.pid for bot in bots]))
        if await receive(conn) == "go":  # else another harness failed: stop without measuring
            tally, cpu = Tally(), time.process_time()
            await asyncio.gather(*(take_quiz(fake, s, card, lesson, tally) for s, card in students))
            tally.harness_cpu = time.process_time() - cpu
            conn.send(("done", tally))
            await receive(conn)  # measured: stop
    except Exception as exc:  # noqa: BLE001 - told to the orchestrator, which stops every harness
        conn.send(("error", f"{type(exc).__name__}: {exc} (bot log: {log})"))
    finally:
        await stop(bots)
        await fake.stop()
    errors = log.read_text(errors="replace").count("ERROR") if log.exists() else 0
    conn.send(("stopped", errors))


async def stop(bots: list[asyncio.subprocess.Process]) -> None:
    for bot in bots:
        with contextlib.suppress(ProcessLookupError):
            bot.terminate()
        try:
            await asyncio.wait_for(bot.wait(), 30)
        except TimeoutError:
            bot.kill()
            await bot.wait()


def serve(conn: Connection, plan: Plan) -> None:
    """The harness process's entry point (multiprocessing, spawn)."""
    if plan.harness_cores:
        os.sched_setaffinity(0, plan.harness_cores)
    asyncio.run(serve_async(conn, plan))
