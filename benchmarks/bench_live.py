"""A live class's burst: N students answer the same live question at the same instant.

The bot (`python -m bot`) runs in its own process; the stand-in and the students in this one. Every
student first presses Answer on the public card (untimed, a few at a time) and so has the question's
private screen; then all N press an option back to back (student n picks option n % options). A
click's latency is from the stand-in sending INTERACTION_CREATE to the bot's callback arriving, and
Discord refuses a callback later than 3 s. Meanwhile every edit of the public card is timed: the bot
may edit it at most once per 2 s, and the stand-in holds it to Discord's per-route limit (429 beyond
it). After the burst the teacher presses Close answers and Reveal, and the revealed shares are
checked against the answers sent.

Run: .venv/bin/python benchmarks/bench_live.py [--size 2000] [--repeat 1]
Numbers are printed, never asserted: other work on the machine moves them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_burst import TimedFake, fire, launch, start_quiz  # noqa: E402
from measure import quiet_machine, settle  # noqa: E402

from bot.content import load_library  # noqa: E402
from tests.conftest import LESSONS  # noqa: E402
from tests.e2e.live_helpers import card_of, label, live_card, shares_on  # noqa: E402
from tests.fake_discord import Person  # noqa: E402
from tests.fake_discord.server import DEADLINE, Interaction  # noqa: E402


class EditTimedFake(TimedFake):
    """The stand-in, noting when each edit of a channel message arrives and how it was answered."""

    def __init__(self) -> None:
        super().__init__()
        self.edits: list[tuple[float, int, int]] = []  # (monotonic time, message id, status)

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        response = await super()._middleware(request, handler)
        found = re.search(r"/channels/[0-9]+/messages/([0-9]+)$", request.path)
        if request.method == "PATCH" and found:
            self.edits.append((time.monotonic(), int(found[1]), response.status))
        return response


async def run(size: int) -> None:
    lesson = load_library(LESSONS)[0]["fine-tuning"]
    question = lesson.questions[0]
    options = len(question.options)
    fake = EditTimedFake()
    await fake.start()
    folder = Path(tempfile.mkdtemp(prefix="live-"))
    process = await launch("bot", fake, folder, None)
    try:
        await fake.wait_connected(timeout=60)
        teacher = Person(fake, fake.add_member("Teacher", teacher=True))
        panel = await teacher.slash("live start", lesson="fine-tuning")
        card = live_card(teacher)
        students = [Person(fake, fake.add_member(f"Student {n}")) for n in range(size)]
        screens = await start_quiz(students, card, "Answer")
        clicks = []
        for n, (student, screen) in enumerate(zip(students, screens, strict=True)):
            custom_id = next(
                b["custom_id"] for b in screen.buttons if b["label"] == label(question, n % options)
            )
            clicks.append((student.member, custom_id, fake.messages[screen.id]))
        await settle(process.pid)
        await quiet_machine()
        began = time.monotonic()
        sent, sending, wall = await fire(fake, process.pid, clicks)
        # The count's last edit may come up to 2 s after the last answer: wait for it, then look.
        with contextlib.suppress(TimeoutError):
            await fake.wait_for(lambda: f"{size} of {size} answered" in card_of(fake, card.id).text, 15)
        ended = time.monotonic()
        final = re.search(r"[0-9]+ of [0-9]+ answered", card_of(fake, card.id).text)
        latencies = sorted(fake.callback_at[i.id] - i.created for i in sent if i.id in fake.callback_at)
        in_time = sum(1 for i in sent if answered_in_time(fake, i))
        edits = [
            (at, status) for at, message, status in fake.edits if message == card.id and began <= at <= ended
        ]
        done = [at for at, status in edits if status == 200]
        gaps = [b - a for a, b in itertools.pairwise(done)]
        panel = await teacher.click("Close answers", on=panel)
        await teacher.click("Reveal", on=panel)
        await fake.wait_for(lambda: "The right answer" in card_of(fake, card.id).text, 15)
        expected = [len(range(o, size, options)) for o in range(options)]
        shown = shares_on(card_of(fake, card.id))
        report(size, sending, wall, in_time, latencies)
        print(
            f"  card edits during the burst: {len(done)} made, {len(edits) - len(done)} refused (429) over "
            f"{ended - began:.1f} s; shortest gap between edits {min(gaps, default=float('nan')):.2f} s"
        )
        print(f"  the card's count once the burst was over: {final[0] if final else 'none'}")
        verdict = "correct" if shown == expected else "WRONG"
        print(f"  reveal's counts {shown}, answers sent {expected}: {verdict}")
        logged = (folder / "bot.log").read_text(errors="replace")
        print(f"  errors logged by the bot: {logged.count('ERROR')}, warnings: {logged.count('WARNING')}")
    finally:
        await stop(process)
        await fake.stop()
        shutil.rmtree(folder, ignore_errors=True)


async def stop(process: asyncio.subprocess.Process) -> None:
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), 30)
    except TimeoutError:
        process.kill()
        await process.wait()


def answered_in_time(fake: EditTimedFake, sent: Interaction) -> bool:
    """In time, and with the student's own screen updated (not a "busy, press again" in a new message)."""
    arrived = fake.callback_at.get(sent.id)
    if arrived is None or arrived - sent.created > DEADLINE or not sent.done.done():
        return False
    return sent.done.exception() is None and sent.original is sent.source


def report(size: int, sending: float, wall: float, in_time: int, latencies: list[float]) -> None:
    def ms(share: float) -> str:
        return f"{latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000:.0f} ms"

    print(f"{size} students, one live question, answers sent in {sending:.2f} s, last callback {wall:.2f} s")
    print(
        f"  answered within 3 s: {in_time}/{size} ({in_time / size:.1%}); latency p50 {ms(0.5)},"
        f" p95 {ms(0.95)}, max {ms(1.0)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    for _ in range(args.repeat):
        asyncio.run(run(args.size))


if __name__ == "__main__":
    main()
