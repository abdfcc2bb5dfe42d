"""Every figure of a small class, against numbers worked out by hand from tests/report/sample.py."""

import pytest

from bot.i18n import language
from bot.report.analysis import Chosen, Progress, Score, State, build_report, footer_text
from bot.report.model import Grading, Person, ReportInput
from tests.report.sample import ANN, BEN, CAL, DEE, EVE, QUESTIONS, TIA, at, attempt, small_class


def test_each_student_is_in_exactly_one_state_with_their_scores_and_times():
    report = build_report(small_class())
    rows = {s.user_id: s for s in report.students}
    assert [s.name for s in report.students] == ["Ann", "Ben", "Cal", "Dee", "Eve"]

    ann = rows[ANN]
    assert (ann.state, ann.retaking, ann.attempts) == (State.FINISHED, True, 3)
    # Best of 1/3 and 2/3; the last finished is also attempt 2; the open retake has 1 of 3 answered.
    assert (ann.counted, ann.best, ann.last) == (Score(2, 3), Score(2, 3), Score(2, 3))
    assert (ann.first_finished_at, ann.last_activity) == (at(5), at(31))
    assert ann.progress == Progress(1, 3)
    assert ann.answers == (Chosen("4", True), Chosen("blue", True), Chosen("y", False))

    ben = rows[BEN]
    # 3 of 4: the answer to the removed question counts in his score, on the version he took.
    assert (ben.state, ben.retaking, ben.counted, ben.best, ben.last) == (
        State.FINISHED,
        False,
        Score(3, 4),
        Score(3, 4),
        Score(3, 4),
    )
    assert ben.answers == (Chosen("5", False), Chosen("blue", True), Chosen("z", True))
    assert (ben.first_finished_at, ben.last_activity, ben.progress) == (at(10), at(10), None)

    cal = rows[CAL]
    assert (cal.state, cal.retaking, cal.attempts, cal.counted, cal.best, cal.last) == (
        State.IN_PROGRESS,
        False,
        1,
        None,
        None,
        None,
    )
    assert (cal.progress, cal.first_finished_at, cal.last_activity) == (Progress(1, 3), None, at(3))
    assert cal.answers == (None, None, None)  # no counted attempt yet
    assert cal.note == "reads with a helper"

    dee = rows[DEE]
    # Best is the first try (3/3); the last finished is the second (1/3).
    assert (dee.state, dee.retaking, dee.counted, dee.best, dee.last) == (
        State.FINISHED,
        False,
        Score(3, 3),
        Score(3, 3),
        Score(1, 3),
    )
    assert (dee.first_finished_at, dee.last_activity) == (at(15), at(25))

    eve = rows[EVE]
    assert (eve.state, eve.attempts, eve.counted, eve.last_activity, eve.note) == (
        State.NOT_STARTED,
        0,
        None,
        None,
        "extra time",
    )

    (tia,) = report.teachers
    assert (tia.user_id, tia.name, tia.state, tia.counted) == (TIA, "Ms Tia", State.FINISHED, Score(0, 3))
    assert (report.count(State.FINISHED), report.count(State.IN_PROGRESS)) == (3, 1)
    assert (report.count(State.NOT_STARTED), report.retaking) == (1, 1)


def test_question_figures_count_each_finished_student_once_by_the_best_attempt():
    report = build_report(small_class())
    # Counted: Ann #2 (4, blue, y), Ben #1 (5, blue, z), Dee #1 (4, blue, z). Not Cal (unfinished),
    # not Ann's open retake (3), not the teacher (3, red, x), not Ben's answer to the removed question.
    q1, q2, q3 = report.questions
    assert [q.number for q in report.questions] == [1, 2, 3]
    assert (q1.answered, q1.right) == (3, 2)
    assert q1.facility == pytest.approx(2 / 3)
    assert [(o.text, o.count, o.right) for o in q1.options] == [
        ("3", 0, False),
        ("4", 2, True),
        ("5", 1, False),
    ]
    assert [o.share for o in q1.options] == pytest.approx([0, 2 / 3, 1 / 3])
    assert (q1.most_chosen_wrong.text, q1.most_chosen_wrong.count) == ("5", 1)
    assert (q2.answered, q2.right, q2.facility, q2.most_chosen_wrong) == (3, 3, 1.0, None)
    assert [o.count for o in q2.options] == [0, 3]
    assert (q3.right, [o.count for o in q3.options], q3.most_chosen_wrong.text) == (2, [0, 1, 2], "y")
    # Fewer than 5 counted attempts: no discrimination, and so no flag.
    assert all(q.discrimination is None and not q.flagged for q in report.questions)
    assert all(q.other == 0 for q in report.questions)
    # (2/3 + 3/4 + 3/3) / 3 = 29/36
    assert report.average_percent == pytest.approx(100 * 29 / 36)
    assert "by their best finished attempt" in report.footer
    assert "teachers are not counted" in report.footer
    assert "not started" in report.footer


