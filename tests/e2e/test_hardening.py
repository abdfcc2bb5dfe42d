"""Issue 9 through the real client: a busy database, malformed payloads, the deadline, and the log."""

import asyncio
import itertools
import logging
import signal
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.exts import errors
from bot.exts.guard import interaction_problem
from bot.i18n import ENGLISH
from tests.e2e.helpers import answer, first_question, number_on, question_on, standing, take_quiz
from tests.e2e.test_process import bot_process
from tests.fake_discord import FakeDiscord, Person, Shown
from tests.fake_discord.server import DEADLINE


@pytest.fixture
def other_program(classroom) -> Iterator[sqlite3.Connection]:
    """A second connection to the bot's database, as a backup tool would open it."""
    conn = sqlite3.connect(classroom.database, isolation_level=None)
    yield conn
    if conn.in_transaction:
        conn.rollback()
    conn.close()


class Seen(logging.Handler):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


@asynccontextmanager
async def logged(text: str) -> AsyncIterator[None]:
    """Until the bot logs a line containing `text`: a test waits for that, not for time to pass."""
    seen = Seen(text)
    logging.getLogger().addHandler(seen)
    try:
        yield
        await asyncio.wait_for(seen.event.wait(), 5)
    finally:
        logging.getLogger().removeHandler(seen)


# -- 4. a database locked by another program -------------------------------------------------------


async def test_clicks_while_another_program_holds_the_database_get_busy_in_time_and_lose_nothing(
    classroom, fine_tuning, other_program, caplog
):
    alice, bob, chen = classroom.students
    quiz = {alice: await first_question(classroom.teacher, alice), bob: await bob.click("Start quiz")}
    other_program.execute("BEGIN IMMEDIATE")
    begun = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot"):
        replies = await asyncio.gather(
            answer(alice, quiz[alice], fine_tuning, right=True),
            answer(bob, quiz[bob], fine_tuning, right=False),
            chen.click("Start quiz"),
        )
    waited = time.monotonic() - begun
    other_program.execute("ROLLBACK")

    assert waited < DEADLINE  # and the stand-in fails any reply that comes later than that
    for reply in replies:
        assert reply.ephemeral
        assert reply.text == ENGLISH("errors.busy_click")
    busy = [r for r in caplog.records if "database busy" in r.getMessage()]
    assert len(busy) == 3
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in busy)
    assert all(r.getMessage().startswith("Error ") for r in busy)

    # The quiz messages are as they were; pressing again works, and the quiz carries on to the end.
    for student in (alice, bob):
        assert number_on(Shown.of(classroom.fake.messages[quiz[student].id])) == "Question 1 of 15"
    shown, results = await take_quiz(alice, quiz[alice], fine_tuning, wrong=set())
    assert "Your score: 15 out of 15" in shown.text
    assert len(results) == 15
    shown = await answer(bob, quiz[bob], fine_tuning, right=False)
    assert number_on(shown) == "Question 2 of 15"
    assert number_on(await chen.click("Start quiz")) == "Question 1 of 15"
    report = await classroom.teacher.slash("report", lesson="fine-tuning")
    assert standing(report)["Alice"] == "finished 15/15"


# -- 5. one malformed interaction must not end the bot ---------------------------------------------


def _click_payload(fake: FakeDiscord, student: Person, custom_id: Any) -> dict[str, Any]:
    """A component interaction as Discord sends it, with whatever custom_id a forger chose."""
    source = next(iter(fake.messages.values()))
    return {
        "id": str(fake.snowflake()),
        "application_id": str(fake.application_id),
        "type": 3,
        "data": {"custom_id": custom_id, "component_type": 2},
        "guild_id": str(fake.guild_id),
        "channel_id": str(fake.channel_id),
        "member": student.member.member(),
        "token": "forged-interaction-token",
        "version": 1,
        "attachment_size_limit": 1024,
        "message": source.payload(),
    }


def _without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != key}


