"""A question's answer buttons, sent as payload: the same rows a View of discord.py Buttons sends."""

import discord

from bot.exts.buttons import AnswerButton
from bot.exts.registry import button_for
from bot.exts.rows import Rows, answer_rows

OPTIONS = ("A model", "Más datos, “quoted”", "x" * 80, "🙂")


def test_the_rows_are_what_a_view_of_the_buttons_sends():
    view = discord.ui.View(timeout=None)
    for slot, option in enumerate(OPTIONS):
        view.add_item(
            discord.ui.Button(
                label=option,
                style=discord.ButtonStyle.secondary,
                custom_id=AnswerButton(41, 7, slot).custom_id,
                row=slot,
            )
        )
    assert answer_rows(41, 7, OPTIONS) == view.to_components()


def test_each_row_is_routed_to_the_answer_button_of_its_slot():
    for slot, row in enumerate(answer_rows(41, 7, OPTIONS)):
        found = button_for(row["components"][0]["custom_id"])
        assert found is not None
        kind, match = found
        assert kind is AnswerButton
        assert (match["attempt"], match["position"], match["slot"]) == ("41", "7", str(slot))


def test_discord_py_never_keeps_the_rows():
    rows = Rows(answer_rows(41, 7, OPTIONS))
    assert rows.to_components() == answer_rows(41, 7, OPTIONS)
    # discord.py stores a view it sent, and times out an ephemeral one, only if it is not finished.
    assert rows.is_finished()
    assert not rows.is_dispatchable()
    assert not rows.has_components_v2()
