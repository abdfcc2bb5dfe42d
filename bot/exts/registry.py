"""Every kind of button the bot sends, registered where it is defined.

A click is routed to its button by custom_id alone (bot/exts/dispatch.py), so buttons work after a
restart without discord.py knowing them; a click matching none of them is refused as forged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Self, TypeVar

import discord

from bot.internals import template_of


class Routed:
    """What a click routed by custom_id needs of its button; SafeButton (bot/exts/buttons.py) has it."""

    @classmethod
    def from_match(cls, match: re.Match[str], /) -> Self:
        """The button a click on a custom_id matching the template is for, made to answer that click."""
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


# A snowflake or row id in a template: ASCII digits, as `\d` would take other scripts' digits too.
ID = "[0-9]{1,19}"
# Nineteen digits can pass a signed 64-bit integer, which every snowflake and database row id fits.
MAX_ID = 2**63 - 1
ButtonType = type[Routed]
T = TypeVar("T", bound=ButtonType)

BUTTONS: list[ButtonType] = []
# By the word after "tutor:" in their custom_ids, so that a click is matched against one or two
# templates rather than all of them; each with its compiled template.
_BY_KIND: dict[str, list[tuple[ButtonType, re.Pattern[str]]]] = {}


def _kind(text: str) -> str:
    parts = text.split(":", 2)
    return parts[1] if len(parts) == 3 else ""


def button(cls: T) -> T:
    """Class decorator: a DynamicItem the bot sends."""
    BUTTONS.append(cls)
    template = template_of(cls)
    _BY_KIND.setdefault(_kind(template.pattern), []).append((cls, template))
    return cls


def modal(template: str) -> Callable[[T], T]:
    """Class decorator: the submit of a modal the bot sends, routed by custom_id as a click is.

    Not a DynamicItem (discord.py has none for modals), so not in BUTTONS; the class says by
    `opened_by(match)` which button opens it, which must be on the message the modal was opened from.
    """

    def register(cls: T) -> T:
        _BY_KIND.setdefault(_kind(template), []).append((cls, re.compile(template)))
        return cls

    return register


def button_for(custom_id: str) -> tuple[ButtonType, re.Match[str]] | None:
    """The kind of button a custom_id belongs to, with the template's match; None if it is none of ours."""
    for kind, template in _BY_KIND.get(_kind(custom_id), ()):
        match = template.fullmatch(custom_id)
        if match is not None:
            # An id no row can have is forged: refused like any custom_id of none of ours.
            ids = (int(value) for value in match.groups() if value and value.isdigit())  # a flow is a letter
            return None if any(value > MAX_ID for value in ids) else (kind, match)
    return None
