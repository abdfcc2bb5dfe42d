"""A late press (a phone a screen behind, or a forged custom_id) is weighed against every button a message
can show, and routing never raises whatever the pair: it stands for the message, or it is none of ours."""

import itertools

import pytest

import bot.exts.lessons
import bot.exts.privacy
import bot.exts.quiz
import bot.exts.time_choice  # noqa: F401 - each module registers its buttons
from bot.exts import answering, buttons, live_buttons, review_buttons  # noqa: F401 - registers
from bot.exts.registry import BUTTONS, button_for

ONE_OF_EACH = [
    "tutor:start:7",
    "tutor:answer:5:1:0",
    "tutor:retry:7",
    "tutor:keep:7",
    "tutor:review:5",
    "tutor:page:5:1",
    "tutor:lesson:5",
    "tutor:publish:3",
    "tutor:cancel:3",
    "tutor:live-join:3",
    "tutor:live-pick:3:1:0",
    "tutor:live-step:3:1:0",
    "tutor:live-result:3:1",
    "tutor:live-score:3",
    "tutor:mydata:delete:9",
    "tutor:mydata:yes:9",
    "tutor:keepdata:9",
    "tutor:forget:9:8",
    "tutor:when:4:60",
    "tutor:rvstart:42",
    "tutor:rvans:6:1:0",
    "tutor:rvredo:5",
    "tutor:rvredoans:5:1:0",
    *(
        custom_id
        for flow in ("", "r", "d", "l")
        for custom_id in (
            f"tutor:tick:{flow}5:1:0:0",
            f"tutor:check:{flow}5:1:0",
            f"tutor:tap:{flow}5:1:0:0",
            f"tutor:placed:{flow}5:1:0",
            f"tutor:unplace:{flow}5:1",
            f"tutor:type:{flow}5:1",
            f"tutor:typed:{flow}5:1",
        )
    ),
]


def _found(custom_id: str):
    found = button_for(custom_id)
    assert found is not None, custom_id
    return found


def test_the_list_has_a_custom_id_of_every_button():
    assert {kind for kind, _ in map(_found, ONE_OF_EACH)} >= set(BUTTONS)


@pytest.mark.parametrize("clicked", ONE_OF_EACH)
def test_a_late_press_is_weighed_against_any_button_without_raising(clicked: str):
    kind, match = _found(clicked)
    stands_for = getattr(kind, "stands_for", None)
    if stands_for is None:
        return
    for shown in ONE_OF_EACH:
        shown_kind, shown_match = _found(shown)
        assert stands_for(match, shown_kind, shown_match) in (True, False), (clicked, shown)


def test_a_press_stands_only_for_a_message_of_its_own_flow_and_target():
    for clicked, shown in itertools.product(ONE_OF_EACH, ONE_OF_EACH):
        kind, match = _found(clicked)
        shown_kind, shown_match = _found(shown)
        stands_for = getattr(kind, "stands_for", None)
        if stands_for is None or not stands_for(match, shown_kind, shown_match):
            continue
        flow = match.groupdict().get("flow")
        if flow is not None and "flow" in shown_match.groupdict():
            assert shown_match["flow"] == flow, (clicked, shown)
