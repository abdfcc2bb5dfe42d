"""Issue 11 through the real client: clicks routed by custom_id, and nothing kept per student."""

import asyncio

from bot import client
from bot.tutor.messages import SOMEONE_ELSES
from tests.conftest import running_classroom
from tests.e2e.helpers import answer, number_on


async def test_discord_py_keeps_no_view_and_no_timer_per_student(fake, tmp_path, monkeypatch, fine_tuning):
    made = []
    real = client.make_bot

    def keep(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(client, "make_bot", keep)
    async with running_classroom(fake, tmp_path) as room:
        await room.teacher.slash("quiz start", lesson="fine-tuning")
        for student in room.students:
            shown = await answer(student, await student.click("Start quiz"), fine_tuning, right=True)
            assert number_on(shown) == "Question 2 of 15"
        await room.alice.slash("progress")
        bot = made[-1]  # the one connected (the first is refused the members intent)
        store = bot._connection._view_store
        assert store._synced_message_views == {}
        assert store._views == {}
        # Private messages' views would each have had a 15-minute timer.
        assert not [t for t in asyncio.all_tasks() if "timeout_task" in repr(t.get_coro())]


async def test_a_button_pressed_on_someone_elses_message_is_refused_and_changes_nothing(
    classroom, fine_tuning
):
    alice, bob = classroom.alice, classroom.bob
    await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    alice_quiz = await alice.click("Start quiz")
    await bob.click("Start quiz")
    reply = await bob.press(alice_quiz.buttons[0]["custom_id"], alice_quiz)  # a forged payload
    assert reply.ephemeral
    assert reply.text == str(SOMEONE_ELSES)
    assert classroom.fake.messages[alice_quiz.id].embeds == alice_quiz.embeds
    report = await classroom.teacher.slash("report", lesson="fine-tuning")
    assert "**Alice**: 0/15 answered" in report.text
    assert "**Bob**: 0/15 answered" in report.text
