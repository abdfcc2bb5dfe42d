"""Clicks on the bot's buttons go straight to the button, by custom_id; discord.py keeps no views.

Every component the bot sends is one of its DynamicItems (bot/exts/registry.py): the custom_id holds
all a click needs. discord.py would still rebuild the clicked message's whole View for every click,
and keep every View sent, private ones with a 15-minute timer each: per student, for nothing. So a
click on one of our buttons is routed here before discord.py's view store, with the same checks it
makes (the custom_id matches a template and is on the clicked message), and no View is ever kept.
One exception to "on the clicked message": a late tap on an earlier screen of the same message (see
_moved_on_from), which the button's own checks and the core then judge like any click.
Anything else (a forged custom_id, a command) goes on to discord.py as before, and on_interaction
listeners hear of it; a click routed to its button is not dispatched to them.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import discord
from discord.components import Component

from bot.exts.registry import ButtonType, button_for
from bot.internals import replace_store_view

log = logging.getLogger(__name__)

_COMPONENT, _MODAL_SUBMIT = 3, 5


def component_on(message: discord.Message | None, custom_id: str) -> Component | None:
    """The component with this custom_id on the message, if it is there."""
    if message is None:
        return None
    return next((c for c in _walk(message.components) if getattr(c, "custom_id", None) == custom_id), None)


def _walk(components: list[Any]) -> Iterator[Any]:
    for component in components:
        yield component
        yield from _walk(getattr(component, "children", None) or [])


def route_clicks(
    parse: Callable[[Any], None], state: Any, running: set[asyncio.Task[None]]
) -> Callable[[Any], None]:
    """discord.py's INTERACTION_CREATE parser, with clicks on our buttons taken to their callback.

    `state` is the client's ConnectionState; `running` keeps the callbacks' tasks alive.
    The payload has been checked by guard_interactions: a component's custom_id is a string.
    """

    def parse_routed(payload: Any) -> None:
        routed = payload["type"] in (_COMPONENT, _MODAL_SUBMIT)
        found = button_for(payload["data"]["custom_id"]) if routed else None
        if found is None:
            parse(payload)
            return
        interaction: discord.Interaction = discord.Interaction(data=payload, state=state)
        kind, match = found
        # A modal's submit stands on the message its opening button is on (bot/exts/answering.py).
        opened_by = getattr(kind, "opened_by", None)
        shown_id = opened_by(match) if opened_by is not None else payload["data"]["custom_id"]
        on_message = component_on(interaction.message, shown_id) is not None
        if not (on_message or _moved_on_from(kind, match, interaction.message)):
            # Not on the clicked message, nor a late tap on it: no callback, as in discord.py; the
            # on_interaction listener refuses it like any other forged click.
            state.dispatch("interaction", interaction)
            return
        # A click on our own button: its callback is all there is to do (no listener needs it).
        task = asyncio.create_task(_click(kind, match, interaction))
        running.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(running.discard)

    return parse_routed


def _moved_on_from(kind: ButtonType, match: re.Match[str], message: discord.Message | None) -> bool:
    """Whether a tap on a button no longer on the message came from an earlier screen of it.

    A phone can show a message a screen behind: a second tap on an answer arrives after the message
    moved on to the next question. The button's class says which of the buttons now on the message
    such a tap may stand for (`stands_for`); a private message left with no buttons at all (a quiz's
    last screen) takes any such tap. Its callback and the core then judge the click, by its own ids
    and its presser, as any other.
    """
    stands_for = getattr(kind, "stands_for", None)
    if stands_for is None or message is None:
        return False
    shown = [c for c in _walk(message.components) if getattr(c, "custom_id", None)]
    if not shown:
        return message.flags.ephemeral
    return any((found := button_for(c.custom_id)) is not None and stands_for(match, *found) for c in shown)


async def _click(kind: ButtonType, match: re.Match[str], interaction: discord.Interaction) -> None:
    # What discord.py's dynamic item dispatch does, minus rebuilding the View and the clicked Button
    # (from_custom_id would ignore it): make the item from the custom_id, call it.
    try:
        await kind.from_match(match).callback(interaction)
    except Exception:
        log.exception("Ignoring exception in the button %s", kind.__name__)


def keep_no_views(state: Any) -> None:
    """discord.py keeps nothing of the views the bot sends (they render the same)."""

    def store_view(view: discord.ui.view.BaseView, message_id: int | None = None) -> None:
        del view, message_id  # every button is routed by custom_id (route_clicks); nothing to keep

    replace_store_view(state, store_view)
