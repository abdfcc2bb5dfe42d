"""The teacher's private report card: who needs them, and which questions to look at. Rendering only.

It opens with three short lists (not started, didn't finish, needs help), each capped with "+N
more"; then the 3-5 questions worth a look. Everyone and everything else is in the attached files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import discord

from bot.content import limits
from bot.exts.embeds import NEUTRAL, clip, join_lines
from bot.i18n import ENGLISH, Language, percent
from bot.report.analysis import ClassReport, Score, State, StudentRow, note_text
from bot.report.attention import Attention, attention
from bot.report.items import FLAG_BELOW, QuestionStats

# Each list shows at most this many students: the card is read at a glance, the files in full.
SHOWN = 5
# Characters of the 6,000 all embeds of one message may hold. The lists' embed takes at most
# title 200 + headline 200 + these 3,000 + teachers 400; the questions get what is left.
_NOT_STARTED = 600
_UNFINISHED = 1200
_NEEDS_HELP = 1200
_TEACHERS = 400
_QUESTIONS_TITLE = 100
_HELP = 300
_SLACK = 100
_NAME = 40
_NOTE = 120  # an extra-time note with its date and zone fits whole
_PROMPT = 120
_OPTION = 60


def _name(text: str) -> str:
    # Names come from Discord users: nothing in them may format the card or ping anyone.
    flat = " ".join(text.split()) or "?"
    return discord.utils.escape_markdown(discord.utils.escape_mentions(clip(flat, _NAME)))


def _flat(text: str, limit: int) -> str:
    return clip(" ".join(text.split()), limit)


def capped(items: Iterable[str], total: int, sep: str, budget: int, more: Callable[[int], str]) -> str:
    """Up to SHOWN items joined by `sep` within `budget` characters, then how many of `total` are left."""
    kept: list[str] = []
    used = 0
    for item in items:
        if len(kept) == SHOWN or used + len(item) + len(sep) > budget - 60:
            break
        kept.append(item)
        used += len(item) + len(sep)
    if len(kept) < total:
        kept.append(more(total - len(kept)))
    return sep.join(kept)


def _note(row: StudentRow, lang: Language) -> str:
    note = note_text(row, lang)
    return f" · _{discord.utils.escape_markdown(_flat(note, _NOTE))}_" if note else ""


def _unfinished(row: StudentRow, lang: Language) -> str:
    answered = row.progress.answered if row.progress else 0
    total = row.progress.total if row.progress else 0
    return (
        f"**{_name(row.name)}**: "
        + lang("report.answered", answered=answered, total=total)
        + _note(row, lang)
    )


def _needs_help(row: StudentRow, lang: Language) -> str:
    score = row.counted
    shown = (
        ""
        if score is None
        else lang("report.score", score=_score(score, lang), percent=f"{score.percent:.0f}")
    )
    retaking = " · " + lang("report.retaking") if row.retaking else ""
    return f"**{_name(row.name)}**: {shown}{retaking}{_note(row, lang)}"


def _score(score: Score, lang: Language) -> str:
    """Points out of the total, a part mark written as the reader's language writes decimals."""
    return f"{lang.number(score.points)}/{score.total}"


def _teacher(row: StudentRow, lang: Language) -> str:
    if row.counted is not None:
        return f"{_name(row.name)}: {_score(row.counted, lang)}"
    answered = row.progress.answered if row.progress else 0
    total = row.progress.total if row.progress else 0
    return f"{_name(row.name)}: " + lang("report.answered", answered=answered, total=total)


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


def _lists(report: ClassReport, found: Attention, lang: Language) -> str:
    more = lambda count: lang("report.more", count=count)  # noqa: E731 -- one line, three uses
    none = lang("report.none")
    sections = []
    if report.roster_known:
        names = (_name(s.name) for s in found.not_started)
        listed = capped(names, len(found.not_started), ", ", _NOT_STARTED, more)
        sections.append((lang("report.list.not_started", count=len(found.not_started)), listed))
    lines = (_unfinished(s, lang) for s in found.unfinished)
    listed = capped(lines, len(found.unfinished), "\n", _UNFINISHED, more)
    sections.append((lang("report.list.unfinished", count=len(found.unfinished)), listed))
    lines = (_needs_help(s, lang) for s in found.needs_help)
    listed = capped(lines, len(found.needs_help), "\n", _NEEDS_HELP, more)
    under = f"{report.needs_help_below:.0f}"
    sections.append((lang("report.list.needs_help", count=len(found.needs_help), percent=under), listed))
    return "\n\n".join(f"**{head}**\n{body or none}" for head, body in sections)


def _students_embed(report: ClassReport, found: Attention, lang: Language) -> discord.Embed:
    body = _lists(report, found, lang) if report.students else lang("report.nobody")
    embed = discord.Embed(
        title=clip(lang("report.title", title=report.title), 200),
        description=_headline(report, lang) + "\n\n" + body,
        colour=NEUTRAL,
    )
    if report.teachers:
        lines = (_teacher(t, lang) for t in report.teachers)
        embed.add_field(
            name=lang("report.teachers_heading"),
            value=join_lines(lines, _TEACHERS, lambda count: lang("report.more", count=count)),
            inline=False,
        )
    return embed


def _question(question: QuestionStats, lang: Language) -> str:
    head = f"{'⚑ ' if question.flagged else ''}**{lang('report.q', number=question.number)}**"
    head += " · " + lang(
        "report.right",
        percent=percent(question.facility or 0.0),
        right=question.right,
        answered=question.answered,
    )
    text = f"{head}\n{_flat(question.prompt, _PROMPT)}"
    wrong = question.most_chosen_wrong
    if wrong is not None:
        key = "report.most_wrong_given" if question.given else "report.most_wrong"
        text += "\n" + lang(key, option=_flat(wrong.text, _OPTION), percent=percent(wrong.share))
    return text


def _questions_embed(report: ClassReport, found: Attention, budget: int, lang: Language) -> discord.Embed:
    if found.questions:
        more = lambda count: lang("report.more", count=count)  # noqa: E731
        text = join_lines((_question(q, lang) for q in found.questions), budget, more)
        left = len(report.questions) - len(found.questions)
        if left:
            text += "\n" + lang("report.other_questions", count=left)
    else:
        text = lang("report.no_figures")
    embed = discord.Embed(title=lang("report.questions_title"), description=text, colour=NEUTRAL)
    which = lang(f"report.which.{report.grading.value}")
    embed.set_footer(text=clip(lang("report.help", which=which, flag=FLAG_BELOW), _HELP))
    return embed


def report_embeds(report: ClassReport, lang: Language = ENGLISH) -> list[discord.Embed]:
    """The private card: the three lists, then the questions to look at; within Discord's limits."""
    found = attention(report)
    students = _students_embed(report, found, lang)
    room = limits.EMBED_TOTAL - len(students) - _QUESTIONS_TITLE - _HELP - _SLACK
    return [students, _questions_embed(report, found, min(room, limits.EMBED_DESCRIPTION), lang)]
