"""How a student's own screens look: feedback, questions, results, review pages and progress.

Rendering only, in the student's language. Right and wrong are always said in words as well as
colour and emoji; in test mode (results hidden) nothing here may tell right from wrong.
"""

from __future__ import annotations

import discord

from bot.content import Lesson, limits
from bot.content.model import Kind
from bot.exts.embeds import NEUTRAL, RIGHT, WRONG, clip, grading_words, join_lines, more_of
from bot.exts.rows import MULTI_TAP
from bot.i18n import ENGLISH, Language
from bot.quiz.engine import Feedback, QuestionView, Summary
from bot.tutor import Offer, ProgressLine, ReviewPage
from bot.tutor.standing import Standing

SAVED = discord.Colour.blue()


def feedback(result: Feedback, lang: Language = ENGLISH) -> discord.Embed:
    if result.correct:
        body = f"**{result.answer}**"
        embed = discord.Embed(title=lang("feedback.right"), description=body, colour=RIGHT)
    else:
        picked = lang("feedback.typed" if result.typed else "feedback.picked", chosen=result.chosen)
        body = f"{picked}\n{lang('feedback.answer', answer=result.answer)}"
        embed = discord.Embed(title=lang("feedback.wrong"), description=body, colour=WRONG)
    if result.explanation:
        embed.description = f"{embed.description}\n\n{result.explanation}"
    return embed


def with_hint(prompt: str, kind: Kind, lang: Language) -> str:
    """A question's prompt, with how to answer it for a kind that takes more than a tap."""
    return f"{prompt}\n\n*{lang(f'question.hint.{kind}')}*" if kind in MULTI_TAP else prompt


def saved(lang: Language = ENGLISH) -> discord.Embed:
    return discord.Embed(title=lang("feedback.saved_title"), description=lang("feedback.saved"), colour=SAVED)


def question(
    view: QuestionView, lesson: Lesson, lang: Language = ENGLISH, *, follows: bool = False
) -> discord.Embed:
    """A question; `follows` feedback on the same message, it is labelled so it can't be missed below it."""

    embed = discord.Embed(
        title=lang("question.title", number=view.number, total=view.total),
        # How to answer, for a question that takes more than one tap.
        description=with_hint(view.prompt, view.kind, lang),
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
    return lang("result.good")


def low_score(summary: Summary) -> bool:
    """Under 60 % on this try: the screen leads back to the lesson rather than to a blind retry."""
    return summary.finished and summary.score * 5 < summary.total * 3


def next_lines(standing: Standing, lang: Language) -> list[str]:
    """What the student may do next, in words: never an offer their next press would refuse."""
    if standing.closed:
        return [lang("result.closed")]
    if not standing.takes_answers or standing.unfinished:
        return []
    if standing.attempts_left is None:
        return [lang("result.again_any")]
    if standing.attempts_left == 0:
        return [lang("result.no_tries")]
    return [lang("result.tries_left", count=standing.attempts_left)]


def _counted_title(summary: Summary, standing: Standing | None, lang: Language) -> str:
    """The score that counts, named as such: this try's unless another try counts."""
    best = standing.counted if standing is not None else None
    score, total = (best.score, best.total) if best is not None else (summary.score, summary.total)
    return lang("result.title_perfect" if score == total else "result.title", score=score, total=total)


def _this_try(summary: Summary, standing: Standing | None, lang: Language) -> list[str]:
    if standing is None or standing.attempts_used < 2:
        return []
    rule = grading_words(standing.grading, lang)
    return [lang("result.this_try", rule=rule, score=summary.score, total=summary.total)]


def _missed(summary: Summary, lang: Language) -> list[str]:
    """Which questions they missed, by their own numbers; what they picked is one button away."""
    if not summary.missed:
        return []
    numbers = lang.listed([str(m.number) for m in summary.missed])
    return [lang("result.missed", count=len(summary.missed), numbers=numbers)]


def result(
    summary: Summary,
    lesson: Lesson,
    offer: Offer | None,
    visible: bool,
    lang: Language = ENGLISH,
    *,
    follows: bool = False,
) -> discord.Embed:
    """The end of an attempt, or where the close left it: the score that counts first, then what next.

    `follows` the last answer's feedback on the same message, it is labelled as the score.
    """
    embed = _result(summary, offer.standing if offer else None, visible, lang)
    embed.set_footer(text=clip(lesson.title, 200))
    if follows:
        embed.set_author(name=lang("result.label"))
    return embed


def _result(summary: Summary, standing: Standing | None, visible: bool, lang: Language) -> discord.Embed:
    offered = next_lines(standing, lang) if standing is not None else []
    if not summary.finished:  # the close stopped this try: what it saved, and an earlier try's score
        said = [lang("result.stopped", answered=summary.answered, total=summary.total)]
        if standing is not None and standing.counted is not None:
            best, rule = standing.counted, grading_words(standing.grading, lang)
            said.append(lang("progress.finished", score=best.score, total=best.total, rule=rule))
        return discord.Embed(title=lang("result.closed_title"), description="\n\n".join(said), colour=SAVED)
    if not visible:
        hidden = lang(
            "result.hidden_wait" if standing and standing.closed else "result.hidden", total=summary.total
        )
        parts = [hidden, *offered]
        return discord.Embed(title=lang("result.hidden_title"), description="\n\n".join(parts), colour=SAVED)
    if low_score(summary):
        parts = [lang("result.low"), *_this_try(summary, standing, lang), *offered]
    else:
        words = _score_words(summary.score, summary.total, lang)
        parts = [words, *_this_try(summary, standing, lang), *_missed(summary, lang), *offered]
    return discord.Embed(
        title=_counted_title(summary, standing, lang),
        description="\n\n".join(parts),
        colour=RIGHT if summary.score * 2 >= summary.total else NEUTRAL,
    )


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
    # The lesson's number too, for a student who asks their teacher about it: the report uses that one.
    footer = lang("review.footer", title=page.title, lesson_number=page.lesson_number)
    embed.set_footer(text=clip(footer, 200))
    return embed


def _progress_line(line: ProgressLine, lang: Language) -> str:
    title, stands = f"**{clip(line.title, 200)}**", line.standing
    said = []
    if stands.counted is not None:
        rule = grading_words(stands.grading, lang)
        said.append(
            lang("progress.finished", score=stands.counted.score, total=stands.counted.total, rule=rule)
        )
    elif stands.finished:
        said.append(lang("progress.hidden_closed" if stands.closed else "progress.hidden"))
    if stands.stopped_halfway:
        said.append(lang("progress.stopped", answered=stands.answered, total=stands.total))
    elif stands.may_go_on:
        said.append(lang("progress.on_way", answered=stands.answered, total=stands.total))
    elif stands.closed:
        said.append(lang("progress.closed"))
    elif stands.may_retry:
        left = stands.attempts_left
        said.append(lang("progress.again_any") if left is None else lang("progress.again", count=left))
    return f"{title}\n{' '.join(said)}"


def progress(lines: list[ProgressLine], lang: Language = ENGLISH) -> discord.Embed:
    if not lines:
        return discord.Embed(title=lang("progress.title"), description=lang("progress.empty"), colour=NEUTRAL)
    text = join_lines((_progress_line(line, lang) for line in lines), limits.EMBED_DESCRIPTION, more_of(lang))
    return discord.Embed(title=lang("progress.title"), description=text, colour=NEUTRAL)
