"""How a student's own screens look: feedback, questions, results, review pages and progress.

Rendering only, in the student's language. Right and wrong are always said in words as well as
colour and emoji; in test mode (results hidden) nothing here may tell right from wrong.
"""

from __future__ import annotations

import discord

from bot.content import Lesson, limits
from bot.exts.embeds import NEUTRAL, RIGHT, WRONG, clip, grading_words, join_lines, more_of
from bot.i18n import ENGLISH, Language
from bot.quiz.engine import Feedback, QuestionView, Summary
from bot.tutor import Offer, ProgressLine, ReviewPage

SAVED = discord.Colour.blue()
# A student who struggled sees a few misses, not a wall of them; the rest are one button away.
MISSED_SHOWN = 3


def feedback(result: Feedback, lang: Language = ENGLISH) -> discord.Embed:
    if result.correct:
        body = f"**{result.answer}**"
        embed = discord.Embed(title=lang("feedback.right"), description=body, colour=RIGHT)
    else:
        picked = lang("feedback.picked", chosen=result.chosen)
        body = f"{picked}\n{lang('feedback.answer', answer=result.answer)}"
        embed = discord.Embed(title=lang("feedback.wrong"), description=body, colour=WRONG)
    if result.explanation:
        embed.description = f"{embed.description}\n\n{result.explanation}"
    return embed


def saved(lang: Language = ENGLISH) -> discord.Embed:
    return discord.Embed(title=lang("feedback.saved_title"), description=lang("feedback.saved"), colour=SAVED)


def question(
    view: QuestionView, lesson: Lesson, lang: Language = ENGLISH, *, follows: bool = False
) -> discord.Embed:
    """A question; `follows` feedback on the same message, it is labelled so it can't be missed below it."""
    hint = f"question.hint.{view.kind}"
    embed = discord.Embed(
        title=lang("question.title", number=view.number, total=view.total),
        # How to answer, for a question that takes more than one tap.
        description=f"{view.prompt}\n\n*{lang(hint)}*" if hint in lang.messages else view.prompt,
        colour=NEUTRAL,
    )
    if follows:
        # On a phone the feedback above can fill the screen: the label says the question comes next.
        embed.set_author(name=lang("feedback.next"))
    if view.image is not None:
        embed.set_image(url=view.image)
    embed.set_footer(text=clip(lesson.title, 200))
    return embed


def _score_words(score: float, total: int, lang: Language) -> str:
    if score == total:
        return lang("result.perfect")
    if score * 4 >= total * 3:
        return lang("result.great")
    if score * 2 >= total:
        return lang("result.good")
    return lang("result.effort")


def _offer_lines(offer: Offer, lang: Language) -> list[str]:
    lines = []
    if offer.counted is not None and offer.attempts_used > 1:
        lines.append(
            lang(
                "result.counted",
                rule=grading_words(offer.grading, lang),
                score=offer.counted.score,
                total=offer.counted.total,
            )
        )
    if not offer.quiz_takes_answers:
        return lines
    if offer.attempts_left is None:
        lines.append(lang("result.again_any"))
    elif offer.attempts_left == 0:
        lines.append(lang("result.no_tries"))
    else:
        lines.append(lang("result.tries_left", count=offer.attempts_left))
    return lines


def result(
    summary: Summary,
    lesson: Lesson,
    offer: Offer | None,
    visible: bool,
    lang: Language = ENGLISH,
    *,
    follows: bool = False,
) -> discord.Embed:
    """The end of an attempt: the score first in words that fit it, a few misses, what to do next.

    `follows` the last answer's feedback on the same message, it is labelled as the score.
    """
    embed = _result(summary, lesson, offer, visible, lang)
    if follows:
        embed.set_author(name=lang("result.label"))
    return embed


def _result(
    summary: Summary, lesson: Lesson, offer: Offer | None, visible: bool, lang: Language
) -> discord.Embed:
    offered = _offer_lines(offer, lang) if offer else []
    if not visible:
        parts = [lang("result.hidden", total=summary.total), *offered]
        embed = discord.Embed(title=lang("result.hidden_title"), description="\n\n".join(parts), colour=SAVED)
        embed.set_footer(text=clip(lesson.title, 200))
        return embed
    missed = join_lines(
        (
            lang(
                "result.missed", prompt=clip(m.prompt, 300), number=m.number, chosen=m.chosen, answer=m.answer
            )
            for m in summary.missed[:MISSED_SHOWN]
        ),
        2000,
        more_of(lang),
    )
    more = len(summary.missed) - MISSED_SHOWN
    if more > 0:
        missed += "\n\n" + lang("result.more", count=more)
    parts = [_score_words(summary.score, summary.total, lang), missed, *offered]
    perfect = summary.score == summary.total
    embed = discord.Embed(
        title=lang(
            "result.title_perfect" if perfect else "result.title", score=summary.score, total=summary.total
        ),
        description="\n\n".join(part for part in parts if part),
        colour=RIGHT if summary.score * 2 >= summary.total else NEUTRAL,
    )
    embed.set_footer(text=clip(lesson.title, 200))
    return embed


def review_page(page: ReviewPage, lang: Language = ENGLISH) -> discord.Embed:
    if page.chosen is None:
        verdict = lang("review.unanswered", answer=page.answer)
        colour = NEUTRAL
    elif page.correct:
        verdict = lang("review.right", chosen=page.chosen)
        colour = RIGHT
    else:
        verdict = lang("review.wrong", chosen=page.chosen, answer=page.answer)
        colour = WRONG
    parts = [page.prompt, verdict, page.explanation]
    embed = discord.Embed(
        title=lang("question.title", number=page.number, total=page.pages),
        description=clip("\n\n".join(p for p in parts if p), limits.EMBED_DESCRIPTION),
        colour=colour,
    )
    embed.set_footer(text=clip(lang("review.footer", title=page.title), 200))
    return embed


def _progress_line(line: ProgressLine, lang: Language) -> str:
    title = f"**{clip(line.title, 200)}**"
    if not line.finished:
        return f"{title}\n{lang('progress.on_way', answered=line.answered, total=line.total)}"
    if line.counted is None:
        said = [lang("progress.hidden")]
    else:
        said = [lang("progress.finished", score=line.counted.score, total=line.counted.total)]
    if line.attempts_left is None:
        said.append(lang("progress.again_any"))
    elif line.attempts_left > 0:
        said.append(lang("progress.again", count=line.attempts_left))
    return f"{title}\n{' '.join(said)}"


def progress(lines: list[ProgressLine], lang: Language = ENGLISH) -> discord.Embed:
    if not lines:
        return discord.Embed(title=lang("progress.title"), description=lang("progress.empty"), colour=NEUTRAL)
    text = join_lines((_progress_line(line, lang) for line in lines), limits.EMBED_DESCRIPTION, more_of(lang))
    return discord.Embed(title=lang("progress.title"), description=text, colour=NEUTRAL)
