"""Keeping each live class's public card up to date without an edit storm.

Answers only mark a card as changed. One task per card edits it at most once per `INTERVAL` (a teacher's
step goes at once), rendering what the database says at that moment, so any number of answers in
between become one edit, and at most one edit waits. A 429 is honoured: discord.py waits out its
`retry_after` before sending again, and while it waits this card's task sends nothing else; the
pacer also holds the card's next edits back until then.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import discord

from bot.exts import live_embeds
from bot.exts.context import guild_of_channel, server_language
from bot.i18n import Language
from bot.live import EditPacer

if TYPE_CHECKING:
    from bot.tutor import Tutor
    from bot.tutor.live import LiveView

log = logging.getLogger(__name__)

# How the card's buttons are made for a view: set by bot/exts/live.py, where the buttons live.
CardView = Callable[["LiveView", Language], discord.ui.View | None]


@dataclass
class _Card:
    pacer: EditPacer
    task: asyncio.Task[None] | None = None
    changed: bool = False
    urgent: bool = False
    edits: list[float] = field(default_factory=list)  # when each edit was sent (monotonic), for tests


class CardKeeper:
    """Every live card of one bot process."""

    def __init__(self, client: discord.Client, tutor: Tutor, buttons: CardView) -> None:
        self._client = client
        self._tutor = tutor
        self._buttons = buttons
        self._cards: dict[int, _Card] = {}
        self.clock: Callable[[], float] = time.monotonic

    def edits(self, session_id: int) -> list[float]:
        card = self._cards.get(session_id)
        return list(card.edits) if card else []

    def changed(self, session_id: int, *, urgent: bool = False) -> None:
        """The session's card no longer shows what the database says: edit it when allowed."""
        card = self._cards.setdefault(session_id, _Card(EditPacer()))
        card.changed = True
        card.urgent = card.urgent or urgent
        if card.task is None or card.task.done():
            card.task = asyncio.create_task(self._keep(session_id, card), name=f"live-card-{session_id}")

    async def _keep(self, session_id: int, card: _Card) -> None:
        while card.changed:
            now = self.clock()
            due = now if card.urgent and now >= card.pacer.blocked_until else card.pacer.due_at(now)
            if due > now:
                await asyncio.sleep(due - now)
            card.changed = card.urgent = False
            try:
                await self._edit(session_id, card)
            except Exception:  # a card that could not be edited is edited again on the next change
                log.warning("Could not edit the live card of session %s", session_id, exc_info=True)
                return

    async def _edit(self, session_id: int, card: _Card) -> None:
        view = await self._tutor.live.view_of(session_id)
        if view is None or view.session.card_message_id is None:
            return
        lang = server_language(guild_of_channel(self._client, view.session.channel_id))
        message = self._client.get_partial_messageable(view.session.channel_id).get_partial_message(
            view.session.card_message_id
        )
        try:
            await message.edit(embed=live_embeds.card(view, lang), view=self._buttons(view, lang))
        except discord.RateLimited as limited:  # only when discord.py would not wait: hold back ourselves
            card.pacer.limited(self.clock(), limited.retry_after)
            card.changed = True
            return
        # discord.py waited out any 429 inside edit(): the next edit counts from when this one went.
        card.pacer.sent(self.clock())
        card.edits.append(self.clock())

    async def close(self) -> None:
        for card in self._cards.values():
            if card.task is not None:
                card.task.cancel()
