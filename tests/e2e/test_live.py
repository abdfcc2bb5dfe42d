"""Live classes, real client: the teacher paces, students answer privately, the class sees shares."""

import asyncio
import csv
import io
import re
import time

from bot.content import load_library
from tests.conftest import LESSONS, running_classroom
from tests.e2e.helpers import standing
from tests.e2e.live_helpers import card_of, count_on, label, live_card, pick, shares_on
from tests.fake_discord import Person
from tests.fake_discord.rest import EditLimit


async def test_a_small_live_class_from_start_to_report(classroom, fine_tuning):
    teacher = classroom.teacher
    alice, bob, chen = classroom.students
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

    opened = await chen.click("Answer", on=card)  # Chen's screen is open, but Chen is too slow
    panel = await teacher.click("Close answers", on=panel)
    refused = await chen.click(label(first, 0), on=opened)
    assert refused.ephemeral
    assert "Answers to this question are closed" in refused.text
    assert "Answers to this question are closed" in (await chen.click("Answer", on=card)).text
    await teacher.click("Reveal", on=panel)
    await fake.wait_for(lambda: "The right answer" in card_of(fake, card.id).text)
    revealed = card_of(fake, card.id)
    expected = [0] * len(first.options)
    expected[first.answer_index] += 1
    expected[wrong] += 1
    assert shares_on(revealed) == expected
    assert not {"Alice", "Bob"} & set(revealed.text.split())
    mine = await alice.click("My result", on=revealed)
    assert "✅ Right!" in mine.text
    theirs = await bob.click("My result", on=revealed)
    assert "❌ Not quite" in theirs.text

    panel = teacher.last()
    await teacher.click("End", on=panel)
    report = await teacher.wait_for_text("finished")
    assert report.file("students.csv")
    assert standing(report)["Alice"] == "finished 1/1"
    assert standing(report)["Bob"] == "finished 0/1"
    ended = card_of(fake, card.id)
    assert "Live class over" in ended.text
    score = await alice.click("My score", on=ended)
    assert "You got 1 right out of 1 questions" in score.text


async def test_thirty_students_three_questions_counts_shares_and_the_report_match(fake, tmp_path):
    more = [Person(fake, fake.add_member(f"Student {n:02d}")) for n in range(4, 31)]
    async with running_classroom(fake, tmp_path) as room:
        students = room.students + more
        lesson = load_library(LESSONS)[0]["fine-tuning"]
        panel = await room.teacher.slash("live start", lesson="fine-tuning")
        card = live_card(room.teacher)
        given: dict[int, dict[int, int]] = {s.id: {} for s in students}  # student -> question -> option
        # Who answers each question, and which option: everyone on 1, 20 on 2, 25 on 3.
        for position, answering in enumerate((30, 20, 25)):
            question = lesson.questions[position]
            options = len(question.options)
            choices = {s.id: (i + position) % options for i, s in enumerate(students[:answering])}
            screens = await asyncio.gather(
                *(pick(s, card, question, choices[s.id]) for s in students[:answering])
            )
            for student_id, option in choices.items():
                given[student_id][position] = option
            # One student changes their mind before close: the change is what counts.
            first = students[0]
            await first.click(label(question, question.answer_index), on=screens[0])
            given[first.id][position] = question.answer_index
            await fake.wait_for(lambda a=answering: count_on(card_of(fake, card.id)) == (a, 30))

            late = students[-1]
            opened = await late.click("Answer", on=card) if answering < 30 else screens[-1]
            panel = await room.teacher.click("Close answers", on=panel)
            refused = await late.click(label(question, 0), on=opened)
            assert "Answers to this question are closed" in refused.text
            panel = await room.teacher.click("Reveal", on=panel)
            await fake.wait_for(lambda: "The right answer" in card_of(fake, card.id).text)
            expected = [0] * options
            for chosen in given.values():
                if position in chosen:
                    expected[chosen[position]] += 1
            assert shares_on(card_of(fake, card.id)) == expected
            if position < 2:
                panel = await room.teacher.click("Next", on=panel)
                following = f"Question {position + 2} of 15"
                await fake.wait_for(lambda q=following: q in card_of(fake, card.id).text)

        await room.teacher.click("End", on=panel)
        report = await room.teacher.wait_for_text("finished")
        scores = standing(report)
        for s in students:
            right = sum(lesson.questions[q].answer_index == o for q, o in given[s.id].items())
            assert scores[s.user.name] == f"finished {right}/3", s.user.name
        rows = list(csv.DictReader(io.StringIO(report.file("questions.csv").text)))
        assert len(rows) == 15


