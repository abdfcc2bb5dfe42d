"""Everything the bot renders fits Discord's limits, even for a lesson at the edge of what check allows."""

from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from bot.content import Lesson, loader
from bot.content import limits as content_limits
from bot.exts import embeds, student_embeds
from bot.exts.buttons import render_step
from bot.i18n import LANGUAGES, text
from bot.quiz.engine import Attempt
from bot.quiz.rules import FeedbackMode, QuizRules
from bot.tutor import Offer, Step
from tests.fake_discord import limits as discord_limits
from tests.standings import a_standing


def biggest_lesson() -> Lesson:
    """As long as `check` lets every field be, with the lesson just under its total size limit."""
    sections = [(f"{n}" + "h" * 199, "b" * 1024) for n in range(4)]
    room = (
        content_limits.EMBED_TOTAL
        - content_limits.LESSON_EMBED_EXTRA
        - 256
        - sum(len(h) + len(b) for h, b in sections)
    )
    sections.append(("last", "b" * (room - len("last"))))
    text = 'id = "big"\ntitle = "' + "T" * 256 + '"\nminutes = 600\nreviewed = 2026\n'
    for heading, body in sections:
        text += f'[[sections]]\nheading = "{heading}"\nbody = "{body}"\n'
    for n in range(30):
        options = [f"{n:02d}{k}" + "o" * 77 for k in range(content_limits.MAX_OPTIONS)]
        text += (
            f'[[questions]]\nprompt = "{n:02d}' + "p" * 1022 + '"\n'
            f"options = {options!r}\nanswer = {options[0]!r}\n"
            'explanation = "' + "e" * content_limits.EXPLANATION + '"\n'
        )
    return loader.parse_lesson(text.replace("'", '"'), "big.toml")


def problems(
    found_embeds: list[discord.Embed], view: discord.ui.View | None = None, content: str = ""
) -> dict[str, Any]:
    payload: dict[str, Any] = {"content": content, "embeds": [e.to_dict() for e in found_embeds]}
    if view is not None:
        payload["components"] = view.to_components()
    return discord_limits.problems(payload)


@pytest.mark.parametrize("lang", LANGUAGES.values(), ids=list(LANGUAGES))
def test_the_bundled_lesson_and_the_biggest_allowed_lesson_fit(fine_tuning, lang):
    for lesson in (fine_tuning, biggest_lesson()):
        assert problems([embeds.lesson(lesson, lang)]) == {}
        rules = QuizRules(
            opens_at=datetime(2026, 12, 1, tzinfo=UTC),
            closes_at=datetime(2026, 12, 4, tzinfo=UTC),
            max_attempts=3,
            feedback=FeedbackMode.AFTER_CLOSE,
        )
        assert problems([embeds.quiz_card(lesson, rules, lang)]) == {}
        for extended in (0, 1, 40):
            card = embeds.closed_card(
                lesson.title, datetime(2026, 12, 4, tzinfo=UTC), extended=extended, lang=lang
            )
            assert problems([card]) == {}


@pytest.mark.parametrize("lang", LANGUAGES.values(), ids=list(LANGUAGES))
def test_every_step_of_a_quiz_fits(lang):
    lesson = biggest_lesson()
    attempt = Attempt(lesson, 1)
    offer = Offer(7, a_standing(3, 30, attempts_used=3, attempts_left=2), asking=True)
    while (question := attempt.current()) is not None:
        choice = attempt.judge(question.position, 1)  # always wrong: the biggest feedback
        attempt = attempt.with_choice(choice)
        note = text("says.welcome_back", answered="n" * 100, total="n" * 100)
        step = Step(1, 7, lesson, attempt.current(), None, attempt.feedback(choice), note)
        if step.question is None:
            step = Step(1, 7, lesson, None, attempt.summary(), step.feedback, step.note, offer=offer)
        shown, view = render_step(step, lang)
        assert problems(shown, view, lang.render(note)) == {}
    # Every miss wrong: the short screen that leads back to the lesson, naming no miss in full.
    result = student_embeds.result(attempt.summary(), lesson, offer, True, lang).description or ""
    assert result.startswith(lang("result.low"))
    assert lesson.questions[0].prompt not in result
