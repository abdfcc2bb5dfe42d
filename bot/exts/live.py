"""/live start and /live panel: a live class the teacher paces from a private panel.

The public card is posted in the class channel; the panel is the teacher's alone. After End the teacher
gets the quiz's usual report privately, as /report would give it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.exts import live_embeds
from bot.exts.checks import TEACHERS, lesson_option, teacher_only
from bot.exts.context import channel_language, channel_of, guild_of, reader_of, tutor_of, who_of
from bot.exts.live_buttons import card_buttons, keeper_of, panel_buttons, render_panel
from bot.exts.report import report_message
from bot.exts.translator import about
from bot.i18n import text

if TYPE_CHECKING:
    from bot.tutor import Tutor
    from bot.tutor.live import LiveView


async def send_report(interaction: discord.Interaction, quiz_id: int) -> None:
    """The teacher's private report of the live class just ended: the embeds and files of /report."""
    quiz = await tutor_of(interaction).teaching.quiz_by_id(guild_of(interaction), quiz_id)
    shown = await report_message(interaction, quiz)
    await interaction.followup.send(
        content=shown.content, embeds=shown.embeds, files=shown.files, ephemeral=True
    )


class LiveCog(commands.Cog):
    live = app_commands.Group(
        name="live", description=about("live"), guild_only=True, default_permissions=TEACHERS
    )

    def __init__(self, client: discord.Client, tutor: Tutor) -> None:
        self.client = client
        self.tutor = tutor

    @live.command(name="start", description=about("live start"))
    @lesson_option(about("live start:lesson"))
    @app_commands.describe(
        channel=about("live start:channel"),
        teams=about("live start:teams"),
        anonymous=about("live start:anonymous"),
    )
    @teacher_only
    async def start(
        self,
        interaction: discord.Interaction,
        lesson: str,
        channel: discord.TextChannel | None = None,
        teams: app_commands.Range[int, 2, 10] | None = None,
        anonymous: bool = False,
    ) -> None:
        channel_id = channel_of(interaction, channel)
        who = await who_of(interaction)
        view = await self.tutor.live.start(who, lesson, channel_id, teams=teams or 0, anonymous=anonymous)
        lang = channel_language(interaction)
        # The card first: the panel's steps edit it, so it must exist before the teacher can press one.
        try:
            card = await interaction.client.get_partial_messageable(channel_id).send(
                embed=live_embeds.card(view, lang), view=card_buttons(view, lang)
            )
        except discord.HTTPException:  # no permission to post there, or the channel is gone
            await self.tutor.live.abandon(view.session.id)
            raise UserError(text("live.cannot_post", channel=f"<#{channel_id}>")) from None
        await self.tutor.live.card_sent(view.session.id, card.id)
        await self._show_panel(interaction, view)

    @live.command(name="panel", description=about("live panel"))
    @app_commands.describe(channel=about("live panel:channel"))
    @teacher_only
    async def panel(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        view = await self.tutor.live.panel(await who_of(interaction), channel_of(interaction, channel))
        await self._show_panel(interaction, view)

    @staticmethod
    async def _show_panel(interaction: discord.Interaction, view: LiveView) -> None:
        lang = reader_of(interaction)
        embed = render_panel(view, lang)
        buttons = panel_buttons(view, lang)
        if buttons is None:
            await interaction.response.send_message(embed=embed, ephemeral=True)
        else:
            await interaction.response.send_message(embed=embed, view=buttons, ephemeral=True)

    async def cog_unload(self) -> None:
        await keeper_of(self.client).close()
