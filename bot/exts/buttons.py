"""Buttons that keep working after a restart: ids in the custom_id, everything else in SQLite.

A custom_id holds a quiz or attempt id and the position of what was clicked, never which option
is right: anyone can read a custom_id.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.content import limits
from bot.exts import embeds
from bot.exts.context import guild_of, tutor_of
from bot.exts.errors import handle_error, respond_on_time

if TYPE_CHECKING:
    from bot.tutor import Step


class _RepliesPrivatelyOnFailure:
    """A button's callback, with every failure turned into a private reply by handle_error.

    discord.py only logs what a DynamicItem callback raises, and the student would see
    "This interaction failed"; so buttons implement `respond` and inherit this `callback`.
    A first response that could only arrive after Discord's deadline is skipped (handle_error
    logs it once); what `respond` saved before it stays saved.
    """

    async def respond(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction) -> None:
        respond_on_time(interaction)
        try:
            await self.respond(interaction)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a private reply in handle_error
            await handle_error(interaction, exc)


class StartButton(
    _RepliesPrivatelyOnFailure,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"tutor:start:(?P<quiz>\d{1,18})",
):
    def __init__(self, quiz_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Start quiz",
                style=discord.ButtonStyle.success,
                emoji="📝",
                custom_id=f"tutor:start:{quiz_id}",
            )
        )
        self.quiz_id = quiz_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> StartButton:
        return cls(int(match["quiz"]))

    async def respond(self, interaction: discord.Interaction) -> None:
        step = await tutor_of(interaction).start(guild_of(interaction), self.quiz_id, interaction.user.id)
        embeds_, view = render_step(step)
        await interaction.response.send_message(content=step.note, embeds=embeds_, view=view, ephemeral=True)


class AnswerButton(
    _RepliesPrivatelyOnFailure,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"tutor:answer:(?P<attempt>\d{1,18}):(?P<position>\d{1,4}):(?P<slot>\d{1,2})",
):
    def __init__(self, attempt_id: int, position: int, slot: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"tutor:answer:{attempt_id}:{position}:{slot}",
                row=slot % limits.ROWS_PER_MESSAGE,
            )
        )
        self.attempt_id = attempt_id
        self.position = position
        self.slot = slot

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AnswerButton:
        return cls(int(match["attempt"]), int(match["position"]), int(match["slot"]))

    async def respond(self, interaction: discord.Interaction) -> None:
        step = await tutor_of(interaction).answer(
            guild_of(interaction), self.attempt_id, interaction.user.id, self.position, self.slot
        )
        embeds_, view = render_step(step)
        await interaction.response.edit_message(content=step.note, embeds=embeds_, view=view)


# Every component the bot sends; registered at start, and anything else is refused as forged.
BUTTONS = (StartButton, AnswerButton)


def start_view(quiz_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(StartButton(quiz_id))
    return view


def render_step(step: Step) -> tuple[list[discord.Embed], discord.ui.View]:
    """The embeds and buttons of a student's quiz message: feedback, then the question or the summary."""
    shown = [embeds.feedback(step.feedback)] if step.feedback else []
    view = discord.ui.View(timeout=None)
    if step.question is None:
        assert step.summary is not None
        return [*shown, embeds.summary(step.summary, step.lesson)], view
    shown.append(embeds.question(step.question, step.lesson))
    for slot, option in enumerate(step.question.options):
        view.add_item(AnswerButton(step.attempt_id, step.question.position, slot, option))
    return shown, view


def is_unroutable(interaction: discord.Interaction) -> bool:
    """A click that no button will answer: forged, or from a broken client.

    discord.py drops such clicks silently (a custom_id must match a template and be on the message),
    so without this the student would only see "This interaction failed". Every component this bot
    sends is one of its DynamicItems, so anything else is refused.
    """
    if interaction.type is not discord.InteractionType.component or interaction.data is None:
        return False
    custom_id = str(interaction.data.get("custom_id", ""))
    if not any(button.__discord_ui_compiled_template__.fullmatch(custom_id) for button in BUTTONS):
        return True
    message = interaction.message
    on_message = message is not None and any(
        getattr(child, "custom_id", None) == custom_id
        for row in message.components
        for child in getattr(row, "children", ())
    )
    return not on_message
