"""A live class survives SIGKILL: the bot started again resumes the same question with its answers."""

import asyncio
import signal
import sqlite3
from functools import partial
from pathlib import Path

from bot.content import load_lesson
from bot.quiz.engine import drawn
from tests.conftest import LESSONS
from tests.e2e.engines import engine, postgres_url
from tests.e2e.helpers import standing
from tests.e2e.live_helpers import (
    answer_on,
    asked_on,
    card_of,
    count_on,
    counts_after,
    label,
    live_card,
    pick,
    shares_on,
)
from tests.e2e.test_process import bot_process
from tests.fake_discord import FakeDiscord, Person

__all__ = ["engine", "postgres_url"]  # fixtures

PLANTS = load_lesson(LESSONS / "plants-make-food.toml")


async def _kill(
    bot: asyncio.subprocess.Process, fake: FakeDiscord, card_id: int, *, counted: tuple[int, int]
) -> None:
    """SIGKILL the bot once its card counts `counted` answers: every answer sent is in the database."""
    await fake.wait_for(lambda: count_on(card_of(fake, card_id)) == counted, 10)
    bot.send_signal(signal.SIGKILL)
    await bot.wait()
    await fake.wait_for(lambda: not fake.connected)


def _on_card(fake: FakeDiscord, card_id: int, words: str) -> bool:
    return words in card_of(fake, card_id).text


async def test_sigkill_during_question_two_resumes_question_two_with_its_answers(
    fake: FakeDiscord, tmp_path: Path, fine_tuning, engine: dict[str, str]
):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    students = [Person(fake, fake.add_member(f"Student {n}")) for n in range(1, 6)]
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"
    first, second = fine_tuning.questions[:2]

    async with bot_process(fake, database, log, **engine) as bot:
        await fake.wait_connected(timeout=30)
        panel = await teacher.slash("live start", lesson="fine-tuning")
        card = live_card(teacher)
        await asyncio.gather(*(pick(s, card, first, first.answer_index) for s in students))
        panel = await teacher.click("Close answers", on=panel)
        panel = await teacher.click("Next", on=panel)
        await fake.wait_for(lambda: "Question 2 of 15" in card_of(fake, card.id).text, 10)
        screens = await asyncio.gather(*(pick(s, card, second, 1) for s in students[:3]))
        late = await students[3].click("Answer", on=card)  # opened before the crash, answered after
        await _kill(bot, fake, card.id, counted=(3, 5))

    async with bot_process(fake, database, log, **engine):
        await fake.wait_connected(timeout=30)
        panel = await teacher.slash("live panel")
        assert "Question 2 of 15" in panel.text, log.read_text()
        assert "3 of 5 answered" in panel.text
        # The buttons already on screen carry on: a change of mind, and an answer from before the crash.
        await students[0].click(label(second, second.answer_index), on=screens[0])
        await students[3].click(label(second, 0), on=late)
        await fake.wait_for(lambda: count_on(card_of(fake, card.id)) == (4, 5), 10)
        panel = await teacher.click("Reveal", on=panel)
        await fake.wait_for(lambda: "The right answer" in card_of(fake, card.id).text, 10)
        expected = [0] * len(second.options)
        for option in (second.answer_index, 1, 1, 0):
            expected[option] += 1
        assert shares_on(card_of(fake, card.id)) == expected
        await teacher.click("End", on=panel)
        report = await teacher.wait_for_text("finished", timeout=15)
        # Everyone was right on question 1; on question 2 each student's answer as it stood at reveal.
        scores = standing(report)
        for n, option in enumerate((second.answer_index, 1, 1, 0, None), start=1):
            right = 1 + (option == second.answer_index)
            assert scores[f"Student {n}"] == f"finished {right}/2"


async def test_a_killed_bot_keeps_a_bank_lessons_draw_the_answers_and_the_picks_on_screen(
    fake: FakeDiscord, tmp_path: Path
):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    students = [Person(fake, fake.add_member(f"Student {n}")) for n in range(1, 4)]
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"
    every = PLANTS.questions[1]  # the choose-all question: asked second, since banks come last

    async with bot_process(fake, database, log) as bot:
        await fake.wait_connected(timeout=30)
        panel = await teacher.slash("live start", lesson="plants-make-food")
        card = live_card(teacher)
        with sqlite3.connect(database) as conn:  # the draw the class is asked, as the session keeps it
            [(seed,)] = conn.execute("SELECT seed FROM live_sessions").fetchall()
        asked = drawn(PLANTS, seed)
        first = PLANTS.questions[0]
        for student in students:
            await answer_on(student, await student.click("Answer", on=card), first, right=True)
        panel = await teacher.click("Next", on=await teacher.click("Close answers", on=panel))
        await fake.wait_for(lambda: "Question 2 of 7" in card_of(fake, card.id).text, 10)
        saved = await answer_on(students[0], await students[0].click("Answer", on=card), every, right=True)
        # Student 2 ticks one option and has not pressed Check when the bot dies.
        ticking = await students[1].click(every.options[0], on=await students[1].click("Answer", on=card))
        await _kill(bot, fake, card.id, counted=(1, 3))

    async with bot_process(fake, database, log):
        await fake.wait_connected(timeout=30)
        panel = await teacher.slash("live panel")
        assert "Question 2 of 7" in panel.text, log.read_text()
        # Student 1's answer stands and shows on a screen opened again; student 2's screen carries on.
        again = await students[0].click("Answer", on=card)
        assert f"Saved: {every.answer}" in again.text
        assert again.buttons == saved.buttons
        ticking = await students[1].click(every.options[1], on=ticking)
        await students[1].click("Check", on=ticking)
        panel = await teacher.click("Reveal", on=panel)
        await fake.wait_for(lambda: "✅ The right" in card_of(fake, card.id).text, 10)
        assert counts_after(card_of(fake, card.id), "ticked by") == [2, 2, 1, 0]
        for position in range(2, 7):  # the rest unanswered: the bank's questions are those drawn at start
            panel = await teacher.click("Next", on=panel)
            await fake.wait_for(partial(_on_card, fake, card.id, f"Question {position + 1} of 7"), 10)
            assert asked_on(card_of(fake, card.id), PLANTS) == PLANTS.questions[asked[position]]
            panel = await teacher.click("Close answers", on=panel)
        await teacher.click("End", on=panel)
        report = await teacher.wait_for_text("finished", timeout=15)
        assert standing(report) == {f"Student {n}": f"finished {2 if n == 1 else 1}/7" for n in (1, 2, 3)}
