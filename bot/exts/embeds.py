"""How lessons, questions, feedback and reports look in Discord. Rendering only: no state."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import discord

from bot.content import Lesson, limits
from bot.quiz.engine import Feedback, QuestionView, Summary
from bot.quiz.report import ClassReport, State, StudentLine

RIGHT = discord.Colour.green()
WRONG = discord.Colour.red()
NEUTRAL = discord.Colour.blurple()
# Several embeds share one message's 6,000 characters; lists are cut to fit well inside that.
_LIST_BUDGET = 3000


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(lines: Iterable[str], budget: int, more: str) -> str:
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
    embed.set_footer(text="When your teacher opens the quiz, press “Start quiz” to check what you learned.")
    return embed


def quiz_card(lesson: Lesson) -> discord.Embed:
    count = len(lesson.questions)
    return discord.Embed(
        title=_clip(f"Quiz: {lesson.title}", limits.EMBED_TITLE),
        description=(
            f"{count} questions. Press **Start quiz** to begin.\n"
            "Your quiz opens just for you: nobody else sees your answers."
        ),
        colour=NEUTRAL,
    )


def closed_card(lesson: Lesson) -> discord.Embed:
    return discord.Embed(
        title=_clip(f"Quiz: {lesson.title} (closed)", limits.EMBED_TITLE),
        description="This quiz is closed. Every answer given is saved: see yours with `/progress`.",
        colour=discord.Colour.dark_grey(),
    )


def feedback(result: Feedback) -> discord.Embed:
    if result.correct:
        return discord.Embed(
            title="✅ Right!",
            description=f"**{result.answer}**\n\n{result.explanation}",
            colour=RIGHT,
        )
    return discord.Embed(
        title="❌ Not quite",
        description=(
            f"You picked: {result.chosen}\nThe right answer: **{result.answer}**\n\n{result.explanation}"
        ),
        colour=WRONG,
    )


def question(view: QuestionView, lesson: Lesson) -> discord.Embed:
    embed = discord.Embed(
        title=f"Question {view.number} of {view.total}", description=view.prompt, colour=NEUTRAL
    )
    embed.set_footer(text=_clip(lesson.title, 200))
    return embed


def summary(result: Summary, lesson: Lesson) -> discord.Embed:
    if result.score == result.total:
        cheer = "Perfect score. Brilliant work!"
    elif result.score * 2 >= result.total:
        cheer = "Well done! Here is what to look at again:"
    else:
        cheer = "Good effort! Read these again, then try once more:"
    missed = _lines(
        (f"**{m.number}. {m.prompt}**\nRight answer: {m.answer}" for m in result.missed),
        _LIST_BUDGET,
        "…and {} more.",
    )
    again = "To try again, press “Start quiz” in the channel while the quiz is open."
    embed = discord.Embed(
        title=f"🎉 Finished! You scored {result.score} out of {result.total}",
        description="\n\n".join(part for part in (cheer, missed, again) if part),
        colour=RIGHT if result.score * 2 >= result.total else NEUTRAL,
    )
    embed.set_footer(text=_clip(lesson.title, 200))
    return embed


def _student_state(line: StudentLine) -> str:
    best = f"best {line.best_score}/{line.total}" if line.best_score is not None else "no finished attempt"
    if line.state is State.IN_PROGRESS:
        return f"in progress ({line.answered}/{line.total} answered), {best}"
    return f"finished, {best}"


def _title(lessons: Mapping[str, Lesson], lesson_id: str) -> str:
    # A lesson whose file was removed still shows in a student's history, by its id.
    return lessons[lesson_id].title if lesson_id in lessons else lesson_id


def progress(lines: list[StudentLine], lessons: Mapping[str, Lesson]) -> discord.Embed:
    if not lines:
        return discord.Embed(
            title="Your progress",
            description="You haven't taken a quiz here yet. When your teacher opens one, press “Start quiz”.",
            colour=NEUTRAL,
        )
    text = _lines(
        (
            f"**{_clip(_title(lessons, line.lesson_id), 200)}**\n"
            f"{_student_state(line)} · {line.attempts} attempt{'s' if line.attempts != 1 else ''}"
            for line in lines
        ),
        limits.EMBED_DESCRIPTION,
        "…and {} more lessons.",
    )
    return discord.Embed(title="Your progress", description=text, colour=NEUTRAL)


def report(lesson: Lesson, result: ClassReport) -> list[discord.Embed]:
    students = sorted(result.students, key=lambda s: (s.state is State.FINISHED, s.best_score or 0))
    finished = sum(1 for s in students if s.state is State.FINISHED)
    head = f"{len(students)} students started · {finished} finished their latest attempt\n\n"
    roster = _lines(
        (f"<@{s.user_id}>: {_student_state(s)}" for s in students),
        _LIST_BUDGET,
        "…and {} more students.",
    )
    first = discord.Embed(
        title=_clip(f"Report: {lesson.title}", limits.EMBED_TITLE),
        description=head + (roster or "Nobody has started this quiz yet."),
        colour=NEUTRAL,
    )
    shares = []
    for share in result.questions:
        prompt = _clip(lesson.questions[share.question_index].prompt, 60)
        if share.answered:
            percent = round(100 * share.right / share.answered)
            shares.append(
                f"Q{share.question_index + 1}: {percent}% right ({share.right}/{share.answered}) · {prompt}"
            )
        else:
            shares.append(f"Q{share.question_index + 1}: not answered yet · {prompt}")
    second = discord.Embed(
        title="Each question: share of the class who got it right",
        description=_lines(shares, 2000, "…and {} more questions."),
        colour=NEUTRAL,
    )
    second.set_footer(
        text="Questions in lesson order. Each student counts once: their best finished attempt."
    )
    return [first, second]
