"""How a live class looks: the public card, the teacher's panel, a student's private screens.

The card never names anyone: counts, shares and the right answer only. Right and wrong are said in
words as well as emoji.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.content import Question
from bot.exts.embeds import NEUTRAL, RIGHT, WRONG, clip, join_lines, more_of
from bot.i18n import ENGLISH, Language
from bot.live import Phase, Share, bar
from bot.tutor.live import Choice, LiveView, Score

PROMPT_IN_SUMMARY = 80
NAMES_BUDGET = 1000


def letter(option: int) -> str:
    return chr(ord("A") + option)


def _count(view: LiveView, lang: Language) -> str:
    count = lang("live.count", answered=view.answered, total=max(view.taking_part, view.answered))
    return count if view.phase is Phase.OPEN else f"{lang('live.closed_note')} · {count}"


def _share_line(share: Share, lang: Language) -> str:
    return f"`{bar(share)}` {lang('live.share', percent=share.percent, count=share.count)}"


def _options(view: LiveView, lang: Language) -> str:
    question, revealed = view.question, view.revealed
    lines = []
    for option, text in enumerate(question.options):
        line = f"**{letter(option)}.** {text}"
        if revealed is not None:
            mark = "✅ " if option == question.answer_index else ""
            line = f"{mark}{line}\n{_share_line(revealed.options[option], lang)}"
        lines.append(line)
    return clip("\n".join(lines), 1024)


def _teams(shares: Sequence[Share], lang: Language) -> str:
    lines = [
        f"{lang('live.team', number=n)}: {_share_line(share, lang)} {lang('live.right_word')}"
        for n, share in enumerate(shares, start=1)
    ]
    return clip("\n".join(lines), 1024)


def card(view: LiveView, lang: Language = ENGLISH) -> discord.Embed:
    """The public card: the question and options, the live count; on reveal the shares and the answer."""
    if view.ended is not None:
        return _ended_card(view, lang)
    session = view.session
    embed = discord.Embed(
        title=lang("question.title", number=session.position + 1, total=session.question_count),
        description=view.question.prompt,
        colour=RIGHT if view.revealed else NEUTRAL,
    )
    embed.add_field(name=lang("live.options"), value=_options(view, lang), inline=False)
    if view.revealed is not None:
        right = f"**{letter(view.question.answer_index)}.** {view.question.answer}"
        embed.add_field(name=lang("live.right_answer"), value=clip(right, 1024), inline=False)
        if view.question.explanation:
            embed.add_field(name=lang("live.why"), value=clip(view.question.explanation, 1024), inline=False)
        if view.revealed.teams:
            embed.add_field(name=lang("live.teams"), value=_teams(view.revealed.teams, lang), inline=False)
    else:
        embed.add_field(name=lang("live.answers"), value=_count(view, lang), inline=False)
    embed.set_footer(text=clip(lang("live.footer", title=view.lesson.title), 200))
    return embed


def _ended_card(view: LiveView, lang: Language) -> discord.Embed:
    assert view.ended is not None
    lines = []
    for position, share in enumerate(view.ended.questions):
        prompt = clip(view.lesson.questions[position].prompt, PROMPT_IN_SUMMARY)
        right = lang("live.share_right", percent=share.percent, count=share.total)
        lines.append(f"**{position + 1}.** {prompt}\n`{bar(share)}` {right}")
    embed = discord.Embed(
        title=clip(lang("live.ended_title", title=view.lesson.title), 256),
        description=join_lines(lines, 4000, more_of(lang)),
        colour=NEUTRAL,
    )
    if view.ended.teams:
        embed.add_field(name=lang("live.teams"), value=_teams(view.ended.teams, lang), inline=False)
    embed.set_footer(text=lang("live.ended_footer"))
    return embed


def panel(view: LiveView, names: Sequence[str], lang: Language) -> discord.Embed:
    """The teacher's private panel: where the class stands, and (unless anonymous) who has answered."""
    session = view.session
    where = lang("question.title", number=session.position + 1, total=session.question_count)
    embed = discord.Embed(
        title=clip(lang("live.panel_title", title=view.lesson.title), 256),
        description=f"**{where}** · {lang('live.phase.' + view.phase.value)}\n{view.question.prompt}",
        colour=NEUTRAL,
    )
    if view.ended is None:
        embed.add_field(name=lang("live.answers"), value=_count(view, lang), inline=False)
    if names:
        embed.add_field(name=lang("live.answered_by"), value=_names(names, lang), inline=False)
    embed.set_footer(text=lang("live.panel_footer"))
    return embed


def _names(names: Sequence[str], lang: Language) -> str:
    """Names on one line, as many as fit a field, then how many more."""
    shown: list[str] = []
    used = 0
    for name in names:
        if used + len(name) + 2 > NAMES_BUDGET:
            return f"{', '.join(shown)} {lang('list.more', count=len(names) - len(shown))}"
        shown.append(name)
        used += len(name) + 2
    return ", ".join(shown)


def choice(chosen: Choice, lang: Language) -> discord.Embed:
    """A student's private screen: the question; their answer so far, changeable until closed."""
    embed = discord.Embed(
        title=lang("question.title", number=chosen.position + 1, total=chosen.total),
        description=chosen.question.prompt,
        colour=NEUTRAL,
    )
    note = lang("live.pick") if chosen.chosen is None else lang("live.saved", letter=letter(chosen.chosen))
    if chosen.team is not None:
        note = f"{note}\n{lang('live.your_team', number=chosen.team)}"
    embed.add_field(name=lang("live.your_answer"), value=note, inline=False)
    return embed


def result(question: Question, position: int, chosen: int | None, lang: Language) -> discord.Embed:
    """After a reveal, privately: was the student right."""
    answer = f"**{letter(question.answer_index)}.** {question.answer}"
    if chosen is None:
        title, colour, body = lang("live.no_answer"), NEUTRAL, lang("feedback.answer", answer=answer)
    elif chosen == question.answer_index:
        title, colour, body = lang("feedback.right"), RIGHT, answer
    else:
        picked = lang("feedback.picked", chosen=f"**{letter(chosen)}.** {question.options[chosen]}")
        title, colour = lang("feedback.wrong"), WRONG
        body = f"{picked}\n{lang('feedback.answer', answer=answer)}"
    embed = discord.Embed(title=title, description=clip(body, 4000), colour=colour)
    embed.set_author(name=lang("live.result_of", number=position + 1))
    return embed


def score(mine: Score, lang: Language) -> discord.Embed:
    """After End, privately: the student's own score."""
    body = lang("live.score", right=mine.right, asked=mine.asked, answered=mine.answered)
    if mine.team is not None:
        body = f"{body}\n{lang('live.your_team', number=mine.team)}"
    return discord.Embed(title=lang("live.score_title"), description=body, colour=NEUTRAL)
