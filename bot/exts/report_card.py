"""The teacher's private report card: who is where, and which questions need a look. Rendering only."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import discord

from bot.content import limits
from bot.exts.embeds import NEUTRAL, clip, join_lines, more_of
from bot.i18n import ENGLISH, Language, percent
from bot.report.analysis import ClassReport, State, StudentRow, footer_text, note_text
from bot.report.items import QuestionStats

# Shares of the 6,000 characters all embeds of one message may hold. The students' embed takes at
# most title 200 + headline 200 + these 3,100; the questions get what is left after the footer (<= 600).
_STUDENTS = 2000
_NOT_STARTED = 700
_TEACHERS = 400
# Room for the questions' heading in any language.
_QUESTIONS_TITLE = 100
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


def _joined(names: Iterable[str], budget: int, more: Callable[[int], str]) -> str:
    """Comma-join names up to `budget` characters, ending with `more` saying how many were left out."""
    names = list(names)
    kept: list[str] = []
    used = 0
    for n, name in enumerate(names):
        if used + len(name) + 2 > budget - 40:
            return ", ".join(kept) + " " + more(len(names) - n)
        kept.append(name)
        used += len(name) + 2
    return ", ".join(kept)


_STATES = {State.NOT_STARTED: "not_started", State.IN_PROGRESS: "in_progress", State.FINISHED: "finished"}


def _state(row: StudentRow, lang: Language) -> str:
    if row.state is State.FINISHED:
        text = lang("report.state_finished", score=str(row.counted))
        if row.retaking:
            text += " · " + lang("report.retaking")
    elif row.progress is not None:
        text = lang("report.state_in_progress", answered=row.progress.answered, total=row.progress.total)
    else:
        text = lang(f"report.state.{_STATES[row.state]}")
    if note := note_text(row, lang):
        text += f" · _{discord.utils.escape_markdown(_flat(note, _NOTE))}_"
    return text


def _headline(report: ClassReport, lang: Language) -> str:
    finished = report.count(State.FINISHED)
    parts = [
        lang("report.finished_retaking", count=finished, retaking=report.retaking)
        if report.retaking
        else lang("report.finished", count=finished),
        lang("report.in_progress", count=report.count(State.IN_PROGRESS)),
    ]
    if report.roster_known:
        parts.append(lang("report.not_started", count=report.count(State.NOT_STARTED)))
    text = lang("report.students", count=len(report.students)) + ": " + " · ".join(parts)
    if report.average_percent is not None:
        text += "\n" + lang("report.average", percent=percent(report.average_percent / 100))
    return text


def _students_embed(report: ClassReport, lang: Language) -> discord.Embed:
    started = [s for s in report.students if s.state is not State.NOT_STARTED]
    listed = join_lines(
        (f"**{_name(s.name)}**: {_state(s, lang)}" for s in started),
        _STUDENTS,
        more_of(lang, "report.more_students"),
    )
    embed = discord.Embed(
        title=clip(lang("report.title", title=report.title), 200),
        description=_headline(report, lang) + "\n\n" + (listed or lang("report.nobody")),
        colour=NEUTRAL,
    )
    not_started = [s for s in report.students if s.state is State.NOT_STARTED]
    if not_started:
        embed.add_field(
            name=lang("report.not_started_heading", count=len(not_started)),
            value=_joined((_name(s.name) for s in not_started), _NOT_STARTED, more_of(lang)),
            inline=False,
        )
    if report.teachers:
        embed.add_field(
            name=lang("report.teachers_heading"),
            value=join_lines(
                (f"{_name(t.name)}: {_state(t, lang)}" for t in report.teachers), _TEACHERS, more_of(lang)
            ),
            inline=False,
        )
    return embed


def _worst_first(question: QuestionStats) -> tuple[bool, bool, float, int]:
    unanswered = question.facility is None
    return not question.flagged, unanswered, question.facility or 0.0, question.number


def _question(question: QuestionStats, lang: Language) -> str:
    head = f"{'⚑ ' if question.flagged else ''}**{lang('report.q', number=question.number)}**"
    if question.facility is None:
        return f"{head} · {lang('report.no_answers')}\n{_flat(question.prompt, _PROMPT)}"
    head += " · " + lang(
        "report.right",
        percent=percent(question.facility),
        right=question.right,
        answered=question.answered,
    )
    if question.discrimination is not None:
        head += " · " + lang("report.discrimination", value=round(question.discrimination, 2))
    text = f"{head}\n{_flat(question.prompt, _PROMPT)}"
    wrong = question.most_chosen_wrong
    if wrong is not None:
        text += "\n" + lang(
            "report.most_wrong", option=_flat(wrong.text, _OPTION), percent=percent(wrong.share)
        )
    return text


def _questions_embed(report: ClassReport, budget: int, lang: Language) -> discord.Embed:
    if any(q.answered for q in report.questions):
        ordered = sorted(report.questions, key=_worst_first)
        text = join_lines(
            (_question(q, lang) for q in ordered), budget, more_of(lang, "report.more_questions")
        )
    else:
        text = lang("report.no_figures")
    embed = discord.Embed(title=lang("report.questions_title"), description=text, colour=NEUTRAL)
    embed.set_footer(text=clip(footer_text(report.grading, report.roster_known, lang), _FOOTER))
    return embed


def report_embeds(report: ClassReport, lang: Language = ENGLISH) -> list[discord.Embed]:
    """The private card: students by name and state, then questions worst first; within Discord's limits."""
    students = _students_embed(report, lang)
    # A small class leaves the questions more of the message's shared room.
    room = limits.EMBED_TOTAL - len(students) - _QUESTIONS_TITLE - _FOOTER - _SLACK
    return [students, _questions_embed(report, min(room, limits.EMBED_DESCRIPTION), lang)]
