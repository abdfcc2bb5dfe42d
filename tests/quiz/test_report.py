"""Class report and student progress, computed from plain attempt rows."""

from bot.quiz.report import AttemptRow, State, class_report, student_lines


def row(user, number, results, finished=None, total=3, lesson="l"):
    done = len(results) == total if finished is None else finished
    return AttemptRow(user, lesson, number, total, done, results)


def test_student_line_shows_latest_state_and_best_finished_score():
    rows = [
        row(1, 1, [(0, True), (1, True), (2, True)]),
        row(1, 2, [(0, False)]),
    ]
    (line,) = student_lines(rows)
    assert line.state is State.IN_PROGRESS
    assert (line.answered, line.total, line.best_score, line.attempts) == (1, 3, 3, 2)


def test_student_who_never_finished_has_no_best_score():
    (line,) = student_lines([row(1, 1, [(0, True)])])
    assert line.best_score is None


def test_each_question_share_counts_each_student_once_by_their_best_finished_attempt():
    rows = [
        row(1, 1, [(0, False), (1, False), (2, False)]),
        row(1, 2, [(0, True), (1, True), (2, False)]),  # best: counts
        row(2, 1, [(0, True)]),  # unfinished: their latest counts
        row(3, 1, [(2, True), (0, False), (1, False)]),
    ]
    report = class_report(rows, 3)
    shares = [(q.right, q.answered) for q in report.questions]
    assert shares == [(2, 3), (1, 2), (1, 2)]
    assert len(report.students) == 3


def test_report_with_no_attempts():
    report = class_report([], 2)
    assert report.students == ()
    assert [(q.right, q.answered) for q in report.questions] == [(0, 0), (0, 0)]


def test_answers_to_questions_no_longer_in_the_lesson_are_ignored():
    report = class_report([row(1, 1, [(0, True), (5, True)], finished=True)], 3)
    assert [(q.right, q.answered) for q in report.questions] == [(1, 1), (0, 0), (0, 0)]
