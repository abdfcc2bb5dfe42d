"""A question's answer buttons as Discord's component payload, built directly for every click.

Every answer click sends the next question's buttons. As discord.ui.Button objects in a View they
cost about 30 µs a click (an object, a row check and a dict for each button), as much as the rest
of the bot's rendering together; the payload itself is four small dicts. A click is still routed
by its custom_id to AnswerButton (a DynamicItem, bot/exts/buttons.py), exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from bot.content.model import Kind
from bot.i18n import Language
from bot.quiz.engine import QuestionView

_ACTION_ROW, _BUTTON = 1, 2
_SECONDARY = discord.ButtonStyle.secondary.value
_PRIMARY = discord.ButtonStyle.primary.value
_SUCCESS = discord.ButtonStyle.success.value
# The n-th option placed in a put-in-order question wears n's keycap: its label stays the option's own.
_KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣")


def answer_custom_id(attempt_id: int, position: int, slot: int) -> str:
    return f"tutor:answer:{attempt_id}:{position}:{slot}"


def answer_rows(attempt_id: int, position: int, options: Sequence[str]) -> list[dict[str, Any]]:
    """One row per option (a lesson has at most five), as a View of the same Buttons would give."""
    return option_rows(f"tutor:answer:{attempt_id}:{position}", options)


def option_rows(prefix: str, labels: Sequence[str], chosen: int | None = None) -> list[dict[str, Any]]:
    """One button a row, its custom_id `prefix` and the slot: a one-tap question's options, in every
    flow that asks one (a quiz, review, a live class); `chosen` is shown picked."""
    return [
        {
            "type": _ACTION_ROW,
            "components": [
                {
                    "type": _BUTTON,
                    "style": _SUCCESS if slot == chosen else _SECONDARY,
                    "disabled": False,
                    "label": label,
                    "custom_id": f"{prefix}:{slot}",
                }
            ],
        }
        for slot, label in enumerate(labels)
    ]


def sequence_text(slots: Sequence[int]) -> str:
    """Slots tapped in order as one number's digits, each slot plus one: (2, 0) is "31", none is "0"."""
    return "".join(str(slot + 1) for slot in slots) or "0"


def sequence_of(text: str) -> tuple[int, ...]:
    return tuple(int(digit) - 1 for digit in text.lstrip("0"))


def mask_text(slots: Sequence[int]) -> str:
    return str(sum(1 << slot for slot in set(slots)))


def mask_slots(mask: int) -> tuple[int, ...]:
    return tuple(slot for slot in range(mask.bit_length()) if mask >> slot & 1)


def _button(label: str, custom_id: str, style: int = _SECONDARY, **more: Any) -> dict[str, Any]:
    return {
        "type": _BUTTON,
        "style": style,
        "disabled": False,
        "label": label,
        "custom_id": custom_id,
        **more,
    }


def _row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": _ACTION_ROW, "components": list(buttons)}


def question_rows(
    attempt_id: int, view: QuestionView, lang: Language, picked: Sequence[int] = ()
) -> list[dict[str, Any]]:
    """The buttons that answer a quiz's question of any kind; `picked` are the slots ticked or put in order
    so far. Every custom_id holds the attempt, the question's position and the student's own picks, never
    the answer: a choose-all or put-in-order screen is redrawn from its custom_id alone, after a restart too.
    """
    if view.kind in MULTI_TAP:
        return multi_tap_rows("", attempt_id, view, lang, picked)
    return answer_rows(attempt_id, view.position, view.options)


# The kinds answered by more than a tap on one option: the same widgets in every flow that asks them.
MULTI_TAP = frozenset({Kind.TYPED, Kind.CHOOSE_ALL, Kind.ORDER})


def multi_tap_rows(
    flow: str, target: int, view: QuestionView, lang: Language, picked: Sequence[int] = ()
) -> list[dict[str, Any]]:
    """A typed, choose-all or put-in-order question's buttons, for the flow that asks it and its target's
    id (bot/exts/answering.py: "" a quiz's attempt, "r" a review item, "d" a redemption round, "l" a live
    class)."""
    where = f"{flow}{target}:{view.position}"
    if view.kind is Kind.TYPED:
        return [
            _row(_button(lang("button.type_answer"), f"tutor:type:{where}", _PRIMARY, emoji={"name": "✏️"}))
        ]
    if view.kind is Kind.CHOOSE_ALL:
        mask = mask_text(picked)
        rows = [
            _row(
                _button(
                    option,
                    f"tutor:tick:{where}:{slot}:{mask}",
                    _SUCCESS if slot in picked else _SECONDARY,
                    emoji={"name": "☑️" if slot in picked else "⬜"},
                )
            )
            for slot, option in enumerate(view.options)
        ]
        rows[-1]["components"].append(_button(lang("button.check"), f"tutor:check:{where}:{mask}", _PRIMARY))
        return rows
    if view.kind is Kind.ORDER:
        return _order_rows(where, view.options, lang, tuple(picked))
    raise ValueError(f"a {view.kind} question is answered with one tap")


def _order_rows(
    where: str, options: Sequence[str], lang: Language, placed: tuple[int, ...]
) -> list[dict[str, Any]]:
    sequence = sequence_text(placed)
    rows = []
    for slot, option in enumerate(options):
        if slot in placed:
            # Placed: shows its place, and is tapped no more until Start over.
            keycap = {"name": _KEYCAPS[placed.index(slot)]}
            shown = _button(
                option, f"tutor:tap:{where}:{slot}:{sequence}", _SUCCESS, emoji=keycap, disabled=True
            )
        else:
            shown = _button(option, f"tutor:tap:{where}:{slot}:{sequence}")
        rows.append(_row(shown))
    controls = rows[-1]["components"]
    if len(placed) == len(options):
        controls.append(_button(lang("button.check"), f"tutor:placed:{where}:{sequence}", _PRIMARY))
    if placed:
        controls.append(_button(lang("button.start_over"), f"tutor:unplace:{where}"))
    return rows


class Rows(discord.ui.View):
    """A View that sends rows given as payload, and is finished from the start: discord.py stores no
    finished view and gives it no timer, on send_message and edit_message alike. Its clicks are
    routed by custom_id (bot/exts/dispatch.py), never by a view."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__(timeout=None)
        self._rows = rows

    def to_components(self) -> list[dict[str, Any]]:
        return self._rows

    def is_finished(self) -> bool:
        return True

    def is_dispatchable(self) -> bool:
        return False
