"""Spaced review in a real bot process: the next day's card, a review killed halfway by SIGKILL, the
review resumed on the same message after a restart, and the day after following the schedule; a review
step's ticks, taps and open answer box outlive a restart."""

import signal
from pathlib import Path

from bot.content.model import Kind
from tests.e2e.engines import engine, postgres_url
from tests.e2e.helpers import open_quiz, take_quiz
from tests.e2e.test_kinds import (
    MULTI_TAP,
    _begin,
    _complete,
    _killed,
    _until,
    completed_then_the_other_begun,
)
from tests.e2e.test_kinds import answer as answer_kind
from tests.e2e.test_process import bot_process
from tests.e2e.test_review import answer
from tests.e2e.test_review_kinds import miss_everything
from tests.fake_discord import FakeDiscord, Person, Shown

__all__ = ["engine", "postgres_url"]  # fixtures

DAY = 24 * 3600
SLOW = 15  # a process's start, the keeper's first run and the card's post


def _prompt(shown: Shown) -> str:
    return str(
        next(e["description"] for e in shown.embeds if e.get("title", "").startswith("Review: question"))
    )


async def test_a_review_killed_halfway_resumes_and_the_next_day_follows_the_schedule(
    fake: FakeDiscord, tmp_path: Path, fine_tuning, engine: dict[str, str]
):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    alice = Person(fake, fake.add_member("Alice"))
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"

    async with bot_process(fake, database, log, **engine) as first:
        await fake.wait_connected(timeout=30)
        await teacher.slash("quiz start", lesson="fine-tuning")
        await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0, 1, 2})
        # Every day at midnight in the server's zone (UTC): the next day's card is due as the bot starts.
        await teacher.slash("review settings", time="00:00", days="mon-sun")
        await teacher.slash("review assign")
        first.send_signal(signal.SIGKILL)
        await first.wait()
        await fake.wait_for(lambda: not fake.connected)

    async with bot_process(fake, database, log, CLOCK_OFFSET_SECONDS=str(DAY), **engine) as second:
        await fake.wait_connected(timeout=30)
        card = await alice.wait_for_text("Review time: 1 of you has questions waiting", timeout=SLOW)
        shown = await alice.click("Start my review", on=card)
        assert "Review: question 1 of 3" in shown.text, log.read_text()
        shown = await answer(alice, shown, fine_tuning, right=True)
        missed_again = _prompt(shown)
        shown = await answer(alice, shown, fine_tuning, right=False)
        assert "Review: question 3 of 3" in shown.text
        second.send_signal(signal.SIGKILL)  # halfway through the review
        await second.wait()
        await fake.wait_for(lambda: not fake.connected)

    async with bot_process(fake, database, log, CLOCK_OFFSET_SECONDS=str(DAY), **engine):
        await fake.wait_connected(timeout=30)
        # The message from before the kill still works, at its third question.
        done = await answer(alice, shown, fine_tuning, right=True)
        assert "You answered 3 questions today" in done.text, log.read_text()
        again = await alice.slash("review start")
        assert "Nothing to review today" in again.text or "You answered 3" in again.text
        report = await teacher.slash("review report")
        assert "Alice: 0 due, 0 overdue, 3 done" in report.text
        cards = [s for s in alice.screen() if "Review time" in s.text]
        assert len(cards) == 1  # one card that day, whoever started

    async with bot_process(fake, database, log, CLOCK_OFFSET_SECONDS=str(2 * DAY), **engine):
        await fake.wait_connected(timeout=30)
        await alice.wait_for_text("Review time: 1 of you has questions waiting", timeout=SLOW)
        today = await alice.slash("review start")
        # The one missed again yesterday comes first; the two recalled yesterday are not due.
        assert _prompt(today) == missed_again
        assert "Review: question 1 of 5" in today.text  # under the cap: it, and four right in the quiz


async def test_review_picks_and_an_open_answer_box_survive_a_killed_bot(fake: FakeDiscord, tmp_path: Path):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    alice = Person(fake, fake.add_member("Alice"))
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"
    tomorrow = {"CLOCK_OFFSET_SECONDS": str(DAY)}

    async with bot_process(fake, database, log) as first:
        await fake.wait_connected(timeout=30)
        await open_quiz(teacher, "plants-make-food")
        await miss_everything(alice)
        await teacher.slash("review settings", cap=10)
        await teacher.slash("review assign")
        await _killed(first, fake)

    async with bot_process(fake, database, log, **tomorrow) as second:
        await fake.wait_connected(timeout=30)
        shown = await alice.slash("review start")
        assert "Review: question 1 of 7" in shown.text, log.read_text()
        # A first tick or tap (or the box opened), then the bot dies before Check (or the submit).
        pending = await _begin(alice, await _until(alice, shown, {*MULTI_TAP, Kind.TYPED}))
        await _killed(second, fake)

    async with bot_process(fake, database, log, **tomorrow) as third:
        await fake.wait_connected(timeout=30)
        # The picks were in the custom_ids of the message from before: Check judges them all.
        pending = await completed_then_the_other_begun(alice, pending, third, log)

    async with bot_process(fake, database, log, **tomorrow):
        await fake.wait_connected(timeout=30)
        shown = await _complete(alice, pending)
        assert shown.titles[0] == "✅ Right!", log.read_text()
        while "Review: question" in shown.text:
            shown = await answer_kind(alice, shown, right=True)
        assert "You answered 7 questions today" in shown.text
