"""A burst of answer clicks: the bot against a bare discord.py bot with the same reply shape, same run.

For each size N, N students already in an attempt (they pressed Start quiz beforehand, untimed)
press an answer at the same instant. A click's latency is what its student sees: from the stand-in
sending INTERACTION_CREATE to the bot's callback arriving at it; the stand-in, like Discord, refuses
a callback later than 3 s. CPU is the bot process's, all threads (/proc/<pid>/stat), over the burst.
The stand-in and the students run in this process; the bot (`python -m bot`) and the bare bot
(benchmarks/bare_bot.py) each in their own, started afresh for every burst, one after the other.

Run: .venv/bin/python benchmarks/bench_burst.py [--sizes 300,1000,2000] [--open-attempts 0,10000]
         [--open-via database|clicks] [--bot-only | --bare-only] [--loop asyncio|uvloop] [--repeat 1]
         [--bare-gc default|tuned] [--no-pin]
         [--profile DIR [--py-spy]]
Numbers are printed, never asserted: other work on the machine moves them. Columns: latency
percentiles in ms; share answered within 3 s with the next screen; "refused", clicks answered in
time with a new message instead (the bot's "busy, press again": that answer was not saved); the
bot's CPU per click (all threads); "loop busy", its main thread's CPU over the burst's wall time
(low: it waited, for its SQLite thread or for a core); "other thr", CPU per click of its other
threads (SQLite); RSS before > after the burst; "sent in", how long the stand-in took to send the
burst; "harness", this process's CPU; "errors", ERROR lines the bot logged; "others", cores that
the rest of the machine kept busy meanwhile; "conns", the HTTP connections the bot's replies came
on (discord.py opens one for each reply in flight at once: each costs it a connect).

With two cores, the bots run on one and this process on the other (taskset): sharing both, one
burst's CPU per click moved by a quarter either way from run to run; pinned, by about a tenth.
After the bursts come each pair's ratio, then per size their median and pooled ratio. The bare bot
is discord.py as it comes; with --bare-gc tuned it collects garbage as the bot does (bot/client.py
tune_gc), so that only the work per click is compared: the harder floor.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_clicks import cpu_seconds, rss_mib  # noqa: E402
from measure import (  # noqa: E402
    begin_profile,
    end_profile,
    machine_busy,
    main_thread_cpu,
    print_profile,
    quiet_machine,
    settle,
)

from bot.content import Lesson, load_library  # noqa: E402
from bot.content.record import content_hash, to_record  # noqa: E402
from bot.quiz.engine import Attempt  # noqa: E402
from bot.quiz.rules import QuizRules  # noqa: E402
from bot.storage import SQLiteDatabase  # noqa: E402
from tests.conftest import bot_environment  # noqa: E402
from tests.e2e.helpers import question_on  # noqa: E402
from tests.fake_discord import FakeDiscord, NoResponse, Person, Shown  # noqa: E402
from tests.fake_discord.server import DEADLINE, Interaction, Member, Message  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parent
LESSON = "fine-tuning"
WARM_UP = 30  # students who start and answer once first, so that first-call costs stay out of the burst
STARTS_AT_ONCE = 100
BARE_START = "bare:start"  # the custom_id benchmarks/bare_bot.py answers with a new quiz message
LOOP = "asyncio"  # the event loop of both bots (EVENT_LOOP), set by --loop
BARE_GC = "default"  # the bare bot's garbage collection (BARE_GC), set by --bare-gc
PIN_BOT: list[str] = []  # a taskset prefix: the bots on one core, this process on the other (--pin)


class TimedFake(FakeDiscord):
    """The stand-in, noting when each interaction's first callback arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.callback_at: dict[int, float] = {}
        self.peers: set[object] = set()  # the bot's connections its callbacks came on

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.path.endswith("/callback") and "id" in request.match_info:
            self.callback_at.setdefault(int(request.match_info["id"]), time.monotonic())
            if request.transport is not None:
                self.peers.add(request.transport.get_extra_info("peername"))
        return await super()._middleware(request, handler)


