"""A live class through the real client: the teacher paces, students answer privately, the room sees shares."""

from tests.e2e.live_helpers import card_of, count_on, label, live_card, pick, shares_on
from tests.fake_discord import NoResponse


async def test_a_small_live_class_from_start_to_report(classroom, fine_tuning):
    teacher, alice, bob, chen = classroom.teacher, *classroom.students
    fake = classroom.fake
    panel = await teacher.slash("live start", lesson="fine-tuning")
    assert panel.ephemeral
    assert panel.labels == ["Close answers", "Reveal", "Next", "End"]
    card = live_card(alice)
    assert "Question 1 of 15" in card.text
    first = fine_tuning.questions[0]
    assert f"**A.** {first.options[0]}" in card.text
    assert card.labels == ["Answer"]

    wrong = next(n for n in range(len(first.options)) if n != first.answer_index)
    screen = await pick(alice, card, first, wrong)
    assert "Saved: **" in screen.text
    changed = await alice.click(label(first, first.answer_index), on=screen)  # a change of mind
    assert changed.id == screen.id
    await pick(bob, card, first, wrong)
    await fake.wait_for(lambda: count_on(card_of(fake, card.id)) == (2, 2))

    panel = await teacher.click("Close answers", on=panel)
    try:
        await chen.click(label(first, 0), on=await chen.click("Answer", on=card))
        raise AssertionError("an answer after close was taken")
    except (NoResponse, AssertionError):
        pass
    refused = await chen.wait_for_text("Answers to this question are closed")
    assert refused.ephemeral
    await teacher.click("Reveal", on=panel)
    await fake.wait_for(lambda: "The right answer" in card_of(fake, card.id).text)
    revealed = card_of(fake, card.id)
    expected = [0] * len(first.options)
    expected[first.answer_index] += 1
    expected[wrong] += 1
    assert shares_on(revealed) == expected
    assert "Alice" not in revealed.text and "Bob" not in revealed.text
    mine = await alice.click("My result", on=revealed)
    assert "✅ Right!" in mine.text
    theirs = await bob.click("My result", on=revealed)
    assert "❌ Not quite" in theirs.text

    panel = teacher.last()
    await teacher.click("End", on=panel)
    report = await teacher.wait_for_text("finished")
    assert report.file("students.csv")
    assert "**Alice**: finished 1/1" in report.text
    assert "**Bob**: finished 0/1" in report.text
    ended = card_of(fake, card.id)
    assert "Live class over" in ended.text
    score = await alice.click("My score", on=ended)
    assert "You got 1 right out of 1 questions" in score.text
