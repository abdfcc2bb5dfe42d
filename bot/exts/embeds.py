"""How lessons, questions, feedback and reports look in Discord. Rendering only: no state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import discord

from bot.content import Lesson, limits
from bot.quiz.rules import FeedbackMode, Grading, QuizRules
from bot.tutor.messages import stamp

RIGHT = discord.Colour.green()
WRONG = discord.Colour.red()
NEUTRAL = discord.Colour.blurple()


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join_lines(lines: Iterable[str], budget: int, more: str) -> str:
    """Join lines up to `budget` characters, ending with a count of what was left out."""
    kept: list[str] = []
    lines = list(lines)
    used = 0
    for n, line in enumerate(lines):
        if used + len(line) + 1 > budget - 40:
            kept.append(more.format(len(lines) - n))
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def lesson(lesson: Lesson) -> discord.Embed:
    embed = discord.Embed(
        title=lesson.title,
        description=f"📖 {lesson.minutes} min read · Reviewed {lesson.reviewed}",
        colour=NEUTRAL,
    )
    for section in lesson.sections:
        embed.add_field(name=section.heading, value=section.body, inline=False)
    # An embed shows one picture: the first section's that has one. The student's app loads it, not the bot.
    image = next((s.image for s in lesson.sections if s.image), None)
    if image is not None:
        embed.set_image(url=image)
    embed.set_footer(text="When your teacher opens the quiz, press “Start quiz” to check what you learned.")
    return embed


_GRADING_WORDS = {
    Grading.BEST: "your best try",
    Grading.LAST: "your last try",
    Grading.FIRST: "your first try",
}


def _rules_lines(rules: QuizRules) -> list[str]:
    lines = []
    if rules.opens_at is not None:
        lines.append(f"🔓 Opens {stamp(rules.opens_at)} ({stamp(rules.opens_at, 'R')})")
    if rules.closes_at is not None:
        lines.append(f"⏰ Closes {stamp(rules.closes_at)} ({stamp(rules.closes_at, 'R')})")
    tries = (
        "as many tries as you like"
        if rules.max_attempts is None
        else ("1 try" if rules.max_attempts == 1 else f"{rules.max_attempts} tries")
    )
    counts = f" · counts: {_GRADING_WORDS[rules.grading]}" if rules.max_attempts != 1 else ""
    lines.append(f"🔁 {tries[0].upper()}{tries[1:]}{counts}")
    if rules.feedback is FeedbackMode.AFTER_CLOSE:
        lines.append("📝 Test mode: you'll see which answers were right after the quiz closes.")
    return lines


def quiz_card(lesson: Lesson, rules: QuizRules) -> discord.Embed:
    count = len(lesson.questions)
    lines = [
        f"{count} questions. Press **Start quiz** to begin.",
        "Your quiz opens just for you: nobody else sees your answers.",
        "",
        *_rules_lines(rules),
    ]
    return discord.Embed(
        title=clip(f"Quiz: {lesson.title}", limits.EMBED_TITLE), description="\n".join(lines), colour=NEUTRAL
    )


def closed_card(title: str, closed_at: datetime, *, settled: bool = True) -> discord.Embed:
    if settled:
        text = (
            "This quiz is closed. Every answer given is saved: see yours with `/progress`.\n"
            f"Closed {stamp(closed_at)}."
        )
    else:
        text = (
            f"This quiz closed {stamp(closed_at)}. Every answer given is saved.\n"
            "If your teacher gave you extra time, press **Start quiz**."
        )
    return discord.Embed(
        title=clip(f"Quiz: {title} (closed)", limits.EMBED_TITLE),
        description=text,
        colour=discord.Colour.dark_grey(),
    )
