"""The teacher's private report card: who is where, and which questions need a look. Rendering only."""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.content import limits
from bot.exts.embeds import NEUTRAL, clip, join_lines
from bot.report.analysis import ClassReport, State, StudentRow
from bot.report.items import QuestionStats

# Shares of the 6,000 characters all embeds of one message may hold. The students' embed takes at
# most title 200 + headline 200 + these 3,100; the questions get what is left after the footer (<= 600).
_STUDENTS = 2000
_NOT_STARTED = 700
_TEACHERS = 400
_QUESTIONS_TITLE = "Questions, the ones to look at first"
_FOOTER = 600
_SLACK = 100
_NAME = 40
_NOTE = 60
_PROMPT = 80
_OPTION = 60


def _name(text: str) -> str:
    # Names come from Discord users: nothing in them may format the card or ping anyone.
    flat = " ".join(text.split()) or "?"
    return discord.utils.escape_markdown(discord.utils.escape_mentions(clip(flat, _NAME)))


def _flat(text: str, limit: int) -> str:
    return clip(" ".join(text.split()), limit)


def _joined(names: Iterable[str], budget: int, more: str) -> str:
    """Comma-join names up to `budget` characters, ending with a count of what was left out."""
    names = list(names)
    kept: list[str] = []
    used = 0
    for n, name in enumerate(names):
        if used + len(name) + 2 > budget - 40:
            return ", ".join(kept) + " " + more.format(len(names) - n)
        kept.append(name)
        used += len(name) + 2
    return ", ".join(kept)


def _state(row: StudentRow) -> str:
    if row.state is State.FINISHED:
        text = f"finished {row.counted}"
        if row.retaking:
            text += " · retaking"
    elif row.progress is not None:
        text = f"in progress ({row.progress.answered}/{row.progress.total} answered)"
    else:
        text = str(row.state)
    if row.note:
        text += f" · _{discord.utils.escape_markdown(_flat(row.note, _NOTE))}_"
    return text


def _headline(report: ClassReport) -> str:
    parts = [
        f"{report.count(State.FINISHED)} finished"
        + (f" ({report.retaking} retaking)" if report.retaking else ""),
        f"{report.count(State.IN_PROGRESS)} in progress",
    ]
    if report.roster_known:
        parts.append(f"{report.count(State.NOT_STARTED)} not started")
    count = len(report.students)
    text = f"**{count} student{'s' if count != 1 else ''}**: " + " · ".join(parts)
    if report.average_percent is not None:
        text += f"\nAverage counted score: {report.average_percent:.0f}%"
    return text


def _students_embed(report: ClassReport) -> discord.Embed:
    started = [s for s in report.students if s.state is not State.NOT_STARTED]
    listed = join_lines(
        (f"**{_name(s.name)}**: {_state(s)}" for s in started), _STUDENTS, "…and {} more students."
    )
    embed = discord.Embed(
        title=clip(f"Report: {report.title}", 200),
        description=_headline(report) + "\n\n" + (listed or "Nobody has started this quiz yet."),
        colour=NEUTRAL,
    )
    not_started = [s for s in report.students if s.state is State.NOT_STARTED]
    if not_started:
        embed.add_field(
            name=f"Not started ({len(not_started)})",
            value=_joined((_name(s.name) for s in not_started), _NOT_STARTED, "…and {} more."),
            inline=False,
        )
    if report.teachers:
        embed.add_field(
            name="Teachers' tries (not counted)",
            value=join_lines(
                (f"{_name(t.name)}: {_state(t)}" for t in report.teachers), _TEACHERS, "…and {} more."
            ),
            inline=False,
        )
    return embed


def _worst_first(question: QuestionStats) -> tuple[bool, bool, float, int]:
    unanswered = question.facility is None
    return not question.flagged, unanswered, question.facility or 0.0, question.number


def _question(question: QuestionStats) -> str:
    head = f"{'⚑ ' if question.flagged else ''}**Q{question.number}**"
    if question.facility is None:
        return f"{head} · no answers yet\n{_flat(question.prompt, _PROMPT)}"
    head += f" · {100 * question.facility:.0f}% right ({question.right}/{question.answered})"
    if question.discrimination is not None:
        head += f" · discrimination {question.discrimination:.2f}"
    text = f"{head}\n{_flat(question.prompt, _PROMPT)}"
    wrong = question.most_chosen_wrong
    if wrong is not None:
        text += f"\nMost chosen wrong: “{_flat(wrong.text, _OPTION)}” ({100 * wrong.share:.0f}%)"
    return text


def _questions_embed(report: ClassReport, budget: int) -> discord.Embed:
    if any(q.answered for q in report.questions):
        ordered = sorted(report.questions, key=_worst_first)
        text = join_lines((_question(q) for q in ordered), budget, "…and {} more questions: see the CSV.")
    else:
        text = "Nobody has finished yet, so there are no question figures."
    embed = discord.Embed(title=_QUESTIONS_TITLE, description=text, colour=NEUTRAL)
    embed.set_footer(text=clip(report.footer, _FOOTER))
    return embed


def report_embeds(report: ClassReport) -> list[discord.Embed]:
    """The private card: students by name and state, then questions worst first; within Discord's limits."""
    students = _students_embed(report)
    # A small class leaves the questions more of the message's shared room.
    room = limits.EMBED_TOTAL - len(students) - len(_QUESTIONS_TITLE) - _FOOTER - _SLACK
    return [students, _questions_embed(report, min(room, limits.EMBED_DESCRIPTION))]
