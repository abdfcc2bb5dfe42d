"""How a student's own screens look: feedback, questions, results, review pages and progress.

Rendering only. Right and wrong are always said in words as well as colour and emoji; in test mode
(results hidden) nothing here may tell right from wrong.
"""

from __future__ import annotations

import discord

from bot.content import Lesson, limits
from bot.exts.embeds import NEUTRAL, RIGHT, WRONG, clip, join_lines
from bot.quiz.engine import Feedback, QuestionView, Summary
from bot.quiz.rules import Grading
from bot.tutor import Offer, ProgressLine, ReviewPage

SAVED = discord.Colour.blue()
# A student who struggled sees a few misses, not a wall of them; the rest are one button away.
MISSED_SHOWN = 3
_RULE_WORDS = {Grading.BEST: "your best try", Grading.LAST: "your last try", Grading.FIRST: "your first try"}


def feedback(result: Feedback) -> discord.Embed:
    if result.correct:
        body = f"**{result.answer}**"
        embed = discord.Embed(title="✅ Right!", description=body, colour=RIGHT)
    else:
        body = f"You picked: {result.chosen}\nThe right answer: **{result.answer}**"
        embed = discord.Embed(title="❌ Not quite", description=body, colour=WRONG)
    if result.explanation:
        embed.description = f"{embed.description}\n\n{result.explanation}"
    return embed


def saved() -> discord.Embed:
    return discord.Embed(
        title="📥 Answer saved",
        description="You'll see which answers were right once your teacher's quiz closes.",
        colour=SAVED,
    )


def question(view: QuestionView, lesson: Lesson) -> discord.Embed:
    embed = discord.Embed(
        title=f"Question {view.number} of {view.total}", description=view.prompt, colour=NEUTRAL
    )
    if view.image is not None:
        embed.set_image(url=view.image)
    embed.set_footer(text=clip(lesson.title, 200))
    return embed


def _score_words(score: int, total: int) -> str:
    if score == total:
        return "Perfect score. Brilliant work!"
    if score * 4 >= total * 3:
        return "Great work!"
    if score * 2 >= total:
        return "Well done! A few to look at again."
    return "Good effort! Reading the lesson again will help. You can do this."


def _offer_lines(offer: Offer) -> list[str]:
    lines = []
    if offer.counted is not None and offer.attempts_used > 1:
        lines.append(
            f"The score that counts ({_RULE_WORDS[offer.grading]}): "
            f"**{offer.counted.score} out of {offer.counted.total}**."
        )
    if not offer.quiz_takes_answers:
        return lines
    if offer.attempts_left is None:
        lines.append("You can try again if you like.")
    elif offer.attempts_left == 0:
        lines.append("You have used all your tries.")
    else:
        tries = "try" if offer.attempts_left == 1 else "tries"
        lines.append(f"You have {offer.attempts_left} more {tries}.")
    return lines


def result(summary: Summary, lesson: Lesson, offer: Offer | None, visible: bool) -> discord.Embed:
    """The end of an attempt: the score first in words that fit it, a few misses, what to do next."""
    if not visible:
        description = (
            f"You answered all {summary.total} questions, and your answers are saved. "
            "You'll see your score when your teacher's quiz closes."
        )
        parts = [description, *(_offer_lines(offer) if offer else [])]
        embed = discord.Embed(title="🏁 All done!", description="\n\n".join(parts), colour=SAVED)
        embed.set_footer(text=clip(lesson.title, 200))
        return embed
    missed = join_lines(
        (
            f"**{clip(m.prompt, 300)}** (question {m.number})\n"
            f"You picked: {m.chosen}\nThe right answer: {m.answer}"
            for m in summary.missed[:MISSED_SHOWN]
        ),
        2000,
        "…and {} more.",
    )
    more = len(summary.missed) - MISSED_SHOWN
    if more > 0:
        missed += f"\n\n…and {more} more: press **Review my answers** to see them all."
    parts = [_score_words(summary.score, summary.total), missed, *(_offer_lines(offer) if offer else [])]
    perfect = summary.score == summary.total
    embed = discord.Embed(
        title=f"{'🎉 ' if perfect else ''}You scored {summary.score} out of {summary.total}",
        description="\n\n".join(part for part in parts if part),
        colour=RIGHT if summary.score * 2 >= summary.total else NEUTRAL,
    )
    embed.set_footer(text=clip(lesson.title, 200))
    return embed


def review_page(page: ReviewPage) -> discord.Embed:
    if page.chosen is None:
        verdict = f"You didn't answer this one.\nThe right answer: **{page.answer}**"
        colour = NEUTRAL
    elif page.correct:
        verdict = f"✅ Right! You picked: **{page.chosen}**"
        colour = RIGHT
    else:
        verdict = f"❌ Not quite. You picked: {page.chosen}\nThe right answer: **{page.answer}**"
        colour = WRONG
    parts = [page.prompt, verdict, page.explanation]
    embed = discord.Embed(
        title=f"Question {page.number} of {page.pages}",
        description=clip("\n\n".join(p for p in parts if p), limits.EMBED_DESCRIPTION),
        colour=colour,
    )
    embed.set_footer(text=clip(f"Your answers · {page.title}", 200))
    return embed


def _progress_line(line: ProgressLine) -> str:
    title = f"**{clip(line.title, 200)}**"
    if not line.finished:
        return (
            f"{title}\nYou're on your way: {line.answered} of {line.total} answered. "
            "Press “Start quiz” to go on."
        )
    if line.counted is None:
        text = f"{title}\nYou finished. You'll see your score when the quiz closes."
    else:
        text = f"{title}\nYou finished: {line.counted.score} out of {line.counted.total}."
    if line.attempts_left is None:
        return text + " You can try again."
    if line.attempts_left > 0:
        return text + f" You can try {line.attempts_left} more time{'s' if line.attempts_left != 1 else ''}."
    return text


def progress(lines: list[ProgressLine]) -> discord.Embed:
    if not lines:
        return discord.Embed(
            title="Your progress",
            description="You haven't taken a quiz here yet. When your teacher opens one, press “Start quiz”.",
            colour=NEUTRAL,
        )
    text = join_lines((_progress_line(line) for line in lines), limits.EMBED_DESCRIPTION, "…and {} more.")
    return discord.Embed(title="Your progress", description=text, colour=NEUTRAL)
