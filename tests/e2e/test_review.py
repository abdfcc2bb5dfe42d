"""Spaced review through the real client: a class takes a quiz, the teacher assigns review, the daily
card appears at the set time in the server's zone, a student reviews privately; a practice try offers
its missed questions again; a test-mode quiz's items wait for its close."""

from datetime import UTC, datetime, timedelta

from bot.content import Lesson
from tests.conftest import Classroom
from tests.e2e.helpers import open_quiz, take_quiz, wrong_option
from tests.fake_discord import Person, Shown

DAY = timedelta(days=1)


async def answer(student: Person, shown: Shown, lesson: Lesson, *, right: bool) -> Shown:
    """Press the right (or a wrong) option of the review question on screen."""
    prompts = {e.get("description") for e in shown.embeds}
    question = next(q for q in lesson.questions if q.prompt in prompts)
    return await student.click(question.answer if right else wrong_option(question), on=shown)


async def test_the_card_at_nine_in_new_york_then_a_private_review(classroom: Classroom, fine_tuning):
    teacher, alice, bob, clock = classroom.teacher, classroom.alice, classroom.bob, classroom.clock
    await teacher.slash("settings timezone", zone="America/New_York")
    await open_quiz(teacher)
    await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0, 1, 2})
    await take_quiz(bob, await bob.click("Start quiz"), fine_tuning, wrong=set())
    assigned = await teacher.slash("review assign")
    assert "Spaced review is on for" in assigned.text
    assert assigned.ephemeral
    refused = await alice.slash("review assign")
    assert "Only teachers" in refused.text

    # Wednesday 10:00 UTC; Thursday 09:00 in New York is 14:00 UTC. A minute before, no card.
    assert clock.now() == datetime(2026, 12, 2, 10, tzinfo=UTC)
    clock.advance(datetime(2026, 12, 3, 13, 59, tzinfo=UTC) - clock.now())
    shown = await alice.slash("review start")  # a turn of the loop for the keeper to wake and sleep again
    assert "Review: question 1 of 3" in shown.text
    assert not any("Review time" in s.text for s in alice.screen())
    clock.advance(timedelta(minutes=1))
    card = await alice.wait_for_text("Review time: 1 of you has questions waiting. It takes about 2 minutes.")
    assert not card.ephemeral
    assert card.labels == ["Start my review"]
    assert "Alice" not in card.text
    assert "Bob" not in card.text

    first = await alice.click("Start my review", on=card)
    assert first.ephemeral
    assert "Review: question 1 of 3" in first.text
    second = await answer(alice, first, fine_tuning, right=True)
    assert "Right" in second.text
    assert "Review: question 2 of 3" in second.text
    assert second.id == first.id  # one message that updates
    # A late second tap on the first question (a phone a screen behind): answered once, shown where it is.
    late = await alice.press(first.buttons[0]["custom_id"], first)
    assert "You answered that one already" in late.text
    assert "Review: question 2 of 3" in late.text
    third = await answer(alice, second, fine_tuning, right=False)
    assert "Not quite" in third.text or "Wrong" in third.text or "❌" in third.text
    done = await answer(alice, third, fine_tuning, right=True)
    assert "You answered 3 questions today" in done.text

    report = await teacher.slash("review report")
    assert "Alice: 0 due, 0 overdue, 3 done" in report.text
    assert report.file("review-report.csv").text.startswith("student,due_today")
    progress = await alice.slash("progress")
    assert "Days you practised: 1" in progress.text
    assert "Your class together: 0 of 30 questions mastered." in progress.text


async def test_a_practice_try_offers_its_missed_questions_again_without_changing_the_score(
    classroom: Classroom, fine_tuning
):
    teacher, alice = classroom.teacher, classroom.alice
    await open_quiz(teacher)
    result, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={3, 7})
    assert "Try the 2 you missed again" in result.labels
    shown = await alice.click("Try the 2 you missed again", on=result)
    assert "Try again: question 1 of 2" in shown.text
    shown = await answer(alice, shown, fine_tuning, right=True)
    shown = await answer(alice, shown, fine_tuning, right=True)
    assert "don't change your score" in shown.text
    progress = await alice.slash("progress")
    assert "Your score: 13 out of 15 (your best try)." in progress.text


async def test_a_test_mode_quizs_items_wait_for_its_close(classroom: Classroom, fine_tuning):
    teacher, alice, clock = classroom.teacher, classroom.alice, classroom.clock
    await open_quiz(teacher, feedback="after-close")
    result, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0})
    assert not any(label.startswith("Try the") for label in result.labels)
    await teacher.slash("review assign")
    clock.advance(DAY)
    nothing = await alice.slash("review start")
    assert "Nothing to review today" in nothing.text
    await teacher.slash("quiz close", lesson="fine-tuning")
    today = await alice.slash("review start")
    assert "Review: question 1 of 1" in today.text  # the one missed, due from the close day


async def test_a_reminder_for_who_asked_and_nothing_once_the_teacher_stops_review(
    classroom: Classroom, fine_tuning
):
    teacher, alice, bob, clock = classroom.teacher, classroom.alice, classroom.bob, classroom.clock
    await open_quiz(teacher)
    await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0, 1})
    await take_quiz(bob, await bob.click("Start quiz"), fine_tuning, wrong={0})
    await teacher.slash("review assign")
    on = await alice.slash("review remind", on=True)
    assert "direct message on days you have questions waiting" in on.text
    assert on.ephemeral

    clock.advance(DAY)  # Thursday 10:00 UTC, past the 09:00 card: the card, and Alice's reminder
    await alice.wait_for_text("Review time: 2 of you have questions waiting")
    reminder = await alice.wait_for_text("You have review questions waiting in")
    assert reminder.channel_id == alice.dm
    assert not any("You have review questions waiting in" in s.text for s in bob.screen())  # never asked

    stopped = await teacher.slash("review stop")
    assert "Spaced review is off for" in stopped.text
    clock.advance(DAY)
    refused = await alice.slash("review start")
    assert "Spaced review is not turned on" in refused.text
    reminders = [s for s in alice.screen() if "You have review questions waiting in" in s.text]
    assert len(reminders) == 1  # none the day after the stop
