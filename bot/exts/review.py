"""/review: spaced review. Students start today's review (and may ask for reminders); teachers assign
it to a class, stop it, set the daily cap, time and days, and read the report. A keeper posts each
class's daily card at the set time in the server's zone, driven by the injected clock."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from datetime import datetime
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.exts import review_buttons, review_embeds
from bot.exts.checks import lesson_option, teacher_only
from bot.exts.context import channel_of, reader_of, server_language, who_of
from bot.exts.keeper import keep
from bot.exts.translator import about
from bot.tutor import review_input
from bot.tutor.review_cards import SendLater
from bot.tutor.review_report import FILENAME, csv_text

if TYPE_CHECKING:
    from bot.tutor import Tutor
    from bot.tutor.review_cards import Card, Reminder

log = logging.getLogger(__name__)


class ReviewCog(commands.Cog):
    review = app_commands.Group(name="review", description=about("review"), guild_only=True)

    def __init__(self, client: discord.Client, tutor: Tutor) -> None:
        self.client = client
        self.tutor = tutor
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._keep(), name="review-cards")

    async def cog_unload(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @review.command(name="start", description=about("review start"))
    async def start(self, interaction: discord.Interaction) -> None:
        screen = await self.tutor.review.start(await who_of(interaction))
        await review_buttons.show_review(interaction, screen, new=True)

    @review.command(name="remind", description=about("review remind"))
    @app_commands.describe(on=about("review remind:on"))
    async def remind(self, interaction: discord.Interaction, on: bool) -> None:
        await self.tutor.review.set_remind(await who_of(interaction), on)
        said = reader_of(interaction)("spaced.remind_on" if on else "spaced.remind_off")
        await interaction.response.send_message(said, ephemeral=True)

    @review.command(name="assign", description=about("review assign"))
    @lesson_option(about("review assign:lesson"))
    @app_commands.describe(
        channel=about("review assign:channel"),
        until=about("review assign:until"),
        exam_date=about("review assign:exam_date"),
        measure=about("review assign:measure"),
    )
    @teacher_only
    async def assign(
        self,
        interaction: discord.Interaction,
        lesson: str | None = None,
        channel: discord.TextChannel | None = None,
        until: str | None = None,
        exam_date: str | None = None,
        measure: bool = False,
    ) -> None:
        ends = None if until is None else review_input.day(until)
        exam = None if exam_date is None else review_input.day(exam_date)
        channel_id = channel_of(interaction, channel)
        made = await self.tutor.review.assign(
            await who_of(interaction), channel_id, lesson, until=ends, exam=exam, measure=measure
        )
        await interaction.response.send_message(
            review_embeds.assigned(made, reader_of(interaction)), ephemeral=True
        )

    @review.command(name="stop", description=about("review stop"))
    @lesson_option(about("review stop:lesson"))
    @app_commands.describe(channel=about("review stop:channel"))
    @teacher_only
    async def stop(
        self,
        interaction: discord.Interaction,
        lesson: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        channel_id = channel_of(interaction, channel)
        stopped = await self.tutor.review.stop(await who_of(interaction), channel_id, lesson)
        lang = reader_of(interaction)
        said = (
            lang("spaced.stopped", count=stopped, channel=f"<#{channel_id}>")
            if stopped
            else lang("spaced.none_stopped", channel=f"<#{channel_id}>")
        )
        await interaction.response.send_message(said, ephemeral=True)

    @review.command(name="settings", description=about("review settings"))
    @app_commands.describe(
        cap=about("review settings:cap"),
        time=about("review settings:time"),
        days=about("review settings:days"),
    )
    @teacher_only
    async def settings(
        self,
        interaction: discord.Interaction,
        cap: app_commands.Range[int, 1, 50] | None = None,
        time: str | None = None,
        days: str | None = None,
    ) -> None:
        at = None if time is None else review_input.time_of_day(time)
        weekdays = None if days is None else review_input.weekdays(days)
        who = await who_of(interaction)
        kept = await self.tutor.review.set_settings(who, cap=cap, at=at, days=weekdays)
        zone = await self.tutor.teaching.zone(who.guild_id)
        said = review_embeds.settings(kept, str(zone), reader_of(interaction))
        await interaction.response.send_message(said, ephemeral=True)

    @review.command(name="report", description=about("review report"))
    @app_commands.describe(channel=about("review report:channel"))
    @teacher_only
    async def report(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        found = await self.tutor.review.report(
            await who_of(interaction), None if channel is None else channel.id
        )
        file = discord.File(io.BytesIO(csv_text(found).encode("utf-8")), filename=FILENAME)
        embed = review_embeds.report(found, reader_of(interaction))
        await interaction.response.send_message(embed=embed, file=file, ephemeral=True)

    # -- the daily card ------------------------------------------------------------------------------

    async def _keep(self) -> None:
        """Post what is due (at start too: a card whose time passed today while the bot was down), then
        sleep until the next card's time or a change of assignment or settings."""
        await self.client.wait_until_ready()
        review = self.tutor.review
        await keep(self.tutor.clock, self._post_due, review.changed, log=log, what="post the review cards")

    async def _post_due(self) -> datetime | None:
        cards = self.tutor.review.cards
        await cards.deliver(await cards.due(), self._post, self._remind)
        return await cards.next_run()

    async def _post(self, found: Card) -> None:
        embed, view = review_buttons.card(
            found, server_language(self.client.get_guild(found.guild_id), found.locale)
        )
        try:
            await self.client.get_partial_messageable(found.channel_id).send(embed=embed, view=view)
        except (discord.Forbidden, discord.NotFound) as exc:  # no permission, or the channel is gone
            log.warning("Could not post the review card in channel %s (%s)", found.channel_id, exc.status)
        except (discord.HTTPException, aiohttp.ClientError) as exc:  # Discord or the network, for a moment
            raise SendLater from exc

    async def _remind(self, reminder: Reminder) -> None:
        guild_id = reminder.guild_id
        guild = self.client.get_guild(guild_id)
        said = server_language(guild, reminder.locale)(
            "spaced.reminder", server=guild.name if guild else str(guild_id)
        )
        try:
            # Straight to their direct messages, as the deadline note goes: no look-up of the user first.
            channel = await self.client.create_dm(discord.Object(reminder.user_id))
            await channel.send(said)
        except (discord.Forbidden, discord.NotFound) as exc:  # DMs closed: the class's card still says it
            log.info("Could not send a review reminder (%s)", exc.status)
        except (discord.HTTPException, aiohttp.ClientError) as exc:
            raise SendLater from exc
