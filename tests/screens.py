"""A student's screen as a phone shows it, and how much each screen may say.

A phone shows an embed about 40 characters wide and some 30 lines to a screen. A young reader
should find the point of each screen without scrolling: the score, the verdict, the question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tests.fake_discord import Shown

PHONE_LINE = 40


@dataclass(frozen=True, slots=True)
class Budget:
    chars: int
    lines: int  # as wrapped on a phone, PHONE_LINE characters to a line


# The longest each screen gets for the bundled lesson, in any shipped language, with a little room.
# tests/exts/test_budgets.py renders the worst case of each; tests/e2e/test_screens.py real quizzes.
BUDGETS = {
    "lesson card": Budget(720, 26),  # about 100 words, read in the channel
    "question": Budget(420, 15),  # the question and its answer buttons: one phone screen
    "feedback then question": Budget(780, 27),  # the longest explanation, then the longest question
    # The last answer's feedback, then the score that counts (always on the first screen), the misses by
    # number only, and what to do next: 651 characters and 27 lines at worst (2,246 characters once, when
    # the misses were written out in full; 1,500 and 56 lines when three were).
    "result": Budget(760, 31),
    "review page": Budget(580, 21),
    "progress": Budget(260, 10),  # one quiz, with its "See my answers" button
    # The teacher's private /report card: three capped lists and 3-5 questions (it was ~680 words).
    "report card": Budget(3000, 100),
    # A live class (tests/exts/test_live_screens.py): the public card, read on a projector, revealed with its
    # shares and ten teams (1,300 characters, 52 lines at worst); the teacher's panel with thirty names and
    # five typed answers at their longest (1,866 and 55).
    "live card": Budget(1450, 58),
    "live panel": Budget(2050, 60),
    # A student's private screen with their answer saved (443 and 17: a question, its buttons, a note), and
    # their result (242 and 8): one phone screen each.
    "live screen": Budget(480, 19),
    "live result": Budget(320, 12),
}


def seen(shown: Shown) -> str:
    """Everything on the message, top to bottom, as the reader sees it: text, embeds, then buttons."""
    parts = [shown.content]
    for embed in shown.embeds:
        parts.append((embed.get("author") or {}).get("name", ""))
        parts += [embed.get("title", ""), embed.get("description", "")]
        for field in embed.get("fields", []):
            parts += [field["name"], field["value"]]
        parts.append((embed.get("footer") or {}).get("text", ""))
    parts += shown.labels
    return "\n".join(p for p in parts if p)


def phone_lines(text: str) -> int:
    return sum(max(1, math.ceil(len(line) / PHONE_LINE)) for line in text.split("\n"))


def over_budget(screen: str, shown: Shown) -> str | None:
    """Why a screen says too much for its budget, or None."""
    text, budget = seen(shown), BUDGETS[screen]
    if len(text) > budget.chars or phone_lines(text) > budget.lines:
        return f"{screen}: {len(text)} characters, {phone_lines(text)} lines; budget {budget}\n{text}"
    return None
