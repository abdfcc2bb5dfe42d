"""Issue 9, findings 2, 3 and 6, through the real client: a lost reply never loses a result, a double tap
shows its feedback again, and a button acts only on its own kind of message, from a member."""

import asyncio
import contextlib
import signal
from pathlib import Path

from tests.e2e.helpers import answer, number_on, question_on, standing, take_quiz, wrong_option
from tests.e2e.test_process import bot_process
from tests.fake_discord import FakeDiscord, NoResponse, Person, Shown

CALLBACK = r"/interactions/[0-9]+/[^/]+/callback"


async def test_a_bot_killed_between_the_last_answer_and_its_reply_shows_the_result_on_start(
    fake: FakeDiscord, tmp_path: Path, fine_tuning
):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    alice = Person(fake, fake.add_member("Alice"))
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"
    async with bot_process(fake, database, log) as first:
        await fake.wait_connected(timeout=30)
        await teacher.slash("quiz start", lesson="fine-tuning")
        shown, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0}, count=14)
        # The last answer is committed, then the bot dies while its reply is on the way.
        held = fake.hold_next("POST", CALLBACK)
        last = asyncio.create_task(answer(alice, shown, fine_tuning, right=True))
        await asyncio.wait_for(held.reached.wait(), 10)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        held.release()
        with contextlib.suppress(NoResponse):
            await last
        await fake.wait_for(lambda: not fake.connected)

    async with bot_process(fake, database, log):
        await fake.wait_connected(timeout=30)
        result = await alice.click("Start quiz")
        assert "Your score: 14 out of 15" in result.text  # not a new attempt at question 1
        assert "Try again" in result.labels
        progress = await alice.slash("progress")
        assert "Your score: 14 out of 15 (your best try)." in progress.text


async def test_a_failed_reply_to_the_last_answer_loses_nothing(classroom, fine_tuning):
    alice, fake = classroom.alice, classroom.fake
    await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    shown, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong=set(), count=14)
    fake.expire_next_interaction()  # its reply can never arrive: Discord answers it with 404 10062
    with contextlib.suppress(NoResponse):
        await answer(alice, shown, fine_tuning, right=False)
    result = await alice.click("Start quiz")
    assert "Your score: 14 out of 15" in result.text
    assert "Keep my score" in result.labels


async def test_a_double_tap_shows_that_questions_feedback_again(classroom, fine_tuning):
    alice = classroom.alice
    await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    shown = await alice.click("Start quiz")
    question = question_on(shown, fine_tuning)
    # Two taps on the same message before either reply: one is recorded; both replies show its ✅/❌.
    replies = await asyncio.gather(
        alice.click(wrong_option(question), on=shown), alice.click(question.answer, on=shown)
    )
    verdicts = {reply.titles[0] for reply in replies}
    assert len(verdicts) == 1
    assert verdicts <= {"✅ Right!", "❌ Not quite"}
    assert sum("You answered that one already" in reply.text for reply in replies) == 1
    for reply in replies:
        assert question.explanation in reply.text
        assert f"**{question.answer}**" in reply.text
        assert number_on(reply) == "Question 2 of 15"


async def test_a_late_tap_on_an_earlier_question_shows_its_stored_answer(classroom, fine_tuning):
    alice = classroom.alice
    await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    shown = await alice.click("Start quiz")
    first = question_on(shown, fine_tuning)
    late = next(b["custom_id"] for b in shown.buttons if b["label"] == wrong_option(first))
    assert number_on(await answer(alice, shown, fine_tuning, right=True)) == "Question 2 of 15"
    # A phone a screen behind: a tap on question 1 arrives after the message moved on to question 2.
    again = await alice.press(late, shown)
    assert "You answered that one already" in again.text
    assert again.titles[0] == "✅ Right!"  # what was stored, not the late tap
    assert first.explanation in again.text
    assert number_on(again) == "Question 2 of 15"
    report = await classroom.teacher.slash("report", lesson="fine-tuning")
    assert "**Alice**: 1/15 answered" in report.text
    # A tap standing for a later question than the message shows is no late tap: refused as before.
    ahead = late.rsplit(":", 2)[0] + ":5:0"
    assert "isn't one of your quiz buttons" in (await alice.press(ahead, again)).text


async def test_a_late_tap_on_the_last_question_shows_the_result_again(classroom, fine_tuning):
    alice = classroom.alice
    await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    shown, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong=set(), count=14)
    wrong = wrong_option(question_on(shown, fine_tuning))
    late = next(b["custom_id"] for b in shown.buttons if b["label"] == wrong)
    end = await answer(alice, shown, fine_tuning, right=True)
    assert "Your score: 15 out of 15" in end.text
    # The message is the result now; a tap on the last question's buttons arrives after it.
    again = await alice.press(late, end)
    assert again.id == end.id
    assert "You have finished this quiz already." in again.text
    assert "Your score: 15 out of 15" in again.text
    report = await classroom.teacher.slash("report", lesson="fine-tuning")
    assert standing(report)["Alice"] == "finished 15/15"


async def test_a_button_acts_only_on_its_own_kind_of_message(classroom, fine_tuning):
    alice, fake = classroom.alice, classroom.fake
    card = await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    shown = await alice.click("Start quiz")
    custom_id = shown.buttons[0]["custom_id"]
    # An answer id carried on the public card must not turn the card into Alice's feedback.
    refused = await alice.press(custom_id, card)
    assert refused.ephemeral
    assert "isn't one of your quiz buttons" in refused.text
    assert fake.messages[card.id].embeds == card.embeds
    # A Start id carried on a private quiz message is refused the same way.
    start_id = card.buttons[0]["custom_id"]
    refused = await alice.press(start_id, shown)
    assert "isn't one of your quiz buttons" in refused.text
    # Digits of other scripts are not ids.
    full_width = custom_id.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    refused = await alice.press(full_width, shown)
    assert "isn't one of your quiz buttons" in refused.text
    assert fake.messages[shown.id].embeds == shown.embeds
    assert number_on(Shown.of(fake.messages[shown.id])) == "Question 1 of 15"
    assert (await answer(alice, shown, fine_tuning, right=True)).titles[0] == "✅ Right!"


async def test_someone_not_in_the_server_cannot_start_an_attempt(classroom):
    fake = classroom.fake
    card = await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    stranger = fake.add_user("Stranger")
    data = {"custom_id": card.buttons[0]["custom_id"], "component_type": 2}
    interaction = await fake.interact(stranger, 3, data, fake.messages[card.id], as_member=False)
    reply = await asyncio.wait_for(asyncio.shield(interaction.done), 5)
    assert "Only members of this server can take its quizzes" in reply.content
    report = await classroom.teacher.slash("report")
    assert "Nobody has started this quiz yet." in report.text