def test_the_last_finished_attempt_counts_when_the_quiz_grades_by_last():
    report = build_report(small_class(Grading.LAST))
    rows = {s.user_id: s for s in report.students}
    assert (rows[ANN].counted, rows[DEE].counted, rows[DEE].best) == (Score(2, 3), Score(1, 3), Score(3, 3))
    # Counted: Ann #2 (4, blue, y), Ben #1 (5, blue, z), Dee #2 (4, red, y).
    assert [q.right for q in report.questions] == [2, 2, 1]
    assert [o.count for o in report.questions[2].options] == [0, 2, 1]
    assert "by their latest finished attempt" in report.footer


def test_the_first_finished_attempt_counts_when_the_quiz_grades_by_first():
    report = build_report(small_class(Grading.FIRST))
    rows = {s.user_id: s for s in report.students}
    assert (rows[ANN].counted, rows[DEE].counted) == (Score(1, 3), Score(3, 3))
    # Counted: Ann #1 (4, red, x), Ben #1 (5, blue, z), Dee #1 (4, blue, z).
    assert [q.right for q in report.questions] == [2, 2, 2]


def test_without_a_roster_nobody_is_not_started_and_the_footer_does_not_mention_it():
    data = small_class()
    report = build_report(
        ReportInput(data.title, data.questions, data.grading, data.people, data.attempts, None)
    )
    assert EVE not in {s.user_id for s in report.students}
    assert report.count(State.NOT_STARTED) == 0
    assert not report.roster_known
    assert "not started" not in report.footer


def test_someone_with_an_attempt_but_no_name_is_shown_as_unknown_never_by_id():
    data = ReportInput("t", QUESTIONS, Grading.BEST, (), (attempt(42, 1, {"a": "4"}, 0, None),), None)
    (row,) = build_report(data).students
    assert (row.user_id, row.name) == (42, "Unknown student")


def test_a_teacher_on_the_roster_without_attempts_is_neither_a_student_nor_listed():
    data = ReportInput("t", QUESTIONS, Grading.BEST, (Person(7, "Sir", is_teacher=True),), (), frozenset({7}))
    report = build_report(data)
    assert (report.students, report.teachers) == ((), ())


def test_an_option_reworded_since_counts_as_answered_but_under_other():
    data = ReportInput(
        "t",
        QUESTIONS,
        Grading.BEST,
        (Person(1, "A", is_teacher=False),),
        (attempt(1, 1, {"b": "sky blue"}, 0, 5, total=1),),
        None,
    )
    q2 = build_report(data).questions[1]
    assert (q2.answered, q2.other, [o.count for o in q2.options]) == (1, 1, [0, 0])


def test_an_empty_class_has_empty_figures():
    report = build_report(ReportInput("t", QUESTIONS, Grading.BEST, (), (), frozenset()))
    assert report.students == ()
    assert report.average_percent is None
    assert all(q.answered == 0 and q.facility is None for q in report.questions)


def test_the_footer_rule_in_the_teachers_language():
    spanish = footer_text(Grading.LAST, roster_known=True, lang=language("es-ES"))
    assert spanish.startswith("Estados: sin empezar: tiene el rol de la clase y ningún intento; a medias:")
    assert "por su último intento terminado" in spanish
    assert footer_text(Grading.LAST, roster_known=True) == build_report(small_class(Grading.LAST)).footer