async def put_open_attempts(
    database: Path, guild_id: int, channel_id: int, lesson: Lesson, count: int
) -> None:
    """Open the lesson's quiz in the channel and give it `count` unfinished attempts by other students.

    The one function here that knows the schema. The quiz and the attempts are pinned to the lesson's
    version, recorded as the bot records it at start. The n-th attempt has answered n % (questions)
    of its questions, as the engine would have judged them, so none is finished.
    """
    now = datetime.now(UTC)
    db = await SQLiteDatabase.open(database)
    version_id = await db.lesson_version(lesson.id, content_hash(lesson), to_record(lesson), now)
    quiz, _ = await db.open_quiz(
        guild_id, lesson.id, channel_id, 1, version_id=version_id, rules=QuizRules(), now=now
    )
    await db.close()
    with contextlib.closing(sqlite3.connect(database)) as conn, conn:
        for n in range(count):
            seed = random.getrandbits(62)
            cursor = conn.execute(
                "INSERT INTO attempts (guild_id, lesson_id, user_id, number, quiz_id, seed, question_count,"
                " version_id, by_teacher) VALUES (?, ?, ?, 1, ?, ?, ?, ?, 0)",
                (guild_id, lesson.id, 10**15 + n, quiz.id, seed, len(lesson.questions), version_id),
            )
            attempt, rows = Attempt(lesson, seed), []
            for _ in range(n % len(lesson.questions)):
                question = attempt.current()
                assert question is not None
                choice = attempt.judge(question.position, 0)
                rows.append(
                    (
                        cursor.lastrowid,
                        choice.position,
                        choice.question_index,
                        choice.option_index,
                        choice.correct,
                    )
                )
                attempt = attempt.with_choice(choice)
            conn.executemany(
                "INSERT INTO answers (attempt_id, position, question_index, option_index, correct)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )


@dataclass
class Burst:
    who: str  # "bot" or "bare"
    size: int
    open_attempts: int
    latencies: list[float]  # seconds, for every click whose callback arrived, late ones included
    in_time: int  # answered in time with the next screen on the same message: feedback, then a question
    refused: int  # answered in time, but with a new message instead: "busy, press again", or an error
    sending: float  # seconds the stand-in took to send the whole burst
    wall: float  # first click sent to last callback
    cpu: float
    main_cpu: float
    rss_before: float
    rss_after: float
    harness_cpu: float  # this process (the stand-in and the students) over the burst
    errors: int  # ERROR lines the bot logged: each a click it could not answer
    others: float  # cores that everything else on the machine kept busy, on average over the burst
    connections: int  # HTTP connections the bot's callbacks came on: each new one costs it a connect

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies) or [float("nan")]
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


async def launch(
    who: str, fake: FakeDiscord, folder: Path, cprofile: Path | None
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        **bot_environment(fake, folder / "bench.sqlite3"),
        "PYTHONPATH": str(ROOT),
        "EVENT_LOOP": LOOP,
        "BARE_GC": BARE_GC,
    }
    if who == "bare":
        args = [str(BENCHMARKS / "bare_bot.py")]
    elif cprofile is not None:
        args = [str(BENCHMARKS / "measure.py"), str(cprofile)]
    else:
        args = ["-m", "bot"]
    with (folder / "bot.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(
            *PIN_BOT, sys.executable, *args, cwd=folder, env=env, stdout=log, stderr=log
        )


async def quiz_card(who: str, fake: FakeDiscord) -> Shown:
    """The channel message with the Start quiz button."""
    if who == "bot":
        teacher = Person(fake, fake.add_member("Teacher", teacher=True))
        return await teacher.slash("quiz start", lesson=LESSON)
    button = {"type": 2, "style": 3, "label": "Start quiz", "custom_id": BARE_START}
    row = {"type": 1, "components": [button]}
    card = fake.new_message({"components": [row]}, fake.channel_id, None, 0, [])
    return Shown.of(card)


