"""A bare discord.py bot: the floor that the tutor bot's cost per click is measured against.

It answers every click with the tutor's reply shape and texts (a question with four buttons, each
on its own row; after an answer, a feedback embed above it), and keeps nothing: no database, no view
in discord.py's store. Run by bench_burst.py as `python benchmarks/bare_bot.py`, with the variables
the bot reads: DISCORD_TOKEN, DISCORD_API_BASE, DISCORD_GATEWAY_URL, LESSONS_DIR for the texts, and
EVENT_LOOP (uvloop or not), and BARE_GC: "tuned" collects garbage as the bot tunes its own (a harder
floor: only the work per click is then compared), else Python's default (discord.py as it comes).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import sys
from pathlib import Path

import discord
import yarl
from discord.gateway import DiscordWebSocket

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.content import Lesson, Question, load_library

START = "bare:start"


def question_embed(question: Question, number: int, lesson: Lesson) -> discord.Embed:
    total = len(lesson.questions)
    embed = discord.Embed(
        title=f"Question {number} of {total}", description=question.prompt, colour=discord.Colour.blurple()
    )
    embed.set_footer(text=lesson.title)
    return embed


def feedback_embed(question: Question) -> discord.Embed:
    return discord.Embed(
        title="✅ Right!",
        description=f"**{question.answer}**\n\n{question.explanation}",
        colour=discord.Colour.green(),
    )


def buttons(reply: int, question: Question, number: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for slot, option in enumerate(question.options):
        view.add_item(
            discord.ui.Button(
                label=option,
                style=discord.ButtonStyle.secondary,
                custom_id=f"bare:answer:{reply}:{number}:{slot}",
                row=slot,
            )
        )
    # A stopped view still renders its components, but discord.py keeps nothing of it afterwards.
    view.stop()
    return view


class BareBot(discord.Client):
    def __init__(self, lesson: Lesson) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(intents=intents)
        self.lesson = lesson
        self.replies = itertools.count(1)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component or interaction.data is None:
            return
        reply = next(self.replies)
        number = reply % len(self.lesson.questions) + 1
        question = self.lesson.questions[number - 1]
        ask = question_embed(question, number, self.lesson)
        view = buttons(reply, question, number)
        if interaction.data.get("custom_id") == START:
            await interaction.response.send_message(embed=ask, view=view, ephemeral=True)
        else:
            await interaction.response.edit_message(
                content=None, embeds=[feedback_embed(question), ask], view=view
            )


async def main() -> None:
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    library, _ = load_library(Path(os.environ.get("LESSONS_DIR", "data/lessons")))
    lesson = next(iter(library.values()))
    if os.environ.get("BARE_GC") == "tuned":
        # Imported only then: the bot's modules would otherwise add to what the default collector scans.
        from bot.client import tune_gc

        tune_gc()
    async with BareBot(lesson) as client:
        await client.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    # On the bot's event loop when it is set to uvloop, so that the two are compared on the same loop.
    factory = None
    if os.environ.get("EVENT_LOOP", "").strip().lower() == "uvloop":
        import uvloop

        factory = uvloop.new_event_loop
    with (
        contextlib.suppress(asyncio.CancelledError, KeyboardInterrupt),
        asyncio.Runner(loop_factory=factory) as runner,
    ):
        runner.run(main())
