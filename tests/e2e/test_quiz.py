"""A class takes the fine-tuning quiz through the real client, as the people in it would."""

import asyncio
import csv
import io

import pytest

from tests.e2e.helpers import answer, number_on, open_quiz, question_on, standing, take_quiz, wrong_option


async def test_teacher_posts_the_lesson_for_everyone_to_read(classroom, fine_tuning):
    posted = await classroom.teacher.slash("lesson post", lesson="fine-tuning")
    assert not posted.ephemeral
    seen = classroom.alice.screen()[-1]
    assert seen.id == posted.id
    assert fine_tuning.title in seen.text
    # 97 words at a young reader's 100 a minute; the year it was reviewed is for teachers, not students.
    assert "📖 About 1 minute to read" in seen.text
    assert "Reviewed" not in seen.text
    assert "2026" not in seen.text
    for section in fine_tuning.sections:
        assert section.heading in seen.text
        assert section.body in seen.text


async def test_lesson_names_autocomplete(classroom):
    choices = await classroom.teacher.autocomplete("quiz start", "lesson", "fine")
    assert [c["value"] for c in choices] == ["fine-tuning"]
    assert await classroom.teacher.autocomplete("lesson post", "lesson", "volcano") == []


async def test_a_student_takes_the_whole_quiz(classroom, fine_tuning):
    alice, bob = classroom.alice, classroom.bob
    card = await open_quiz(classroom.teacher)
    assert not card.ephemeral
    assert card.labels == ["Start quiz"]
    assert "15 questions" in card.text
    assert not any("now open" in s.text for s in alice.screen())  # the teacher's note is theirs alone

    shown = await alice.click("Start quiz")
    assert shown.ephemeral
    assert number_on(shown) == "Question 1 of 15"
    assert len(shown.buttons) == 4
    assert shown.id not in [s.id for s in bob.screen()]

    wrong = {1, 6, 11}
    missed = []
    for position in range(15):
        question = question_on(shown, fine_tuning)
        right = position not in wrong
        after = await answer(alice, shown, fine_tuning, right=right)
        assert after.id == shown.id  # edited in place, never a new message per question
        if right:
            assert after.titles[0] == "✅ Right!"
        else:
            missed.append(question)
            assert after.titles[0] == "❌ Not quite"
            assert f"You picked: {wrong_option(question)}" in after.text
            assert f"The right answer: **{question.answer}**" in after.text
        assert question.explanation in after.text
        if position < 14:
            assert number_on(after) == f"Question {position + 2} of 15"
        shown = after

    assert "Your score: 12 out of 15" in shown.text
    assert "🎉" not in shown.text  # celebrated only when earned
    # A practice quiz offers its missed questions again (spaced review, issue 20); the score stays as it is.
    assert shown.labels == ["Try again", "Review my answers", "Try the 3 you missed again"]
    assert shown.titles[0] == "✅ Right!"  # the last answer's feedback comes first, then the result
    # The misses by the numbers she saw them under; what she picked is one button away.
    assert "You missed questions 2, 7 and 12: press **Review my answers** to see them." in shown.text
    assert len(missed) == 3

    progress = await alice.slash("progress")
    assert progress.ephemeral
    assert "Your score: 12 out of 15 (your best try). You can try again." in progress.text
    assert fine_tuning.title in progress.text
    assert classroom.fake.rejected() == []


async def test_a_new_attempt_after_a_finished_one_and_resume_during_one(classroom, fine_tuning):
    alice = classroom.alice
    await open_quiz(classroom.teacher)
    shown, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong=set())
    assert "Your score: 15 out of 15" in shown.text

    # Start after a finished attempt never begins a new one silently: first the result, then a choice.
    asked = await alice.click("Start quiz")
    assert "Your score: 15 out of 15" in asked.text
    assert asked.labels == ["Try again", "Keep my score", "Review my answers"]
    kept = await alice.click("Keep my score", on=asked)
    assert "Your score stays as it is" in kept.text
    second = await alice.click("Try again", on=await alice.click("Start quiz"))
    assert number_on(second) == "Question 1 of 15"
    assert "Welcome back" not in second.text
    second = await answer(alice, second, fine_tuning, right=True)

    resumed = await alice.click("Start quiz")
    assert resumed.id != second.id
    assert "Welcome back! You have answered 1 of 15." in resumed.text
    assert number_on(resumed) == "Question 2 of 15"

    # The older message still shows question 2's buttons; answering there counts once.
    await answer(alice, second, fine_tuning, right=True)
    stale = await answer(alice, resumed, fine_tuning, right=True)
    assert "You answered that one already" in stale.text
    assert number_on(stale) == "Question 3 of 15"

    progress = await alice.slash("progress")
    assert "Your score: 15 out of 15 (your best try). You're on your way: 2 of 15 answered." in progress.text


