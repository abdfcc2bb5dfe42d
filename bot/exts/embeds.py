"""How lessons, questions, feedback and reports look in Discord. Rendering only: no state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import discord

from bot.content import Lesson, limits
from bot.content.reading import reading_minutes
from bot.i18n import ENGLISH, Language, shorten
from bot.quiz.rules import FeedbackMode, Grading, QuizRules
from bot.tutor.messages import stamp

RIGHT = discord.Colour.green()
WRONG = discord.Colour.red()
NEUTRAL = discord.Colour.blurple()


def clip(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word with "…" (every embed's text is cut through here)."""
    return shorten(text, limit)


def join_lines(lines: Iterable[str], budget: int, more: Callable[[int], str]) -> str:
    """Join lines up to `budget` characters, ending with a count of what was left out.

    `more` says that count in the reader's language: `more_of(lang)`, or `more_of(lang, key)`.
    """
    kept: list[str] = []
    lines = list(lines)
    used = 0
    for n, line in enumerate(lines):
        if used + len(line) + 1 > budget - 40:
            left = len(lines) - n
            kept.append(more(left))
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def more_of(lang: Language, key: str = "list.more") -> Callable[[int], str]:
    """How `lang` says "…and N more" (`key` is a message with a `count`)."""
    return lambda count: lang(key, count=count)


def lesson(lesson: Lesson, lang: Language = ENGLISH) -> discord.Embed:
    """The lesson as the class reads it in the channel (no "Reviewed" year: that is for teachers)."""
    embed = discord.Embed(
        title=lesson.title,
        description=lang("lesson_card.reading", count=reading_minutes(lesson)),
        colour=NEUTRAL,
    )
    for section in lesson.sections:
        embed.add_field(name=section.heading, value=section.body, inline=False)
    # An embed shows one picture: the first section's that has one. The student's app loads it, not the bot.
    image = next((s.image for s in lesson.sections if s.image), None)
    if image is not None:
        embed.set_image(url=image)
    # The Start quiz button is on another message, posted when the quiz opens: say where it will be.
    embed.set_footer(text=lang("lesson_card.footer"))
    return embed


def grading_words(grading: Grading, lang: Language) -> str:
    return lang(f"grading.{grading.value}")


def _rules_lines(rules: QuizRules, lang: Language) -> list[str]:
    lines = []
    if rules.opens_at is not None:
        lines.append(lang("quiz_card.opens", when=stamp(rules.opens_at), relative=stamp(rules.opens_at, "R")))
    if rules.closes_at is not None:
        lines.append(
            lang("quiz_card.closes", when=stamp(rules.closes_at), relative=stamp(rules.closes_at, "R"))
        )
    if rules.max_attempts is None:
        tries = lang("quiz_card.tries_any")
    else:
        tries = lang("quiz_card.tries", count=rules.max_attempts)
    if rules.max_attempts != 1:
        tries = lang("quiz_card.counts", tries=tries, rule=grading_words(rules.grading, lang))
    lines.append(tries)
    if rules.feedback is FeedbackMode.AFTER_CLOSE:
        lines.append(lang("quiz_card.test_mode"))
    return lines


def quiz_card(lesson: Lesson, rules: QuizRules, lang: Language = ENGLISH) -> discord.Embed:
    lines = [
        lang("quiz_card.questions", count=lesson.asked),  # a lesson with banks asks fewer than it has
        lang("quiz_card.private"),
        "",
        *_rules_lines(rules, lang),
    ]
    return discord.Embed(
        title=clip(lang("quiz_card.title", title=lesson.title), limits.EMBED_TITLE),
        description="\n".join(lines),
        colour=NEUTRAL,
    )


def closed_card(
    title: str, closed_at: datetime, *, extended: int = 0, lang: Language = ENGLISH
) -> discord.Embed:
    """A closed quiz's card; while `extended` students' own extra time runs, it says how many (never who)."""
    if extended:
        said = lang("closed_card.extra_time", when=stamp(closed_at), count=extended)
    else:
        said = lang("closed_card.settled", when=stamp(closed_at))
    return discord.Embed(
        title=clip(lang("closed_card.title", title=title), limits.EMBED_TITLE),
        description=said,
        colour=discord.Colour.dark_grey(),
    )
