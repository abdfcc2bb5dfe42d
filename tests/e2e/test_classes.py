"""A class a teacher can run, through the real client: classes by channel, windows, rules, test mode,
extra time, a teaching assistant, a roster. Time is the test's clock, never slept through."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from prometheus_client import REGISTRY

from bot.quiz.when import describe
from tests.conftest import running_classroom
from tests.e2e.helpers import answer, number_on, open_quiz, question_on, report_rows, standing, take_quiz
from tests.fake_discord import Person, Shown, Upload

HOUR = timedelta(hours=1)


async def test_the_same_lesson_in_two_channels_is_two_quizzes(classroom, fine_tuning):
    fake, teacher, alice, bob = classroom.fake, classroom.teacher, classroom.alice, classroom.bob
    other = fake.add_channel("class-5c")
    card_b = await open_quiz(teacher)
    card_c = await open_quiz(teacher, channel=other, attempts=1)
    assert card_b.id != card_c.id
    assert "1 try" in card_c.text
    assert "As many tries as you like" in card_b.text

    await take_quiz(alice, await alice.click("Start quiz", on=card_b), fine_tuning, wrong=set())
    await take_quiz(bob, await bob.click("Start quiz", on=card_c), fine_tuning, wrong=set(range(15)), count=2)

    closed = await teacher.slash("quiz close", in_channel=other)
    assert "is closed" in closed.text
    await fake.wait_for(lambda: fake.messages[card_c.id].components == [])
    assert fake.messages[card_b.id].components != []  # the other class's quiz is still open

    report_b = await teacher.slash("report")
    assert standing(report_b) == {"Alice": "finished 15/15"}
    assert "Bob" not in report_b.text
    report_c = await teacher.slash("report", in_channel=other)
    assert "**Didn't finish (1)**\n**Bob**: 2/15 answered" in report_c.text
    assert standing(report_c) == {"Bob": "in progress"}
    assert "Alice" not in report_c.text

    # The closed quiz stays reportable from anywhere, picked by its dates.
    choices = await teacher.autocomplete("report", "quiz", "closed")
    assert len(choices) == 1
    assert "#class-5c" in choices[0]["name"]
    picked = await teacher.slash("report", quiz=choices[0]["value"])
    assert "**Bob**" in picked.text


async def test_a_deadline_that_passes_while_the_bot_runs(classroom, fine_tuning):
    teacher, alice, clock = classroom.teacher, classroom.alice, classroom.clock
    card = await open_quiz(teacher, closes="in 2 hours")
    deadline = int((clock.now() + 2 * HOUR).timestamp())
    # No zone was ever set: the teacher sees the deadline as read, in UTC, and is told so.
    note = await teacher.wait_for_text("Times are read in UTC")
    assert f"Closes {describe(clock.now() + 2 * HOUR, ZoneInfo('UTC'))}." in note.text
    assert f"<t:{deadline}:F>" in card.text
    assert f"<t:{deadline}:R>" in card.text
    shown, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong=set(), count=3)
    lags = REGISTRY.get_sample_value("tutor_deadline_lag_seconds_count") or 0.0

    clock.advance(2 * HOUR)
    closed = await alice.wait_for_text("This quiz is closed")
    assert closed.id == card.id
    assert (
        REGISTRY.get_sample_value("tutor_deadline_lag_seconds_count") or 0.0
    ) == lags + 1  # the host sees it
    assert closed.buttons == []
    late = await answer(alice, shown, fine_tuning, right=True)
    assert f"This quiz closed at <t:{deadline}:F>" in late.text
    report = await teacher.slash("report")
    assert "**Alice**: 3/15 answered" in report.text  # nothing given was lost


async def test_opens_later(classroom, fine_tuning):
    teacher, alice, clock = classroom.teacher, classroom.alice, classroom.clock
    card = await open_quiz(teacher, opens="in 1 hours", closes="in 1 days")
    assert "Opens <t:" in card.text
    early = await alice.click("Start quiz")
    assert "This quiz opens <t:" in early.text
    assert early.buttons == []
    clock.advance(HOUR)
    shown = await alice.click("Start quiz")
    assert number_on(shown) == "Question 1 of 15"


async def test_an_attempt_limit_and_the_last_try_counting(classroom, fine_tuning):
    teacher, alice = classroom.teacher, classroom.alice
    card = await open_quiz(teacher, attempts=2, grade="last")
    assert "2 tries · counts: your last try" in card.text
    end, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong=set())
    assert "You have 1 more try." in end.text
    end, _ = await take_quiz(alice, await alice.click("Try again", on=end), fine_tuning, wrong={0, 1, 2})
    assert end.embeds[-1]["title"] == "Your score: 12 out of 15"
    assert "Your score is your last try. This try: 12 out of 15." in end.text
    assert "You have used all your tries." in end.text
    assert "Try again" not in end.labels
    again = await alice.click("Start quiz")
    assert "Try again" not in again.labels
    assert "Your score: 12 out of 15" in again.text
    report = await teacher.slash("report")
    assert standing(report)["Alice"] == "finished 12/15"


async def test_test_mode_never_shows_the_key_before_close_then_reviews(classroom, fine_tuning):
    teacher, alice, fake = classroom.teacher, classroom.alice, classroom.fake
    card = await open_quiz(teacher, feedback="after-close")
    assert "Test mode" in card.text
    shown = await alice.click("Start quiz")
    seen: list[Shown] = [shown]
    for n in range(15):
        question = question_on(shown, fine_tuning)
        late = shown.buttons[0]["custom_id"]
        shown = await answer(alice, shown, fine_tuning, right=False)
        if n == 0:
            # A late tap on question 1 (a phone a screen behind) tells nothing of right or wrong either.
            shown = await alice.press(late, shown)
            assert "You answered that one already" in shown.text
            assert number_on(shown) == "Question 2 of 15"
        seen.append(shown)
        # What the screen says (not the next question's buttons) never names the answer just given.
        words = "\n".join(e.get("description", "") + e.get("title", "") for e in shown.embeds)
        assert question.answer not in words
        assert "Right" not in words
        assert "Not quite" not in words
    assert "All done!" in shown.text
    assert "Review my answers" not in shown.labels
    progress = await alice.slash("progress")
    seen.append(progress)
    assert "You'll see your score when the quiz closes" in progress.text
    for message in seen + alice.screen():
        text = message.text
        assert "The right answer" not in text
        assert "✅" not in text
        assert "❌" not in text

    await teacher.slash("quiz close")
    progress = await alice.slash("progress")
    assert "Your score: 0 out of 15 (your best try). The quiz is closed." in progress.text
    page = await alice.click(f"See my answers: {fine_tuning.title}"[:80], on=progress)
    assert page.ephemeral
    assert number_on(page) == "Question 1 of 15"
    first = fine_tuning.questions[0]
    assert first.prompt in page.text
    assert f"The right answer: **{first.answer}**" in page.text
    assert first.explanation in page.text
    second = await alice.click("Next ▶", on=page)
    assert second.id == page.id
    assert number_on(second) == "Question 2 of 15"
    assert fake.rejected() == []


async def test_extra_time_and_an_extra_try_for_one_student(classroom, fine_tuning):
    teacher, alice, bob, clock = classroom.teacher, classroom.alice, classroom.bob, classroom.clock
    card = await open_quiz(teacher, attempts=1, closes="in 1 hours")
    end, _ = await take_quiz(bob, await bob.click("Start quiz"), fine_tuning, wrong={0})
    assert "You have used all your tries." in end.text
    given = await teacher.slash("quiz allow", student=bob.member, extra_attempts=1, until="in 3 hours")
    assert "Bob now has 1 extra try and time until <t:" in given.text
    clock.advance(HOUR)
    # The card closes for the class but keeps its button for the student with extra time.
    closed = await alice.wait_for_text("Only 1 student, given extra time by the teacher, can still press")
    assert closed.id == card.id
    refused = await alice.click("Start quiz", on=closed)
    assert "This quiz closed at" in refused.text
    asked = await bob.click("Start quiz", on=closed)
    assert "You have 1 more try." in asked.text
    assert "Your teacher gave you 1 extra try and time until <t:" in asked.text
    again = await bob.click("Try again", on=asked)
    assert number_on(again) == "Question 1 of 15"
    report = await teacher.slash("report")
    assert report_rows(report)["Bob"]["note"].startswith("extra: +1 try, time until ")
    taken_back = await teacher.slash("quiz allow", student=bob.member, remove=True)
    assert "Bob has no extra tries or time on this quiz any more." in taken_back.text
    # No time passes: the extra time taken back was all that kept the card open, so it closes now.
    await alice.wait_until(
        lambda screen: not any("Start quiz" in s.labels for s in screen), "the final close"
    )
    # His try under way ends with the extra time: an answer now is refused, not saved.
    late = await answer(bob, again, fine_tuning, right=True)
    assert "This quiz closed at" in late.text


async def test_a_teaching_assistant_role(classroom):
    fake, teacher, alice = classroom.fake, classroom.teacher, classroom.alice
    helper = Person(fake, fake.add_member("Mr Tan"))
    role = fake.add_role("TA")
    fake.give_role(helper.member, role)
    refused = await helper.slash("quiz start", lesson="fine-tuning")
    assert "Only teachers can use this command" in refused.text
    done = await teacher.slash("settings teachers", role=role)
    assert "Server Settings → Integrations" in done.text
    card = await open_quiz(helper)
    assert card.labels == ["Start quiz"]
    refused = await alice.slash("settings show")
    assert "Only teachers" in refused.text
    shown = await teacher.slash("settings show")
    assert f"<@&{role}>" in shown.text


async def test_bad_input_gets_a_private_message_and_changes_nothing(classroom):
    fake, teacher = classroom.fake, classroom.teacher
    for options, said in (
        ({"closes": "whenever"}, "Try:"),
        ({"closes": "2020-01-01 10:00"}, "in the past"),
        ({"opens": "in 3 hours", "closes": "in 1 hours"}, "before it opens"),
    ):
        reply = await teacher.slash("quiz start", lesson="fine-tuning", **options)
        assert reply.ephemeral
        assert said in reply.text
    assert not any(m.components for m in fake.messages.values())  # no card was posted
    zone = await teacher.slash("settings timezone", zone="Mars/Olympus")
    assert zone.ephemeral
    assert "UTC" in (await teacher.slash("settings show")).text
    outsider = fake.add_user("Stranger")
    await open_quiz(teacher)
    refused = await teacher.slash("quiz allow", student=outsider, extra_attempts=1)
    assert "not a member of this server" in refused.text
    assert refused.ephemeral


@pytest.mark.parametrize("members_intent", [True, False])
async def test_a_roster_lists_who_has_not_started(fake, tmp_path, members_intent, fine_tuning):
    fake.members_intent = members_intent
    async with running_classroom(fake, tmp_path) as room:
        role = fake.add_role("Class 5B")
        for student in room.students:
            fake.give_role(student.member, role)
        await room.teacher.slash("settings students", role=role)
        await open_quiz(room.teacher)
        await take_quiz(room.alice, await room.alice.click("Start quiz"), fine_tuning, wrong=set())
        await room.teacher.click("Start quiz")  # a teacher trying their own quiz
        report = await room.teacher.slash("report")
        assert "Teachers' tries (not counted)" in report.text
        assert "Ms Rivera" in report.text
        if members_intent:
            assert "**3 students**" in report.text  # the roster: Alice, who finished, and two not started
            assert "Not started (2)" in report.text
            assert "Bob" in report.text
            assert "Chen" in report.text
        else:
            assert "**1 student**" in report.text  # only who took it: no roster can be seen
            assert "Server Members Intent" in report.text
            assert "Not started" not in report.text


async def test_two_classes_in_one_server_each_report_their_own_roster(fake, tmp_path, fine_tuning):
    fake.members_intent = True
    async with running_classroom(fake, tmp_path) as room:
        five_b, five_c = fake.add_channel("class-5b"), fake.add_channel("class-5c")
        role_b, role_c = fake.add_role("Class 5B"), fake.add_role("Class 5C")
        femi = Person(fake, fake.add_member("Femi"))
        for student in room.students:  # Alice, Bob and Chen are 5B
            fake.give_role(student.member, role_b)
        fake.give_role(femi.member, role_c)
        said = await room.teacher.slash("settings students", role=role_b, channel=five_b)
        assert f"<#{five_b}>" in said.text
        await room.teacher.slash("settings students", role=role_c, channel=five_c)
        shown = await room.teacher.slash("settings show")
        assert f"Roster of <#{five_b}>: members with <@&{role_b}>" in shown.text
        for channel in (five_b, five_c):
            await room.teacher.slash("quiz start", in_channel=channel, lesson="fine-tuning")

        report_b = await room.teacher.slash("report", in_channel=five_b)
        report_c = await room.teacher.slash("report", in_channel=five_c)
        assert set(standing(report_b)) == {"Alice", "Bob", "Chen"}
        assert set(standing(report_c)) == {"Femi"}
        assert all(state == "not started" for state in standing(report_b).values())


async def test_a_schools_list_puts_its_ids_in_the_reports_files(fake, tmp_path):
    fake.members_intent = True
    async with running_classroom(fake, tmp_path) as room:
        await open_quiz(room.teacher)
        school_list = "discord;id number;email\r\nalice;S-001;alice@school.example\r\nNobody;S-999;\r\n"
        said = await room.teacher.slash("roster import", file=Upload("class.csv", school_list.encode()))
        assert said.ephemeral
        assert "Kept the school id of 1 student" in said.text
        assert "Nobody" in said.text
        refused = await room.alice.slash("roster import", file=Upload("class.csv", school_list.encode()))
        assert refused.ephemeral
        assert "Kept" not in refused.text
        await room.alice.click("Start quiz")
        rows = report_rows(await room.teacher.slash("report"))
        assert rows["Alice"]["school id"] == '="S-001"'  # kept as text by spreadsheets
        assert rows["Alice"]["email"] == "alice@school.example"


async def test_the_teacher_is_told_once_when_a_deadline_closes_the_quiz(classroom, fine_tuning):
    fake, teacher, alice, clock = classroom.fake, classroom.teacher, classroom.alice, classroom.clock
    first = await open_quiz(teacher, closes="in 1 hours")
    later = await open_quiz(teacher, "plants-make-food", closes="in 3 hours")
    by_hand = await open_quiz(teacher, "plantas-fabrican-comida")
    await take_quiz(alice, await alice.click("Start quiz", on=first), fine_tuning, wrong={3})

    def notes() -> list[Shown]:
        return [Shown.of(m) for m in fake.messages.values() if m.channel_id == teacher.dm and m.files]

    clock.advance(HOUR)
    await fake.wait_for(lambda: not Shown.of(fake.messages[first.id]).labels)
    await fake.wait_for(lambda: len(notes()) == 1)
    await teacher.slash("quiz close", lesson="plantas-fabrican-comida")  # a teacher's own close: no news
    await fake.wait_for(lambda: not Shown.of(fake.messages[by_hand.id]).labels)
    clock.advance(2 * HOUR)  # the keeper looks again, many times, and closes the later quiz
    await fake.wait_for(lambda: not Shown.of(fake.messages[later.id]).labels)
    await fake.wait_for(lambda: len(notes()) >= 2)
    # By the later quiz's note the keeper had looked at the first again: each told once, by hand never.
    told = [note.text for note in notes()]
    assert len(told) == 2, told
    assert "The deadline closed **Fine-tuning" in told[0]
    assert "The deadline closed **How plants make their own food" in told[1]
    assert "students.csv" in {f.filename for f in notes()[0].files}
