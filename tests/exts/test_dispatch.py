"""Clicks routed by custom_id: which button a custom_id belongs to, and discord.py keeping no views."""

import asyncio
from typing import Any

import discord

from bot.exts.buttons import AnswerButton, PageButton, ReviewButton, StartButton
from bot.exts.dispatch import keep_no_views
from bot.exts.privacy import ConfirmDeleteButton, DeleteMyDataButton
from bot.exts.registry import BUTTONS, button_for
from bot.internals import template_of


def test_every_button_is_found_by_its_own_custom_id():
    made: list[Any] = [  # DynamicItems, and Routed ones: no one type says both
        StartButton(5),
        AnswerButton(12, 3, 1),
        ReviewButton(12),
        PageButton(12, 4),
        DeleteMyDataButton(7),
        ConfirmDeleteButton(7),
    ]
    for item in made:
        found = button_for(item.custom_id)
        assert found is not None
        assert found[0] is type(item)
    found = button_for("tutor:answer:12:3:1")
    assert found is not None
    kind, match = found
    assert (kind, match["attempt"], match["position"], match["slot"]) == (AnswerButton, "12", "3", "1")


def test_the_largest_64_bit_id_is_still_ours():
    assert button_for(f"tutor:start:{2**63 - 1}") is not None


def test_every_registered_template_starts_with_its_kind():
    for kind in BUTTONS:
        assert template_of(kind).pattern.startswith("tutor:")


def test_a_custom_id_of_none_of_our_buttons_is_found_by_none():
    for custom_id in (
        "tutor:answer:12:3",  # too short
        "tutor:answer:12:3:1:9",  # too long
        "tutor:answer:١٢:3:1",  # other scripts' digits
        "tutor:answer:9223372036854775808:3:1",  # past a signed 64-bit integer
        "tutor:start:9999999999999999999",
        "tutor:forget:12:9999999999999999999",
        "tutor:answers:12:3:1",
        "tutor:mydata:maybe:7",
        "tutor:",
        "tutor",
        "",
        "x" * 100,
    ):
        assert button_for(custom_id) is None


async def test_a_view_sent_is_kept_nowhere_in_discord_py():
    client = discord.Client(intents=discord.Intents.none())
    keep_no_views(client._connection)
    view = discord.ui.View(timeout=60)
    view.add_item(StartButton(5))
    client._connection.store_view(view, 1234)
    store = client._connection._view_store
    assert store._synced_message_views == {}
    assert store._views == {}
    assert not view.is_dispatching()  # no timer was started for it either
    assert not [t for t in asyncio.all_tasks() if "timeout" in repr(t.get_coro())]


async def test_a_button_is_made_from_its_custom_id_alone_and_by_discord_py_too():
    found = button_for("tutor:answer:12:3:1")
    assert found is not None
    kind, match = found
    made = kind.from_match(match)
    assert isinstance(made, AnswerButton)
    assert (made.attempt_id, made.position, made.slot, made.custom_id) == (12, 3, 1, "tutor:answer:12:3:1")
    # discord.py's own dynamic-item dispatch passes the clicked Button, which is not needed.
    clicked = discord.ui.Button[discord.ui.View](custom_id="tutor:answer:12:3:1")
    rebuilt = await AnswerButton.from_custom_id(None, clicked, match)  # type: ignore[arg-type]
    assert (rebuilt.attempt_id, rebuilt.position, rebuilt.slot) == (12, 3, 1)