async def test_a_rate_limited_card_waits_and_coalesces_rather_than_storming(classroom, fine_tuning):
    fake, teacher = classroom.fake, classroom.teacher
    fake.edit_limit = EditLimit(count=1, window=3.0)  # far stricter than Discord
    await teacher.slash("live start", lesson="fine-tuning")
    card = live_card(teacher)
    fake.fail_next("PATCH", f"/messages/{card.id}$", 429, retry_after=1.0)
    started = time.monotonic()
    question = fine_tuning.questions[0]
    for student in classroom.students:  # answers arriving one by one, each a change to show
        await pick(student, card, question, 0)
    await fake.wait_for(lambda: count_on(card_of(fake, card.id)) == (3, 3), 15)
    elapsed = time.monotonic() - started
    edits = [r for r in fake.requests if r.method == "PATCH" and r.path.endswith(f"/messages/{card.id}")]
    refused = [r for r in edits if r.status == 429]
    assert refused, "the stand-in refused some edits"
    accepted = len(edits) - len(refused)
    assert accepted <= elapsed / 2 + 1
    # Each 429 was waited out and followed by one edit: never a second try while refused.
    assert len(refused) <= accepted
    assert not [r for r in fake.rejected() if r.path.endswith(f"/messages/{card.id}")]


async def test_teams_share_right_per_team_and_an_anonymous_panel_names_nobody(classroom, fine_tuning):
    teacher, alice, bob = classroom.teacher, classroom.alice, classroom.bob
    panel = await teacher.slash("live start", lesson="fine-tuning", teams=2, anonymous=True)
    card = live_card(teacher)
    question = fine_tuning.questions[0]
    screen = await pick(alice, card, question, question.answer_index)
    assert "You are in team " in screen.text
    await pick(bob, card, question, question.answer_index)
    panel = await teacher.click("Close answers", on=panel)
    assert "2 of 2 answered" in panel.text
    assert "Alice" not in panel.text
    await teacher.click("Reveal", on=panel)
    await classroom.fake.wait_for(lambda: "Team 2" in card_of(classroom.fake, card.id).text)
    assert "Team 1" in card_of(classroom.fake, card.id).text
    # Both were right: each team's share right is all of its answers (a team may have had none).
    teams = re.findall(r"Team (\d): `[█░]+` (\d+) % \((\d+)\) right", card_of(classroom.fake, card.id).text)
    assert sorted(n for n, _, _ in teams) == ["1", "2"]
    assert sum(int(count) for _, _, count in teams) == 2
    assert all(percent == ("100" if int(count) else "0") for _, percent, count in teams)


async def test_the_panel_names_who_answered_and_only_teachers_drive(classroom, fine_tuning):
    teacher, alice = classroom.teacher, classroom.alice
    panel = await teacher.slash("live start", lesson="fine-tuning")
    card = live_card(teacher)
    await pick(alice, card, fine_tuning.questions[0], 0)
    again = await teacher.slash("live panel")
    assert "Alice" in again.text
    assert "1 of 1 answered" in again.text
    refused = await alice.press(panel.buttons[0]["custom_id"], on=again)  # a forged press on a copy
    assert "Only teachers" in refused.text or "not here" in refused.text.lower()
    twice = await teacher.slash("live start", lesson="fine-tuning")
    assert "already running" in twice.text


async def test_a_card_that_cannot_be_posted_leaves_no_live_class_running(classroom):
    fake, teacher = classroom.fake, classroom.teacher
    fake.fail_next("POST", f"/channels/{fake.channel_id}/messages$", 403)
    refused = await teacher.slash("live start", lesson="fine-tuning")
    assert "can't post the live class's card" in refused.text
    panel = await teacher.slash("live start", lesson="fine-tuning")
    assert panel.labels == ["Close answers", "Reveal", "Next", "End"]
