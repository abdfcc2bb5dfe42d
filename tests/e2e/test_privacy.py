"""People's own data through the real client: /mydata, its two-step delete, a teacher's /student forget."""

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.content import Lesson
from tests.clock import ManualClock
from tests.conftest import running_classroom
from tests.e2e.helpers import open_quiz, take_quiz
from tests.fake_discord import FakeDiscord, Person, Shown


async def take(teacher: Person, student: Person, lesson: Lesson, wrong: set[int]) -> None:
    if not any(s.labels == ["Start quiz"] for s in student.screen()):
        await open_quiz(teacher)
    shown, _ = await take_quiz(student, await student.click("Start quiz"), lesson, wrong)
    assert "Your score: " in shown.text


async def my_file(student: Person) -> tuple[dict[str, Any], Shown]:
    shown = await student.slash("mydata")
    assert shown.ephemeral
    return json.loads(shown.file("my-data.json").text), shown


async def test_mydata_is_a_private_file_of_my_own_answers(classroom, fine_tuning):
    alice, bob = classroom.alice, classroom.bob
    await take(classroom.teacher, alice, fine_tuning, wrong={0, 3})
    await take(classroom.teacher, bob, fine_tuning, wrong=set())

    shown = await alice.slash("mydata")

    assert shown.ephemeral
    assert shown.id not in [s.id for s in bob.screen()]
    assert "the name I know you by: Alice" in shown.text
    assert "1 quiz try with 15 answers" in shown.text
    assert shown.labels == ["Delete my data"]
    data = shown.file("my-data.json")
    document = json.loads(data.text)
    assert (document["user_id"], document["server_id"]) == (str(alice.id), str(classroom.fake.guild_id))
    assert document["name"]["name"] == "Alice"
    (attempt,) = document["quiz_tries"]
    assert attempt["lesson_title"] == fine_tuning.title
    assert attempt["score"] == 13
    prompts = {q.prompt: q for q in fine_tuning.questions}
    assert {a["question"] for a in attempt["answers"]} == set(prompts)
    for answer in attempt["answers"]:
        assert answer["right"] is (answer["your_answer"] == prompts[answer["question"]].answer)
    assert "Bob" not in data.text
    assert str(bob.id) not in data.text


async def test_deleting_my_data_takes_two_steps_and_is_final(classroom, fine_tuning):
    alice, bob, teacher = classroom.alice, classroom.bob, classroom.teacher
    await take(classroom.teacher, alice, fine_tuning, wrong=set())
    await take(classroom.teacher, bob, fine_tuning, wrong={1})
    shown = await alice.slash("mydata")

    asked = await alice.click("Delete my data", on=shown)
    assert asked.id == shown.id
    assert asked.text.startswith("Are you sure? This deletes everything I keep about you in this server")
    assert asked.labels == ["Yes, delete everything", "Keep it"]
    kept = await alice.click("Keep it", on=asked)
    assert kept.text == "Okay, nothing was deleted."
    assert kept.labels == []
    still, _ = await my_file(alice)
    assert len(still["quiz_tries"]) == 1

    # Bob can't press Alice's delete: not from his own message either, with her id in a forged button.
    bobs = await bob.slash("mydata")
    refused = await bob.press(f"tutor:mydata:yes:{alice.id}", bobs)
    assert refused.ephemeral
    assert "That button isn't one of your" in refused.text
    still, _ = await my_file(alice)
    assert len(still["quiz_tries"]) == 1

    shown = await alice.slash("mydata")
    asked = await alice.click("Delete my data", on=shown)
    # A forged click on her very message, carrying her button, is still not Bob's to press.
    refused = await bob.press(f"tutor:mydata:yes:{alice.id}", asked)
    assert refused.text == "These buttons belong to someone else. Use /mydata to see your own data."
    assert len((await my_file(alice))[0]["quiz_tries"]) == 1
    done = await alice.click("Yes, delete everything", on=asked)
    assert (
        done.text
        == "Done. I deleted 1 quiz try with 15 answers and your name from this server. This is final."
    )
    assert done.labels == []

    empty, shown = await my_file(alice)
    assert empty["quiz_tries"] == []
    assert empty["name"] is None
    assert "I keep nothing about you in this server" in shown.text
    assert shown.labels == []
    bobs_now, _ = await my_file(bob)
    assert len(bobs_now["quiz_tries"]) == 1
    asked = await teacher.slash("student forget", student=alice.member)
    assert asked.text == "I keep nothing about **Alice** in this server."


