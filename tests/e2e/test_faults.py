"""Discord misbehaves the ways it does in real life, in the middle of a quiz; the quiz goes on."""

import io
import logging
import re

import pytest

from bot.logs import close_logging, setup_logging
from tests.e2e.helpers import answer, first_question, number_on, take_quiz
from tests.fake_discord import NoResponse


async def test_reconnect_and_resume_mid_quiz(classroom, fine_tuning):
    fake, alice = classroom.fake, classroom.alice
    shown = await first_question(classroom.teacher, alice)
    shown, _ = await take_quiz(alice, shown, fine_tuning, wrong=set(), count=5)
    await fake.send_reconnect()
    await fake.wait_for(lambda: fake.resumes == 1)
    shown, _ = await take_quiz(classroom.alice, shown, fine_tuning, wrong=set(), count=5)
    await fake.drop_connection()
    await fake.wait_for(lambda: fake.resumes == 2)
    shown, _ = await take_quiz(classroom.alice, shown, fine_tuning, wrong=set())
    assert "Your score: 15 out of 15" in shown.text
    assert fake.identifies == 1  # resumed both times, never a fresh session


async def test_an_invalid_session_means_a_fresh_identify_and_the_quiz_goes_on(classroom, fine_tuning):
    fake, alice = classroom.fake, classroom.alice
    shown = await first_question(classroom.teacher, alice)
    shown, _ = await take_quiz(alice, shown, fine_tuning, wrong=set(), count=3)
    await fake.invalidate_session()
    # discord.py waits 1-5 s before identifying again, and 5 s more for a second IDENTIFY.
    await fake.wait_for(lambda: fake.identifies == 2, timeout=20)
    shown = await answer(classroom.alice, shown, fine_tuning, right=True)
    assert number_on(shown) == "Question 5 of 15"


async def test_a_rate_limited_reply_is_retried(classroom, fine_tuning):
    shown = await first_question(classroom.teacher, classroom.alice)
    classroom.fake.fail_next("POST", r"/callback$", 429, retry_after=0.3)
    shown = await answer(classroom.alice, shown, fine_tuning, right=True)
    assert number_on(shown) == "Question 2 of 15"
    assert [r.status for r in classroom.fake.requests if r.path.endswith("/callback")][-2:] == [429, 200]


async def test_a_discord_server_error_is_retried(classroom, fine_tuning):
    shown = await first_question(classroom.teacher, classroom.alice)
    classroom.fake.fail_next("POST", r"/callback$", 500)
    shown = await answer(classroom.alice, shown, fine_tuning, right=True)
    assert number_on(shown) == "Question 2 of 15"


async def test_a_reply_after_the_3s_deadline_loses_no_answer(classroom, fine_tuning):
    alice = classroom.alice
    shown = await first_question(classroom.teacher, alice)
    classroom.fake.expire_next_interaction()
    with pytest.raises(NoResponse, match="3 s deadline"):
        await answer(alice, shown, fine_tuning, right=True)
    # The student saw "This interaction failed"; their answer was committed before the reply.
    resumed = await alice.click("Start quiz")
    assert "You have answered 1 of 15" in resumed.text
    assert number_on(resumed) == "Question 2 of 15"


async def test_an_unexpected_error_shows_a_code_that_is_in_the_log_and_loses_nothing(
    classroom, fine_tuning, caplog
):
    alice = classroom.alice
    shown = await first_question(classroom.teacher, alice)
    # Discord refusing the reply is a failure the bot did not expect: it must log it and say so.
    classroom.fake.fail_next("POST", r"/callback$", 400)
    with caplog.at_level(logging.ERROR, logger="bot"):
        reply = await answer(alice, shown, fine_tuning, right=True)
    assert reply.ephemeral
    match = re.search(r"error code ([0-9A-F]{6})", reply.text)
    assert match, reply.text
    assert "Anything you answered before is saved" in reply.text
    assert any(match[1] in record.getMessage() for record in caplog.records)
    resumed = await alice.click("Start quiz")
    assert "You have answered 1 of 15" in resumed.text


async def test_every_code_shown_during_a_repeated_fault_is_in_the_log(classroom, fine_tuning):
    alice = classroom.alice
    shown = await first_question(classroom.teacher, alice)
    root, stream = logging.getLogger(), io.StringIO()
    level = root.level
    handler = setup_logging("WARNING", stream=stream)  # as `python -m bot run` logs: repeats summarised
    try:
        codes = []
        for _ in range(3):
            classroom.fake.fail_next("POST", r"/callback$", 400)  # the same failure, three clicks
            reply = await answer(alice, shown, fine_tuning, right=True)
            codes.append(re.search(r"error code ([0-9A-F]{6})", reply.text)[1])  # type: ignore[index]
            shown = await alice.click("Start quiz")
    finally:
        close_logging(handler)
        root.setLevel(level)
    logged = stream.getvalue()
    assert logged.count("Traceback") == 1  # the first in full, the repeats counted
    assert [code for code in codes if code not in logged] == []