async def start_quiz(students: list[Person], card: Shown, button: str = "Start quiz") -> list[Shown]:
    """Each student presses Start quiz, or `button`, on the card (a few at a time, again if refused):
    the private message it opens, their first question."""
    gate = asyncio.Semaphore(STARTS_AT_ONCE)

    async def start(student: Person) -> Shown:
        for _ in range(5):
            async with gate:
                with contextlib.suppress(NoResponse):
                    shown = await student.click(button, on=card)
                    if shown.buttons:  # not "busy, press again", which has none
                        return shown
        raise RuntimeError(f"{student.member.name} could not press {button}")

    return list(await asyncio.gather(*(start(s) for s in students)))


def right_button(shown: Shown, lesson: Lesson) -> str:
    answer = question_on(shown, lesson).answer
    return str(next(b["custom_id"] for b in shown.buttons if b.get("label") == answer))


async def ready_clicks(
    fake: FakeDiscord, card: Shown, lesson: Lesson, names: list[str]
) -> list[tuple[Member, str, Message]]:
    """New students by these names press Start quiz; the right answer's click each of them will send."""
    students = [Person(fake, fake.add_member(name)) for name in names]
    questions = await start_quiz(students, card)
    return [
        (s.member, right_button(shown, lesson), fake.messages[shown.id])
        for s, shown in zip(students, questions, strict=True)
    ]


async def fire(
    fake: TimedFake, pid: int, clicks: list[tuple[Member, str, Message]]
) -> tuple[list[Interaction], float, float]:
    """Send every click back to back; wait for the callbacks. Returns interactions, sending, wall."""
    first = time.monotonic()
    sent = [
        await fake.interact(member, 3, {"custom_id": cid, "component_type": 2}, source)
        for member, cid, source in clicks
    ]
    sending = time.monotonic() - first
    await asyncio.wait([i.done for i in sent], timeout=DEADLINE + 10)
    await settle(pid)
    arrived = [fake.callback_at[i.id] for i in sent if i.id in fake.callback_at]
    return sent, sending, (max(arrived) - first if arrived else float("nan"))


async def run_burst(
    who: str, size: int, open_attempts: int, lesson: Lesson, *, open_via: str, profile: Path | None
) -> Burst:
    """One burst against a fresh bot (or bare bot); `profile`, if given, ends in .prof or .txt (py-spy)."""
    fake = TimedFake()
    await fake.start()
    folder = Path(tempfile.mkdtemp(prefix="burst-"))
    if who == "bot" and open_attempts and open_via == "database":
        await put_open_attempts(
            folder / "bench.sqlite3", fake.guild_id, fake.channel_id, lesson, open_attempts
        )
    process = await launch(who, fake, folder, profile if profile and profile.suffix == ".prof" else None)
    try:
        await fake.wait_connected(timeout=60)
        card = await quiz_card(who, fake)
        if who == "bot" and open_attempts and open_via == "clicks":
            # Opened through the bot, so whatever the client keeps per open attempt is kept here too.
            await start_quiz(
                [Person(fake, fake.add_member(f"Other {n}")) for n in range(open_attempts)], card
            )
        warm = [Person(fake, fake.add_member(f"Warm {n}")) for n in range(WARM_UP)]
        for student, shown in zip(warm, await start_quiz(warm, card), strict=True):
            await student.click(question_on(shown, lesson).answer, on=shown)
        clicks = await ready_clicks(fake, card, lesson, [f"Student {n}" for n in range(size)])
        await settle(process.pid)
        await quiet_machine()
        rss_before, cpu, main_cpu = (
            rss_mib(process.pid),
            cpu_seconds(process.pid),
            main_thread_cpu(process.pid),
        )
        if profile is not None:
            spy = await begin_profile(process.pid, profile)
            cpu, main_cpu = cpu_seconds(process.pid), main_thread_cpu(process.pid)
        fake.peers.clear()
        harness, machine, began = time.process_time(), machine_busy(), time.monotonic()
        sent, sending, wall = await fire(fake, process.pid, clicks)
        harness = time.process_time() - harness
        cpu, main_cpu = cpu_seconds(process.pid) - cpu, main_thread_cpu(process.pid) - main_cpu
        others = (machine_busy() - machine - cpu - harness) / (time.monotonic() - began)
        if profile is not None:
            await end_profile(process.pid, spy)
        in_time = refused = 0
        for interaction in sent:
            if interaction.done.done() and interaction.done.exception() is None:
                if interaction.original is interaction.source:
                    in_time += 1
                else:
                    refused += 1
        latencies = [fake.callback_at[i.id] - i.created for i in sent if i.id in fake.callback_at]
        return Burst(
            who,
            size,
            open_attempts,
            latencies,
            in_time,
            refused,
            sending,
            wall,
            cpu,
            main_cpu,
            rss_before,
            rss_mib(process.pid),
            harness,
            (folder / "bot.log").read_text(errors="replace").count("ERROR"),
            others,
            len(fake.peers),
        )
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
        await fake.stop()
        shutil.rmtree(folder, ignore_errors=True)


