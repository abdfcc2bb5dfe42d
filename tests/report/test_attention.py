"""What the report opens with: not started, didn't finish, needs help, and the questions to look at."""

from dataclasses import replace

from bot.report.analysis import State, build_report
from bot.report.attention import MOST_QUESTIONS, attention, worst_first
from tests.report.sample import ANN, BEN, CAL, EVE, big_class, small_class


def ids(rows) -> list[int]:
    return [r.user_id for r in rows]


def test_the_small_class_lists():
    found = attention(build_report(small_class()))
    assert ids(found.not_started) == [EVE]
    assert ids(found.unfinished) == [CAL]
    assert found.needs_help == ()  # Ann's best is 2/3 (67%), Ben 3/4, Dee 3/3: all at 60% or more
    assert [q.number for q in found.questions] == [1, 3, 2]  # three, the hardest first


def test_the_threshold_is_the_reports_parameter():
    found = attention(build_report(replace(small_class(), needs_help_below=70)))
    assert ids(found.needs_help) == [ANN]
    found = attention(build_report(replace(small_class(), needs_help_below=80)))
    assert ids(found.needs_help) == [ANN, BEN]  # lowest counted score first: 67% then 75%


def test_a_big_class_lists_are_sorted_and_complete():
    report = build_report(big_class(1000))
    found = attention(report)
    assert len(found.not_started) == report.count(State.NOT_STARTED)
    assert len(found.unfinished) == report.count(State.IN_PROGRESS)
    answered = [s.progress.answered for s in found.unfinished if s.progress]
    assert answered == sorted(answered)
    scores = [s.counted.percent for s in found.needs_help if s.counted]
    assert scores == sorted(scores)
    assert all(p < 60 for p in scores)
    finished_under = [
        s for s in report.students if s.state is State.FINISHED and s.counted and s.counted.percent < 60
    ]
    assert len(found.needs_help) == len(finished_under)
    assert 3 <= len(found.questions) <= MOST_QUESTIONS
    assert list(found.questions) == sorted(found.questions, key=worst_first)
    assert found.questions[0].flagged


def test_no_questions_before_anyone_answers():
    data = small_class()
    found = attention(build_report(replace(data, attempts=())))
    assert found.questions == ()
    assert found.unfinished == found.needs_help == ()
