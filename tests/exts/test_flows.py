"""The widgets of the kinds that take more than one tap answer in every flow: a quiz's attempt (custom_ids
as sent before flows existed), a review item, a redemption round, a live class; each flow's letter is
kept through a redraw, and an unknown letter is none of ours."""

from typing import Any

import pytest

from bot.content.model import Kind
from bot.exts import answering
from bot.exts.registry import button_for
from bot.exts.rows import multi_tap_rows
from bot.i18n import ENGLISH
from bot.quiz.engine import QuestionView


@pytest.mark.parametrize("flow", ["", "r", "d", "l"])
@pytest.mark.parametrize("kind", [Kind.TYPED, Kind.CHOOSE_ALL, Kind.ORDER])
def test_every_button_drawn_for_a_flow_routes_back_to_it_with_its_ids(flow, kind):
    view = QuestionView(3, 5, "Q", ("a", "b", "c"), None, kind)
    rows = multi_tap_rows(flow, 12345, view, ENGLISH, (2, 0))
    ids = [c["custom_id"] for row in rows for c in row["components"]]
    assert ids
    for custom_id in ids:
        found = button_for(custom_id)
        assert found is not None, custom_id
        kind_of, match = found
        item: Any = kind_of.from_match(match)
        assert (item.flow, item.attempt_id, item.position) == (flow, 12345, 3)


def test_a_typed_answers_box_submits_to_its_flow_and_stands_on_its_opening_button():
    box = answering.AnswerBox(77, 1, flow="l")
    found = button_for(box.to_dict()["custom_id"])
    assert found is not None
    kind_of: Any
    kind_of, match = found
    assert kind_of.opened_by(match) == "tutor:type:l77:1"
    assert kind_of.from_match(match).flow == "l"


@pytest.mark.parametrize("custom_id", ["tutor:tick:x1:0:0:0", "tutor:type:rr1:0", "tutor:check:l:0:0"])
def test_an_unknown_or_malformed_flow_is_none_of_ours(custom_id):
    assert button_for(custom_id) is None


def test_one_tap_kinds_are_each_flows_own_buttons():
    with pytest.raises(ValueError, match="one tap"):
        multi_tap_rows("r", 1, QuestionView(0, 1, "Q", ("a", "b"), None, Kind.CHOICE), ENGLISH)


def _found(custom_id: str) -> tuple[Any, Any]:
    found = button_for(custom_id)
    assert found is not None, custom_id
    return found


@pytest.mark.parametrize(
    ("clicked", "shown", "stands"),
    [
        ("tutor:rvans:7:0:1", "tutor:tick:r8:1:0:0", True),  # the next review step takes ticks
        ("tutor:rvans:7:0:1", "tutor:type:r8:1", True),
        ("tutor:rvans:7:1:1", "tutor:tap:r8:1:0:0", False),  # the same step: not a late tap
        ("tutor:rvans:7:0:1", "tutor:tick:d8:1:0:0", False),  # another flow's widget
        ("tutor:rvans:7:0:1", "tutor:rvans:9:1:0", True),
        ("tutor:rvredoans:5:0:1", "tutor:placed:d5:1:12", True),
        ("tutor:rvredoans:5:0:1", "tutor:placed:d6:1:12", False),  # another round
        ("tutor:rvredoans:5:0:1", "tutor:check:r5:1:0", False),
    ],
)
def test_a_late_one_tap_answer_in_review_stands_for_the_next_step_of_any_kind(clicked, shown, stands):
    kind, match = _found(clicked)
    assert kind.stands_for(match, *_found(shown)) is stands