async def test_a_teacher_forgets_a_student_after_confirming(classroom, fine_tuning):
    alice, bob, teacher, fake = classroom.alice, classroom.bob, classroom.teacher, classroom.fake
    assert str(fake.commands["student"]["default_member_permissions"]) == "32"  # hidden unless Manage Server
    assert fake.commands["mydata"].get("default_member_permissions") is None
    await take(classroom.teacher, alice, fine_tuning, wrong=set())
    await take(classroom.teacher, bob, fine_tuning, wrong=set())

    asked = await teacher.slash("student forget", student=alice.member)

    assert asked.ephemeral
    assert asked.text == (
        "This deletes everything I keep about **Alice** in this server: 1 quiz try with 15 answers and "
        "their name. Reports will no longer show them. This can't be undone."
    )
    assert asked.labels == ["Yes, delete their data", "Cancel"]
    assert asked.id not in [s.id for s in alice.screen()]
    done = await teacher.click("Yes, delete their data", on=asked)
    assert done.text.startswith(
        "Done. I deleted **Alice**'s data from this server: 1 quiz try with 15 answers"
    )
    assert (await my_file(alice))[0]["quiz_tries"] == []
    assert len((await my_file(bob))[0]["quiz_tries"]) == 1
    again = await teacher.slash("student forget", student=alice.member)
    assert again.text == "I keep nothing about **Alice** in this server."
    assert again.labels == []


async def test_a_student_running_student_forget_is_refused(classroom, fine_tuning):
    alice, bob = classroom.alice, classroom.bob
    await take(classroom.teacher, alice, fine_tuning, wrong=set())
    refused = await bob.slash("student forget", student=alice.member)
    assert refused.ephemeral
    assert "Only teachers can use this command" in refused.text
    assert refused.labels == []
    assert len((await my_file(alice))[0]["quiz_tries"]) == 1


async def test_a_teacher_can_forget_someone_who_left_the_server(classroom, fine_tuning):
    chen, teacher, fake = classroom.students[2], classroom.teacher, classroom.fake
    await take(classroom.teacher, chen, fine_tuning, wrong=set())
    fake.leave(chen.member)
    asked = await teacher.slash("student forget", student=fake.users[chen.id])
    assert "1 quiz try with 15 answers" in asked.text
    done = await teacher.click("Yes, delete their data", on=asked)
    assert done.text.startswith("Done. I deleted **Chen**'s data")
    again = await teacher.slash("student forget", student=fake.users[chen.id])
    assert again.text == "I keep nothing about **Chen** in this server."


async def test_a_teacher_who_lost_the_role_cannot_confirm(classroom, fine_tuning):
    alice, fake = classroom.alice, classroom.fake
    helper = Person(fake, fake.add_member("Mr Okafor", teacher=True))
    await take(classroom.teacher, alice, fine_tuning, wrong=set())
    asked = await helper.slash("student forget", student=alice.member)
    for role in list(helper.member.roles):
        fake.take_role(helper.member, role)
    helper.member.permissions = alice.member.permissions  # no Manage Server any more
    refused = await helper.click("Yes, delete their data", on=asked)
    assert "Only teachers can delete a student's data" in refused.text
    assert len((await my_file(alice))[0]["quiz_tries"]) == 1


class _Records(logging.Handler):
    """Log records as they come, for a test to wait on."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.queue: asyncio.Queue[str] = asyncio.Queue()

    def emit(self, record: logging.LogRecord) -> None:
        self.queue.put_nowait(record.getMessage())


@dataclass
class Kept:
    """A class whose bot keeps data 30 days, on a clock the test moves, and the bot's privacy log."""

    teacher: Person
    alice: Person
    bob: Person
    clock: ManualClock
    log: asyncio.Queue[str]


@pytest.fixture
async def kept_30_days(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[Kept]:
    records = _Records()
    logger = logging.getLogger("bot.exts.privacy")
    logger.addHandler(records)  # before the bot starts: its first sweep runs at start
    logger.setLevel(logging.INFO)
    try:
        async with running_classroom(fake, tmp_path, {"DATA_RETENTION_DAYS": "30"}) as room:
            yield Kept(room.teacher, room.alice, room.bob, room.clock, records.queue)
    finally:
        logger.removeHandler(records)
        logger.setLevel(logging.NOTSET)


async def next_deletion(log: asyncio.Queue[str]) -> str:
    """The next sweep's line that deleted something (a start may sweep twice: see bot.client.serve)."""
    while (line := await asyncio.wait_for(log.get(), 5)) == NOTHING:
        pass
    return line


NOTHING = "Data retention (30 days): deleted 0 attempts with their answers, and 0 names"


async def test_retention_deletes_old_attempts_at_start_and_then_daily(kept_30_days: Kept, fine_tuning):
    kept = kept_30_days
    assert await asyncio.wait_for(kept.log.get(), 5) == NOTHING  # at start
    await take(kept.teacher, kept.alice, fine_tuning, wrong=set())
    kept.clock.advance(timedelta(days=20))  # the daily sweep is due, and runs, but finds nothing old enough
    await take(kept.teacher, kept.bob, fine_tuning, wrong=set())

    kept.clock.advance(timedelta(days=11))

    # Alice's try goes, and her name and the teacher's (not seen for 31 days, no tries left).
    assert await next_deletion(kept.log) == (
        "Data retention (30 days): deleted 1 attempts with their answers, and 2 names"
    )
    assert (await my_file(kept.alice))[0]["quiz_tries"] == []
    assert len((await my_file(kept.bob))[0]["quiz_tries"]) == 1
    assert kept.log.empty()
