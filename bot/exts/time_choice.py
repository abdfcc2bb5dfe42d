"""The question asking how a date like `10/12` was meant, with a button per reading ("10 December" /
"12 October"); the buttons themselves (PickButton) are in bot/exts/quiz.py, whose commands they finish.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import discord
from babel.dates import format_skeleton

from bot.exts.context import reader_of, tutor_of
from bot.i18n import Language
from bot.tutor.pending import minute_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.tutor.teaching import TimeChoiceError


# The catalogue's English writes a day before its month ("Friday 4 December 2026"), as en_GB does.
_CLDR = {"en": "en_GB"}


def label(moment: datetime, zone: ZoneInfo, lang: Language, now: datetime) -> str:
    """ "10 December" in the teacher's language (CLDR), with the year when it is not this year's."""
    local = moment.astimezone(zone)
    skeleton = "MMMMd" if local.year == now.astimezone(zone).year else "yMMMMd"
    return format_skeleton(skeleton, local.date(), locale=_CLDR.get(lang.code, lang.code))


async def ask_which(
    interaction: discord.Interaction,
    choice: TimeChoiceError,
    button: Callable[[int, int, str], discord.ui.Item[Any]],
) -> None:
    """The private question, with one `button(pending_id, minute, label)` per reading."""
    lang = reader_of(interaction)
    view = discord.ui.View(timeout=None)
    now = tutor_of(interaction).clock.now()
    for moment in choice.readings:
        view.add_item(button(choice.pending_id, minute_of(moment), label(moment, choice.zone, lang, now)))
    said = choice.said(lang)
    if interaction.response.is_done():
        await interaction.followup.send(said, view=view, ephemeral=True)
    else:
        await interaction.response.send_message(said, view=view, ephemeral=True)
