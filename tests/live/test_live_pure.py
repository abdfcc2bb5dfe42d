"""The live class's pure parts: steps between phases, shares and bars, teams, and the edit pacer."""

import pytest

from bot.content import load_lesson
from bot.live import (
    EditPacer,
    Phase,
    Share,
    Step,
    StepRefused,
    bar,
    next_state,
    option_shares,
    team_of,
    team_results,
)
from bot.live.session import allowed
from bot.live.shares import common_typed, placed_shares, shares_of, ticked_shares
from bot.quiz.judging import rank_of
from tests.conftest import LESSONS


def test_a_question_goes_open_closed_revealed_then_next_opens_the_following_one():
    assert next_state(Phase.OPEN, 0, 3, Step.CLOSE) == (Phase.CLOSED, 0)
    assert next_state(Phase.CLOSED, 0, 3, Step.REVEAL) == (Phase.REVEALED, 0)
    assert next_state(Phase.OPEN, 0, 3, Step.REVEAL) == (Phase.REVEALED, 0)  # reveal closes as it reveals
    assert next_state(Phase.REVEALED, 0, 3, Step.NEXT) == (Phase.OPEN, 1)
    assert next_state(Phase.CLOSED, 1, 3, Step.NEXT) == (Phase.OPEN, 2)
    assert next_state(Phase.OPEN, 2, 3, Step.END) == (Phase.ENDED, 2)


@pytest.mark.parametrize(
    ("phase", "position", "step", "why"),
    [
        (Phase.OPEN, 0, Step.NEXT, "live.not_now.next"),
        (Phase.CLOSED, 0, Step.CLOSE, "live.not_now.close"),
        (Phase.REVEALED, 0, Step.REVEAL, "live.not_now.reveal"),
        (Phase.REVEALED, 2, Step.NEXT, "live.last_question"),
        (Phase.ENDED, 1, Step.END, "live.ended"),
    ],
)
def test_a_step_that_does_not_apply_is_refused_with_its_reason(phase, position, step, why):
    with pytest.raises(StepRefused) as refused:
        next_state(phase, position, 3, step)
    assert refused.value.why == why


def test_the_panel_offers_only_the_steps_that_apply():
    assert allowed(Phase.OPEN, 0, 3) == {Step.CLOSE, Step.REVEAL, Step.END}
    assert allowed(Phase.REVEALED, 2, 3) == {Step.END}
    assert allowed(Phase.ENDED, 2, 3) == set()


def test_shares_per_option_and_their_bars():
    shares = option_shares(4, [1, 1, 1, 0, 3, 1])
    assert [s.count for s in shares] == [1, 4, 0, 1]
    assert [s.percent for s in shares] == [17, 67, 0, 17]
    assert bar(shares[1]) == "███████░░░"
    assert bar(shares[2]) == "░" * 10
    assert bar(Share(1, 30)) == "█" + "░" * 9  # one answer still shows
    assert bar(Share(30, 30)) == "█" * 10
    assert Share(0, 0).percent == 0


def test_teams_are_stable_spread_and_scored_by_share_right():
    teams = [team_of(7, user, 4) for user in range(1000)]
    assert teams == [team_of(7, user, 4) for user in range(1000)]
    assert set(teams) == {1, 2, 3, 4}
    assert min(teams.count(t) for t in range(1, 5)) > 200
    results = team_results(7, 4, [(user, user % 2 == 0) for user in range(1000)])
    assert sum(r.total for r in results) == 1000
    assert sum(r.count for r in results) == 500


def test_the_pacer_edits_at_most_once_per_interval_and_never_before_discord_allows():
    pacer = EditPacer(interval=2.0)
    assert pacer.due_at(10.0) == 10.0
    pacer.sent(10.0)
    assert pacer.due_at(10.5) == 12.0
    assert pacer.due_at(13.0) == 13.0
    pacer.limited(13.0, retry_after=4.0)
    assert pacer.due_at(13.0) == 17.0
    pacer.sent(17.0)
    assert pacer.due_at(17.1) == 19.0


def test_choose_all_shares_are_per_option_of_everyone_who_answered_and_need_not_sum_to_100():
    # Three answers: {0, 1}, {0}, {2}.
    assert ticked_shares(3, [0b011, 0b001, 0b100]) == [Share(2, 3), Share(1, 3), Share(1, 3)]
    assert ticked_shares(2, []) == [Share(0, 0), Share(0, 0)]


def test_order_shares_count_each_item_put_in_its_right_place():
    right, reverse = rank_of((0, 1, 2)), rank_of((2, 1, 0))
    assert placed_shares(3, [right, reverse, 999]) == [Share(1, 3), Share(2, 3), Share(1, 3)]


def test_each_kind_reveals_its_own_shares_and_the_share_all_right():
    plants = load_lesson(LESSONS / "plants-make-food.toml")
    every, typed = plants.questions[1], plants.questions[2]
    assert shares_of(every, [(0b111, True), (0b1000, False)]) == (
        [Share(1, 2), Share(1, 2), Share(1, 2), Share(1, 2)],
        Share(1, 2),
    )
    assert shares_of(typed, [(0, True), (0, False), (0, False)]) == ([], Share(1, 3))
    assert shares_of(plants.questions[0], [(0, True), (1, False)])[0] == [Share(1, 2), Share(1, 2)]


def test_the_answers_most_typed_are_folded_counted_and_cut_to_five():
    typed = [("Oxygen", True), (" oxygen ", True), ("A Banana", False), ("a banana", False), ("O2", True)]
    typed += [(f"guess {n}", False) for n in range(5)]
    common = common_typed(typed, accents=True)
    assert [(t.text, t.count, t.right) for t in common[:3]] == [
        ("a banana", 2, False),
        ("oxygen", 2, True),
        ("guess 0", 1, False),
    ]
    assert len(common) == 5
    assert [
        t.text for t in common_typed([("Fotosíntesis", True), ("fotosintesis", False)], accents=False)
    ] == ["fotosintesis"]