async def test_two_students_at_once_see_only_their_own(classroom, fine_tuning):
    alice, bob = classroom.alice, classroom.bob
    await open_quiz(classroom.teacher)
    alice_start, bob_start = await asyncio.gather(alice.click("Start quiz"), bob.click("Start quiz"))
    (alice_end, _), (bob_end, _) = await asyncio.gather(
        take_quiz(alice, alice_start, fine_tuning, wrong=set()),
        take_quiz(bob, bob_start, fine_tuning, wrong=set(range(15))),
    )
    assert "Your score: 15 out of 15" in alice_end.text
    assert "Your score: 0 out of 15" in bob_end.text
    assert alice_end.id not in [s.id for s in bob.screen()]
    assert bob_end.id not in [s.id for s in alice.screen()]
    assert all(not s.ephemeral or s.id == alice_end.id for s in alice.screen())

    report = await classroom.teacher.slash("report", lesson="fine-tuning")
    assert standing(report)["Alice"] == "finished 15/15"
    assert standing(report)["Bob"] == "finished 0/15"
    assert "**Needs help: under 60% (1)**\n**Bob**: 0/15 (0%)" in report.text
    assert "**Q1** · 50% right (1/2)" in report.text


async def test_closing_the_quiz_and_the_class_report(classroom, fine_tuning):
    alice, bob, teacher = classroom.alice, classroom.bob, classroom.teacher
    card = await open_quiz(classroom.teacher)
    alice_end, alice_results = await take_quiz(
        alice, await alice.click("Start quiz"), fine_tuning, wrong={0, 3}
    )
    bob_now, _ = await take_quiz(bob, await bob.click("Start quiz"), fine_tuning, wrong={2}, count=7)

    closed = await teacher.slash("quiz close", lesson="fine-tuning")
    assert closed.ephemeral
    assert "is closed" in closed.text

    late = await answer(bob, bob_now, fine_tuning, right=True)
    assert late.ephemeral
    assert "This quiz is closed" in late.text
    # His quiz message now says what he saved, with no answer buttons left to be refused.
    assert late.id == bob_now.id
    assert "You answered 7 of 15 before it closed." in late.text
    assert late.buttons == []
    closed_card = await classroom.students[2].wait_for_text(
        "This quiz is closed. Every answer given is saved"
    )
    assert closed_card.id == card.id
    assert "(closed)" in closed_card.text
    assert closed_card.buttons == []  # nobody is offered a button that can only refuse

    report = await teacher.slash("report", lesson="fine-tuning")
    assert report.ephemeral
    assert report.id not in [s.id for s in alice.screen()]
    assert standing(report)["Alice"] == "finished 13/15"
    assert "**Bob**: 7/15 answered" in report.text
    assert "Chen" not in report.text
    assert "<@" not in report.text  # names, never mentions that phones show as raw ids
    # Only finished students' counted attempts are in the figures: Alice's alone here.
    questions = csv.DictReader(io.StringIO(report.file("questions.csv").data.decode("utf-8-sig")))
    for index, row in enumerate(questions):
        assert (row["right"], row["facility (% right)"]) == (
            str(int(alice_results[index])),
            f"{100 * int(alice_results[index])}.0",
        )
    missed = [n + 1 for n in range(15) if not alice_results[n]]
    for number in missed:  # the two she missed are the hardest, so the card names them
        assert f"**Q{number}** · 0% right (0/1)" in report.text
    # One student finished: too few to chart, so no chart.png; the files carry everything.
    assert {f.filename for f in report.files} == {"students.csv", "questions.csv", "report.xlsx"}

    again = await teacher.slash("quiz close", lesson="fine-tuning")
    assert "There is no open quiz in" in again.text
    assert "Your score: 13 out of 15" in alice_end.text


async def test_a_second_card_resumes_and_a_reopened_quiz_is_a_new_one(classroom, fine_tuning):
    alice, teacher = classroom.alice, classroom.teacher
    await open_quiz(classroom.teacher)
    await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong=set(), count=3)
    await teacher.slash("quiz start", lesson="fine-tuning")
    await teacher.wait_for_text("was already open")
    resumed = await alice.click("Start quiz")
    assert "You have answered 3 of 15" in resumed.text
    assert number_on(resumed) == "Question 4 of 15"
    await teacher.slash("quiz close", lesson="fine-tuning")
    # Both cards say closed, with no button that can only refuse.
    await alice.wait_until(lambda screen: not any("Start quiz" in s.labels for s in screen), "closed cards")
    # Opening it again is a new quiz (a new assignment, with its own report); the old one keeps her answers.
    await teacher.slash("quiz start", lesson="fine-tuning")
    fresh = await alice.click("Start quiz")
    assert number_on(fresh) == "Question 1 of 15"
    assert "Welcome back" not in fresh.text