MALFORMED = {
    "null custom_id": lambda p: p,
    "numeric custom_id": lambda p: {**p, "data": {"custom_id": 14, "component_type": 2}},
    "no custom_id": lambda p: {**p, "data": {"component_type": 2}},
    "no component_type": lambda p: {**p, "data": {"custom_id": "tutor:start:1"}},
    "null data": lambda p: {**p, "data": None},
    "no data": lambda p: _without(p, "data"),
    "no token": lambda p: _without(p, "token"),
    "no id": lambda p: _without(p, "id"),
    "a slash command without data": lambda p: {**_without(p, "data"), "type": 2},
    "not an object": lambda p: "INTERACTION",
}


@pytest.mark.parametrize("shape", MALFORMED)
async def test_a_malformed_interaction_is_refused_once_and_the_bot_carries_on(
    classroom, fine_tuning, caplog, shape
):
    alice = classroom.alice
    shown = await first_question(classroom.teacher, alice)
    payload = MALFORMED[shape](_click_payload(classroom.fake, alice, None))
    with caplog.at_level(logging.WARNING):
        async with logged("malformed interaction"):
            await classroom.fake.dispatch("INTERACTION_CREATE", payload)

    refused = [r for r in caplog.records if "malformed interaction" in r.getMessage()]
    assert len(refused) == 1
    assert refused[0].levelno == logging.WARNING
    assert refused[0].exc_info is None
    assert "forged-interaction-token" not in caplog.text
    # Still connected, on the same session, and the next click is answered.
    shown = await answer(alice, shown, fine_tuning, right=True)
    assert number_on(shown) == "Question 2 of 15"
    assert classroom.fake.identifies == 1


def test_the_payload_check_accepts_what_discord_sends():
    click = {
        "id": "1300000000000000001",
        "application_id": "1300000000000000002",
        "type": 3,
        "token": "t",
        "data": {"custom_id": "tutor:start:1", "component_type": 2},
        "message": {"id": "1300000000000000003"},
    }
    assert interaction_problem(click) is None
    assert interaction_problem({**click, "type": 2, "data": {"name": "progress", "type": 1}}) is None
    assert interaction_problem({**click, "type": 1}) is None  # a ping carries no data
    assert interaction_problem({**click, "data": {"custom_id": "x" * 101, "component_type": 2}})
    assert interaction_problem({**click, "type": True}) == "type True is unknown"
    assert interaction_problem({**click, "type": 9}) == "type 9 is unknown"
    assert interaction_problem({**click, "id": "１４"}) == "id is not an id"


async def test_if_the_client_dies_anyway_the_process_exits_non_zero_in_one_line(
    fake: FakeDiscord, tmp_path: Path
):
    log = tmp_path / "bot.log"
    async with bot_process(fake, tmp_path / "tutor.sqlite3", log) as process:
        await fake.wait_connected(timeout=30)
        # The host resets the token in the developer portal while the bot runs: Discord refuses the
        # next IDENTIFY and closes the gateway for good.
        fake.token = "fake-token.reset-in-the-portal"
        await fake.invalidate_session()
        code = await asyncio.wait_for(process.wait(), 30)
    output = log.read_text()
    assert code != 0, output
    assert "Traceback" not in output
    assert output.strip().splitlines()[-1] == (
        "error: Discord refused DISCORD_TOKEN (was it reset?); copy the token again from the developer portal"
    )


def test_the_systemd_unit_restarts_the_bot_when_it_fails():
    unit = (Path(__file__).resolve().parents[2] / "deploy" / "tutor-bot.service").read_text(encoding="utf-8")
    lines = set(unit.splitlines())
    assert "Restart=on-failure" in lines
    assert {line.split("=", 1)[0] for line in lines if "=" in line} >= {
        "User",
        "WorkingDirectory",
        "EnvironmentFile",
        "ExecStart",
    }
    assert any(line.startswith("ExecStart=") and line.endswith("-m bot run") for line in lines)


# -- 4 and 7. the deadline, and expected conditions logged as one line -----------------------------


