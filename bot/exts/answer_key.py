"""The answer key a teacher checks before publishing an upload: every question, its right option marked.

Shown only to the uploader (ephemeral), as pages: one embed per message, each within Discord's field
count and total size, so a lesson of any allowed length fits however long its questions are.
"""

from __future__ import annotations

import discord

from bot.content import Lesson, Question, limits
from bot.content.model import Kind
from bot.exts.embeds import NEUTRAL, clip
from bot.i18n import ENGLISH, Language

_LETTERS = "ABCDE"
# Below the embed total, with room for the page's title.
_PAGE_BUDGET = limits.EMBED_TOTAL - 300
_PROMPT = limits.EMBED_FIELD_NAME - 8
_FIELDS = 20


def _field(number: int, question: Question) -> tuple[str, str]:
    name = f"{number}. {clip(question.prompt, _PROMPT)}"
    shown = [discord.utils.escape_markdown(option) for option in question.options]
    if question.kind is Kind.TYPED:
        # Every accepted answer, or the number and its tolerance.
        accepted = (
            [discord.utils.escape_markdown(question.answer)] if question.tolerance is not None else shown
        )
        lines = [f"✏️ ✅ **{answer}**" for answer in accepted]
    elif question.kind is Kind.ORDER:
        lines = [f"{n}. **{option}**" for n, option in enumerate(shown, start=1)]
    else:
        right = set(question.right) if question.kind is Kind.CHOOSE_ALL else {question.answer_index}
        lines = [
            f"✅ **{_LETTERS[i]}) {option}**" if i in right else f"▫️ {_LETTERS[i]}) {option}"
            for i, option in enumerate(shown)
        ]
    return name, clip("\n".join(lines), limits.EMBED_FIELD_VALUE)


def answer_key(lesson: Lesson, lang: Language = ENGLISH) -> list[discord.Embed]:
    """The lesson's questions with their right options marked, as pages (embeds) of a few questions."""
    pages: list[list[tuple[str, str]]] = [[]]
    used = 0
    for number, question in enumerate(lesson.questions, start=1):
        name, value = _field(number, question)
        if pages[-1] and (len(pages[-1]) >= _FIELDS or used + len(name) + len(value) > _PAGE_BUDGET):
            pages.append([])
            used = 0
        pages[-1].append((name, value))
        used += len(name) + len(value)
    embeds = []
    for page, fields in enumerate(pages, start=1):
        title = lang("lesson.answer_key", page=page, pages=len(pages))
        embed = discord.Embed(title=title, colour=NEUTRAL)
        for name, value in fields:
            embed.add_field(name=name, value=value, inline=False)
        embeds.append(embed)
    return embeds
