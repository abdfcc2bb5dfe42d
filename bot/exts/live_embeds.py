"""How a live class looks: the public card, the teacher's panel, a student's private screens.

The card never names anyone, and never shows what anyone typed (a child's words shown to the class can
embarrass them): counts, shares and the right answer only. Right and wrong are said in words as well as
emoji.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.content import Question, limits
from bot.content.model import Kind
from bot.exts.embeds import NEUTRAL, RIGHT, WRONG, clip, join_lines, more_of
from bot.exts.student_embeds import with_hint
from bot.i18n import ENGLISH, Language
from bot.live import Phase, Share, Typed, bar
from bot.quiz import judging
from bot.tutor.live import Choice, LiveView, Result, Score

PROMPT_IN_SUMMARY = 80
NAMES_BUDGET = 1000
FIELD = 1024  # Discord's most for an embed field's value
SHOWN_ANSWER = 300  # a student's own answer on their private screens: ten options' worth at most
PARTLY = discord.Colour.gold()
# The kinds answered with one tap on an option: their options and the answer are lettered.
ONE_TAP = (Kind.CHOICE, Kind.TRUE_FALSE)


def letter(option: int) -> str:
    return chr(ord("A") + option)


def _count(view: LiveView, lang: Language) -> str:
    count = lang("live.count", answered=view.answered, total=max(view.taking_part, view.answered))
    return count if view.phase is Phase.OPEN else f"{lang('live.closed_note')} · {count}"


def _share_line(share: Share, lang: Language, key: str = "live.share") -> str:
    return f"`{bar(share)}` {lang(key, percent=share.percent, count=share.count)}"


def _options(view: LiveView, lang: Language) -> str:
    """The options as the class sees them: lettered in the order asked; once revealed, the right ones
    marked and each with its share (chosen, or for choose all, ticked by)."""
    asked, revealed = view.asked, view.revealed
    question = asked.question
    lines = []
    for slot, (index, text) in enumerate(zip(asked.order, asked.options, strict=True)):
        line = f"**{letter(slot)}.** {text}"
        if revealed is not None:
            mark = "✅ " if index in _rights(question) else ""
            share = _share_line(
                revealed.options[index],
                lang,
                "live.ticked" if question.kind is Kind.CHOOSE_ALL else "live.share",
            )
            line = f"{mark}{line}\n{share}"
        lines.append(line)
    return clip("\n".join(lines), FIELD)


def _rights(question: Question) -> tuple[int, ...]:
    return question.right if question.kind is Kind.CHOOSE_ALL else (question.answer_index,)


def _placed(view: LiveView, lang: Language) -> str:
    """A revealed order question: the right order, and per item the share who put it in its place."""
    assert view.revealed is not None
    lines = [
        f"**{n}.** {item}\n{_share_line(view.revealed.options[n - 1], lang, 'live.placed')}"
        for n, item in enumerate(view.question.options, start=1)
    ]
    return clip("\n".join(lines), FIELD)


def right_answer(question: Question) -> str:
    """The right answer as the class was asked it: lettered options, the right order, or every answer a
    typed question accepts."""
    if question.kind in ONE_TAP:
        return f"{letter(question.answer_index)}. {question.answer}"
    if question.kind is Kind.CHOOSE_ALL:
        return ", ".join(f"{letter(i)}. {question.options[i]}" for i in question.right)
    if question.kind is Kind.TYPED and question.tolerance is None:
        return " · ".join(question.options)
    return question.answer


def _revealed_fields(embed: discord.Embed, view: LiveView, lang: Language) -> None:
    assert view.revealed is not None
    question = view.question
    if question.kind is Kind.ORDER:
        embed.add_field(name=lang("live.right_order"), value=_placed(view, lang), inline=False)
    else:
        embed.add_field(
            name=lang("live.right_answer"), value=clip(f"**{right_answer(question)}**", FIELD), inline=False
        )
    if question.kind not in ONE_TAP:
        # Per option the shares need not add up: the share all right says how the class did.
        right = lang("live.share_right", percent=view.revealed.right.percent, count=view.revealed.right.total)
        embed.add_field(
            name=lang("live.all_right"), value=f"`{bar(view.revealed.right)}` {right}", inline=False
        )
    if question.explanation:
        embed.add_field(name=lang("live.why"), value=clip(question.explanation, FIELD), inline=False)
    if view.revealed.teams:
        embed.add_field(name=lang("live.teams"), value=_teams(view.revealed.teams, lang), inline=False)


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
    kind = view.question.kind
    # A typed question has no options to show; a revealed order question shows its right order instead.
    if kind is not Kind.TYPED and not (kind is Kind.ORDER and view.revealed is not None):
        embed.add_field(name=lang("live.options"), value=_options(view, lang), inline=False)
    if view.revealed is not None:
        _revealed_fields(embed, view, lang)
    else:
        embed.add_field(name=lang("live.answers"), value=_count(view, lang), inline=False)
    embed.set_footer(text=clip(lang("live.footer", title=view.lesson.title), 200))
    return embed


def _ended_card(view: LiveView, lang: Language) -> discord.Embed:
    assert view.ended is not None
    lines = []
    for position, share in enumerate(view.ended.questions):
        prompt = clip(view.question_at(position).prompt, PROMPT_IN_SUMMARY)
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
    if view.typed:
        embed.add_field(name=lang("live.typed_answers"), value=_typed(view.typed, lang), inline=False)
    if names:
        embed.add_field(name=lang("live.answered_by"), value=_names(names, lang), inline=False)
    embed.set_footer(text=lang("live.panel_footer"))
    return embed


def _typed(typed: Sequence[Typed], lang: Language) -> str:
    """The answers most typed, for the teacher alone: how many typed each, and right or wrong in words."""
    lines = []
    for given in typed:
        mark = f"✅ {lang('live.typed_right')}" if given.right else f"❌ {lang('live.typed_wrong')}"
        words = clip(discord.utils.escape_markdown(given.text), limits.TYPED_ANSWER) or "…"
        lines.append(f"**{given.count}×** {words} · {mark}")
    return clip("\n".join(lines), FIELD)


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
    """A student's private screen: the question (how to answer it, for more than a tap); their answer
    so far, changeable until closed."""
    prompt = chosen.question.prompt
    embed = discord.Embed(
        title=lang("question.title", number=chosen.position + 1, total=chosen.total),
        description=with_hint(prompt, chosen.question.kind, lang),
        colour=NEUTRAL,
    )
    if chosen.question.image is not None:
        embed.set_image(url=chosen.question.image)
    if chosen.chosen is None:
        note = lang("live.pick" if chosen.question.kind in ONE_TAP else "live.not_yet")
    elif chosen.question.kind in ONE_TAP:
        note = lang("live.saved", letter=letter(chosen.chosen))
    else:
        note = lang("live.saved_answer", answer=_given(chosen.question, chosen.chosen, chosen.text))
    if chosen.team is not None:
        note = f"{note}\n{lang('live.your_team', number=chosen.team)}"
    embed.add_field(name=lang("live.your_answer"), value=note, inline=False)
    return embed


def _given(question: Question, value: int, typed: str | None) -> str:
    """A student's own answer, as their private screens show it back to them."""
    if question.kind in ONE_TAP:
        return f"**{letter(value)}.** {judging.shown(question, value)}"
    return clip(discord.utils.escape_markdown(judging.shown(question, value, typed)), SHOWN_ANSWER) or "…"


