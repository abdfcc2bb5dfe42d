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

_ACTION_ROW, _BUTTON = 1, 2
_SECONDARY = discord.ButtonStyle.secondary.value


def answer_custom_id(attempt_id: int, position: int, slot: int) -> str:
    return f"tutor:answer:{attempt_id}:{position}:{slot}"


def answer_rows(attempt_id: int, position: int, options: Sequence[str]) -> list[dict[str, Any]]:
    """One row per option (a lesson has at most five), as a View of the same Buttons would give."""
    return [
        {
            "type": _ACTION_ROW,
            "components": [
                {
                    "type": _BUTTON,
                    "style": _SECONDARY,
                    "disabled": False,
                    "label": option,
                    "custom_id": answer_custom_id(attempt_id, position, slot),
                }
            ],
        }
        for slot, option in enumerate(options)
    ]


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
