"""What a test needs to run a class: open the quiz; and to play a student: read the question on screen,
pick a right or wrong option."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from bot.content import Lesson, Question
from tests.fake_discord import Person, Shown


def _question_embed(shown: Shown) -> dict[str, Any]:
    """The embed showing a question: the one headed "Question n of N", in whatever language."""
    return next(e for e in shown.embeds if re.fullmatch(r"\w+ [0-9]+ \w+ [0-9]+", e.get("title", "")))


def question_on(shown: Shown, lesson: Lesson) -> Question:
    """The lesson question whose prompt the message shows."""
    embed = _question_embed(shown)
    return next(q for q in lesson.questions if q.prompt == embed["description"])


def number_on(shown: Shown) -> str:
    """The "Question n of N" heading on a quiz message."""
    return str(_question_embed(shown)["title"])


def wrong_option(question: Question) -> str:
    return next(o for o in question.options if o != question.answer)


async def answer(student: Person, shown: Shown, lesson: Lesson, *, right: bool) -> Shown:
    question = question_on(shown, lesson)
    return await student.click(question.answer if right else wrong_option(question), on=shown)


async def take_quiz(
    student: Person, shown: Shown, lesson: Lesson, wrong: set[int], count: int | None = None
) -> tuple[Shown, dict[int, bool]]:
    """Answer `count` questions (all by default), wrong at the positions in `wrong` (0-based).

    Returns the last message and, per lesson question index, whether it was answered right.
    """
    results: dict[int, bool] = {}
    total = len(lesson.questions)
    first = int(re.findall("[0-9]+", number_on(shown))[0]) - 1
    for position in range(first, first + (count if count is not None else total - first)):
        question = question_on(shown, lesson)
        right = position not in wrong
        results[lesson.questions.index(question)] = right
        shown = await answer(student, shown, lesson, right=right)
    return shown, results


async def open_quiz(
    teacher: Person, lesson: str = "fine-tuning", *, channel: int | None = None, **options: object
) -> Shown:
    """`/quiz start` (in `channel`, with `options`): the card, once the teacher's note after it came too.

    The note is a followup sent after the card: until it has come, the command is not done and the
    teacher's screen is still changing.
    """
    card = await teacher.slash("quiz start", in_channel=channel, lesson=lesson, **options)

    def noted(screen: list[Shown]) -> bool:
        ids = [s.id for s in screen]
        return card.id in ids and any("The quiz " in s.text for s in screen[ids.index(card.id) + 1 :])

    await teacher.wait_until(noted, "the note after the quiz card")
    return card


async def first_question(teacher: Person, student: Person) -> Shown:
    """Open the quiz and press its Start: the student's first question."""
    await open_quiz(teacher)
    return await student.click("Start quiz")


def report_rows(report: Shown) -> dict[str, dict[str, str]]:
    """Each student's row of the report's students.csv, by name (the card lists only who needs help)."""
    data = report.file("students.csv").data.decode("utf-8-sig")
    return {row["name"]: row for row in csv.DictReader(io.StringIO(data, newline=""))}


def standing(report: Shown) -> dict[str, str]:
    """Each student's state and counted score as the files give them: `{"Alice": "finished 15/15"}`."""
    found = {}
    for name, row in report_rows(report).items():
        score = f" {row['counted score']}/{row['out of']}" if row["counted score"] else ""
        found[name] = row["state"] + score
    return found