HEADER = (
    f"{'clicks':>6} {'open':>6} {'who':<4} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6} {'in 3 s':>7} "
    f"{'refused':>7} {'CPU/click':>9} {'loop busy':>9} {'other thr':>9} {'RSS MiB':>13} "
    f"{'sent in':>7} {'harness':>7} {'errors':>6} {'others':>6} {'conns':>5}"
)


def row(b: Burst) -> str:
    """One burst as a table row: latencies in ms, CPU in ms per click, RSS before and after."""
    busy = b.main_cpu / b.wall if b.wall == b.wall and b.wall > 0 else float("nan")
    return (
        f"{b.size:>6} {b.open_attempts:>6} {b.who:<4} {b.pct(50):>6.0f} {b.pct(95):>6.0f} {b.pct(99):>6.0f} "
        f"{b.pct(100):>6.0f} {b.in_time / b.size:>7.1%} {b.refused:>7} "
        f"{b.cpu / b.size * 1000:>7.2f}ms {busy:>9.0%} "
        f"{(b.cpu - b.main_cpu) / b.size * 1000:>7.2f}ms {b.rss_before:>6.1f}>{b.rss_after:<6.1f} "
        f"{b.sending:>6.2f}s {b.harness_cpu:>6.2f}s {b.errors:>6} {b.others:>6.2f} {b.connections:>5}"
    )


def ratio(bot: float, bare: float) -> float:
    """bot / bare; NaN when the bare bot's CPU read as none (a burst shorter than a clock tick)."""
    return bot / bare if bare else float("nan")


def summary(results: list[Burst]) -> list[str]:
    """Per size and open attempts over the repeats: the median ratio, and the pooled one (all the bot's
    CPU over all the bare bot's). One burst's ratio moves by a quarter either way on a shared machine."""
    lines = []
    bots = [b for b in results if b.who == "bot"]
    bares = [b for b in results if b.who == "bare"]
    groups: dict[tuple[int, int], list[tuple[Burst, Burst]]] = {}
    for bot, bare in zip(bots, bares, strict=False):
        groups.setdefault((bot.size, bot.open_attempts), []).append((bot, bare))
    for (size, open_attempts), pairs in groups.items():
        each = sorted(ratio(bot.cpu, bare.cpu) for bot, bare in pairs)
        pooled = ratio(sum(bot.cpu for bot, _ in pairs), sum(bare.cpu for _, bare in pairs))
        in_time = min(bot.in_time / bot.size for bot, _ in pairs)
        lines.append(
            f"{size:>6} clicks, {open_attempts:>5} open, {len(pairs)} pairs: bot/bare CPU median "
            f"{statistics.median(each):.2f}x, pooled {pooled:.2f}x, range {each[0]:.2f}-{each[-1]:.2f}x; "
            f"bot in 3 s at least {in_time:.1%}"
        )
    return lines