async def test_a_first_reply_that_could_only_arrive_late_is_skipped_and_the_answer_kept(
    classroom, fine_tuning, monkeypatch, caplog
):
    alice, fake = classroom.alice, classroom.fake
    shown = await first_question(classroom.teacher, alice)
    question = question_on(shown, fine_tuning)
    button = next(b for b in shown.buttons if b["label"] == question.answer)
    ticks = itertools.count()
    monkeypatch.setattr(errors, "now", lambda: next(ticks) * (DEADLINE + 0.5))
    data = {"custom_id": button["custom_id"], "component_type": 2}
    with caplog.at_level(logging.INFO, logger="bot"):
        async with logged("No reply to"):
            click = await fake.interact(alice.member, 3, data, fake.messages[shown.id])
    monkeypatch.undo()

    assert not [r for r in fake.requests if f"/interactions/{click.id}/" in r.path]
    skipped = [r for r in caplog.records if "No reply to" in r.getMessage()]
    assert len(skipped) == 1
    assert skipped[0].levelno == logging.INFO
    assert skipped[0].exc_info is None
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    resumed = await alice.click("Start quiz")
    assert "You have answered 1 of 15" in resumed.text


async def test_expected_conditions_are_one_line_each_and_only_bugs_have_tracebacks(
    classroom, fine_tuning, caplog
):
    fake = classroom.fake
    shown = await first_question(classroom.teacher, classroom.alice)
    with caplog.at_level(logging.INFO):
        fake.fail_next("POST", r"/callback$", 429, retry_after=0.1)
        shown = await answer(classroom.alice, shown, fine_tuning, right=True)
        fake.fail_next("POST", r"/callback$", 500)
        shown = await answer(classroom.alice, shown, fine_tuning, right=True)
        fake.expire_next_interaction()
        async with logged("No reply to"):
            with pytest.raises(AssertionError, match="3 s deadline"):
                await answer(classroom.alice, shown, fine_tuning, right=True)
    assert all(r.exc_info is None for r in caplog.records), [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    expired = [r for r in caplog.records if "No reply to" in r.getMessage()]
    assert len(expired) == 1
    assert "404 10062" in expired[0].getMessage()
    assert expired[0].levelno == logging.INFO
    # The expired click got one reply, which Discord refused; no apology was sent after it.
    late = list(fake.interactions)[-1]
    assert [r.status for r in fake.requests if f"/interactions/{late}/" in r.path] == [404]


# -- 7. no token in the log, at any level ----------------------------------------------------------


async def test_a_whole_quiz_logged_at_debug_shows_no_token(fake: FakeDiscord, tmp_path: Path, fine_tuning):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    alice = Person(fake, fake.add_member("Alice"))
    log = tmp_path / "bot.log"
    async with bot_process(fake, tmp_path / "tutor.sqlite3", log, LOG_LEVEL="DEBUG") as process:
        await fake.wait_connected(timeout=30)
        await teacher.slash("quiz start", lesson="fine-tuning")  # a reply, then a follow-up (webhook)
        fake.fail_next("POST", r"/callback$", 429, retry_after=0.1)  # discord.py logs the retried URL
        shown, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={3})
        assert "Your score: 14 out of 15" in shown.text
        await teacher.slash("report", lesson="fine-tuning")
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 15) == 0
    output = log.read_text()
    assert "WebSocket Event" in output  # discord.py's raw dump of each gateway event is there
    assert "/interactions/" in output
    assert "/webhooks/" in output
    assert "[redacted]" in output
    assert fake.token not in output
    tokens = [i.token for i in fake.interactions.values()]
    assert len(tokens) == 18
    leaked = [token for token in tokens if token in output]
    assert leaked == []


# -- a forged id past 64 bits, even carried on the clicked message, is refused quietly -------------


async def test_an_id_too_big_for_64_bits_is_refused_quietly(classroom, caplog):
    fake, bob = classroom.fake, classroom.bob
    card = await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    await classroom.teacher.wait_for_text("The quiz is now open")
    quiz = await bob.click("Start quiz")
    for on in (card, quiz):
        parts = on.buttons[0]["custom_id"].split(":")  # tutor:start:<quiz>, tutor:answer:<attempt>:0:0
        forged = ":".join([*parts[:2], "9999999999999999999", *parts[3:]])
        # As a broken client might send it: the forged id on the message it says was clicked.
        source = fake.messages[on.id]
        row = {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": forged}]}
        message = {**source.payload(), "components": [row]}
        data = {"custom_id": forged, "component_type": 2}
        with caplog.at_level(logging.INFO):
            click = await fake.interact(bob.user, 3, data, source, changes={"message": message})
            reply = Shown.of(await asyncio.wait_for(click.done, 5))
        assert reply.ephemeral
        assert "That button isn't one of your quiz buttons" in reply.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