async def test_a_student_running_teacher_commands_is_refused_and_nothing_changes(classroom, fine_tuning):
    alice, bob, fake = classroom.alice, classroom.bob, classroom.fake
    for name in ("quiz", "lesson", "report"):
        assert str(fake.commands[name]["default_member_permissions"]) == "32"  # hidden unless Manage Server
    assert fake.commands["progress"].get("default_member_permissions") is None

    before = len(fake.messages)
    refused = await bob.slash("quiz start", lesson="fine-tuning")
    assert refused.ephemeral
    assert "Only teachers can use this command" in refused.text
    assert len(fake.messages) == before + 1
    assert not any(s.labels == ["Start quiz"] for s in alice.screen())

    await open_quiz(classroom.teacher)
    shown = await alice.click("Start quiz")
    for command, options in (
        ("quiz close", {"lesson": "fine-tuning"}),
        ("report", {"lesson": "fine-tuning"}),
        ("lesson post", {"lesson": "fine-tuning"}),
    ):
        refused = await bob.slash(command, **options)
        assert "Only teachers can use this command" in refused.text
        assert refused.ephemeral
    after = await answer(alice, shown, fine_tuning, right=True)
    assert number_on(after) == "Question 2 of 15"  # the quiz is still open


async def test_unknown_lesson_is_a_clear_private_message(classroom):
    reply = await classroom.teacher.slash("quiz start", lesson="volcanoes")
    assert reply.ephemeral
    assert "There is no lesson called 'volcanoes'" in reply.text


async def test_a_double_click_records_one_answer(classroom, fine_tuning):
    alice = classroom.alice
    await open_quiz(classroom.teacher)
    shown = await alice.click("Start quiz")
    label = question_on(shown, fine_tuning).answer
    first, second = await asyncio.gather(alice.click(label, on=shown), alice.click(label, on=shown))
    assert {number_on(first), number_on(second)} == {"Question 2 of 15"}
    report = await classroom.teacher.slash("report", lesson="fine-tuning")
    assert "**Alice**: 1/15 answered" in report.text


async def test_forged_clicks_are_refused_privately_and_change_nothing(classroom, fine_tuning):
    alice, bob, teacher = classroom.alice, classroom.bob, classroom.teacher
    card = await open_quiz(classroom.teacher)
    alice_quiz = await answer(alice, await alice.click("Start quiz"), fine_tuning, right=True)
    bob_quiz = await bob.click("Start quiz")
    alice_button = alice_quiz.buttons[0]["custom_id"]
    bob_attempt = bob_quiz.buttons[0]["custom_id"].split(":")[2]

    forged = [
        (alice_button, bob_quiz),  # another student's attempt
        (alice_button, card),
        (f"tutor:answer:{bob_attempt}:99:0", bob_quiz),  # a question out of range
        (f"tutor:answer:{bob_attempt}:0:7", bob_quiz),  # an option out of range
        ("tutor:start:999999", card),  # a quiz that does not exist
        ("tutor:answer:abc", bob_quiz),
        ("garbage", card),
        ("x" * 100, bob_quiz),
    ]
    for custom_id, on in forged:
        reply = await bob.press(custom_id, on)
        assert reply.ephemeral
        assert "That button isn't one of your quiz buttons" in reply.text

    assert classroom.fake.messages[bob_quiz.id].embeds == bob_quiz.embeds
    assert classroom.fake.messages[alice_quiz.id].embeds == alice_quiz.embeds
    report = await teacher.slash("report", lesson="fine-tuning")
    assert "**Alice**: 1/15 answered" in report.text
    assert "**Bob**: 0/15 answered" in report.text


@pytest.mark.parametrize("environment_changes", [{"DEV_GUILD_ID": ""}], indirect=True)
async def test_without_a_dev_server_commands_are_synced_globally(classroom):
    assert set(classroom.fake.command_scope) == {
        "lesson",
        "live",
        "quiz",
        "report",
        "review",
        "progress",
        "settings",
        "mydata",
        "student",
        "roster",
    }
    assert set(classroom.fake.command_scope.values()) == {None}
    progress = await classroom.alice.slash("progress")
    assert "You haven't taken a quiz here yet" in progress.text


async def test_closing_still_works_when_a_teacher_deleted_the_card(classroom):
    teacher, fake = classroom.teacher, classroom.fake
    first = await open_quiz(classroom.teacher)
    await teacher.slash("quiz start", lesson="fine-tuning")
    second = await teacher.wait_for_text("15 questions. Press **Start quiz**")
    del fake.messages[first.id]  # the teacher deleted the first card in Discord
    closed = await teacher.slash("quiz close", lesson="fine-tuning")
    assert "is closed" in closed.text
    await teacher.wait_for_text("This quiz is closed. Every answer given is saved")
    assert fake.messages[second.id].components == []


async def test_needs_help_follows_the_servers_setting_and_the_report_carries_a_gradebook_file(
    classroom, fine_tuning
):
    teacher, alice = classroom.teacher, classroom.alice
    said = await teacher.slash("settings needs-help", percent=80)
    assert "under 80 %" in said.text
    await open_quiz(teacher)
    await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0, 1, 2, 3})  # 11 of 15
    report = await teacher.slash("report", lesson="fine-tuning", gradebook="canvas")
    assert "**Needs help: under 80% (1)**\n**Alice**: 11/15 (73%)" in report.text
    rows = list(csv.reader(io.StringIO(report.file("canvas.csv").text.lstrip("\ufeff"))))
    assert any("Alice" in row for row in rows[1:])