def ratios(results: list[Burst]) -> list[str]:
    """CPU per click, bot over bare, for each (size, open attempts, repeat): bot and bare in turn."""
    lines = []
    bots = [b for b in results if b.who == "bot"]
    bares = [b for b in results if b.who == "bare"]
    for bot, bare in zip(bots, bares, strict=False):
        lines.append(
            f"{bot.size:>6} clicks, {bot.open_attempts:>5} open: CPU per click bot/bare = "
            f"{bot.cpu / bot.size * 1000:.2f}/{bare.cpu / bare.size * 1000:.2f} ms "
            f"= {ratio(bot.cpu, bare.cpu):.2f}x; "
            f"in 3 s {bot.in_time / bot.size:.1%} vs {bare.in_time / bare.size:.1%}"
        )
    return lines


async def main(args: argparse.Namespace) -> None:
    global LOOP, BARE_GC  # settings for the whole run, read where each bot is launched
    LOOP, BARE_GC = args.loop, args.bare_gc
    if args.pin:
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) < 2:
            raise SystemExit("--pin needs two cores")
        os.sched_setaffinity(0, {cores[0]})
        PIN_BOT[:] = ["taskset", "-c", str(cores[1])]
    library, _ = load_library(ROOT / "data" / "lessons")
    lesson = library[LESSON]
    whos = ["bot"] if args.bot_only else ["bare"] if args.bare_only else ["bot", "bare"]
    results: list[Burst] = []
    profiles: list[Path] = []
    print(HEADER, flush=True)
    for open_attempts in args.open_attempts:
        for size in args.sizes:
            for turn in range(args.repeat):
                for who in whos:
                    profile = None
                    # cProfile runs `python -m bot`; py-spy can sample the bare bot too, for comparison.
                    if args.profile is not None and (who == "bot" or args.py_spy):
                        args.profile.mkdir(parents=True, exist_ok=True)
                        suffix = ".txt" if args.py_spy else ".prof"
                        profile = args.profile / f"{who}-{size}-{open_attempts}-{turn + 1}{suffix}"
                        profiles.append(profile)
                    burst = await run_burst(
                        who, size, open_attempts, lesson, open_via=args.open_via, profile=profile
                    )
                    results.append(burst)
                    print(row(burst), flush=True)
    if len(whos) == 2:
        print()
        print("\n".join(ratios(results)))
        print()
        print("\n".join(summary(results)))
    for profile in profiles:
        print_profile(profile, ROOT)


def numbers(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (sys.argv by default), parsed."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=numbers, default=[300, 1000, 2000], help="clicks per burst")
    parser.add_argument(
        "--open-attempts", type=numbers, default=[0], help="other students' open attempts in the database"
    )
    parser.add_argument(
        "--open-via",
        choices=["database", "clicks"],
        default="database",
        help="write the open attempts into the file before the bot starts, or open them by Start quiz clicks",
    )
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--bot-only", action="store_true")
    only.add_argument("--bare-only", action="store_true")
    parser.add_argument(
        "--loop", choices=["asyncio", "uvloop"], default="asyncio", help="the event loop of both bots"
    )
    parser.add_argument(
        "--bare-gc",
        choices=["default", "tuned"],
        default="default",
        help="the bare bot's garbage collection: Python's default, or tuned as the bot tunes its own",
    )
    parser.add_argument(
        "--pin",
        action=argparse.BooleanOptionalAction,
        default=len(os.sched_getaffinity(0)) >= 2,
        help="run the bots on one core and this process (the stand-in and students) on another: the CPU "
        "per click then moves far less from run to run (on by default with two cores or more)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="bursts of each size, bot and bare in turn")
    parser.add_argument(
        "--profile", type=Path, help="profile the bot (cProfile) during each burst; save the profiles here"
    )
    parser.add_argument(
        "--py-spy",
        action="store_true",
        help="with --profile: sample with py-spy (far less overhead) instead; py-spy on PATH or in $PY_SPY",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(arguments()))
