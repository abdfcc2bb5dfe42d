"""Every kind of button the bot sends, registered where it is defined.

The client registers them all with discord.py at start (so they work after a restart), and a click
matching none of them is refused as forged.
"""

from __future__ import annotations

from typing import Any, TypeVar

import discord

ButtonType = type[discord.ui.DynamicItem[Any]]
T = TypeVar("T", bound=ButtonType)

BUTTONS: list[ButtonType] = []


def button(cls: T) -> T:
    """Class decorator: a DynamicItem the bot sends."""
    BUTTONS.append(cls)
    return cls


def matches_a_button(custom_id: str) -> bool:
    return any(kind.__discord_ui_compiled_template__.fullmatch(custom_id) for kind in BUTTONS)
