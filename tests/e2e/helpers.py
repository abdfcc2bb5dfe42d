"""What a test needs to play a student: read the question on screen, pick a right or wrong option."""

from __future__ import annotations

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