def result(mine: Result, lang: Language) -> discord.Embed:
    """After a reveal, privately: the student's own answer, and right, partly right or wrong in words."""
    question, judged = mine.question, mine.judged
    answer = lang("feedback.answer", answer=right_answer(question))
    if judged is None:
        title, colour, body = lang("live.no_answer"), NEUTRAL, answer
    else:
        key = "feedback.typed" if question.kind is Kind.TYPED else "feedback.picked"
        given = lang(key, chosen=_given(question, judged.value, judged.text))
        if judged.correct:
            title, colour = lang("feedback.right"), RIGHT
        elif judged.credit > 0:
            title, colour = lang("live.partly", percent=round(judged.credit * 100)), PARTLY
        else:
            title, colour = lang("feedback.wrong"), WRONG
        body = f"{given}\n{answer}"
    embed = discord.Embed(title=title, description=clip(body, 4000), colour=colour)
    embed.set_author(name=lang("live.result_of", number=mine.position + 1))
    return embed


def score(mine: Score, lang: Language) -> discord.Embed:
    """After End, privately: the student's own score."""
    body = lang("live.score", right=mine.points, asked=mine.asked, answered=mine.answered)
    if mine.team is not None:
        body = f"{body}\n{lang('live.your_team', number=mine.team)}"
    return discord.Embed(title=lang("live.score_title"), description=body, colour=NEUTRAL)
