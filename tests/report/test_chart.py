"""The chart: a real PNG of about 1200 x 800, not blank, with one bar per question, flags marked."""

import io
import struct
from dataclasses import replace

from matplotlib.colors import to_hex
from matplotlib.image import imread
from matplotlib.patches import Rectangle

from bot.i18n import language
from bot.report.analysis import State, build_report
from bot.report.chart import (
    BAR,
    FLAGGED,
    MIN_TO_CHART,
    chart_alt_text,
    chart_figure,
    chart_png,
    question_label,
    score_bins,
    worst_first,
)
from bot.report.model import Grading, Person, ReportInput
from tests.report.sample import EVE, QUESTIONS, attempt, big_class, small_class


def five_finished() -> ReportInput:
    """The small class with Eve and a sixth student finishing: enough to chart.

    Counted: Ann 2/3, Ben 3/4, Dee 3/3, Eve 3/3, Fay 2/3 (average 82%); Q1 right for 3 of 5 (60%).
    """
    data = small_class()
    more = (
        attempt(EVE, 1, {"a": "4", "b": "blue", "c": "z"}, 40, 45),
        attempt(6, 1, {"a": "5", "b": "blue", "c": "z"}, 40, 45),
    )
    return replace(
        data, people=(*data.people, Person(6, "Fay", is_teacher=False)), attempts=data.attempts + more
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_png_is_about_1200_by_800_and_not_blank():
    data = chart_png(build_report(big_class(60)))
    assert data is not None
    width, height = png_size(data)
    assert 1100 <= width <= 1300
    assert 700 <= height <= 900
    pixels = imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (height, width)
    colours = {tuple(p) for p in pixels[::7, ::7].reshape(-1, pixels.shape[2]).round(2).tolist()}
    assert len(colours) > 10


def test_one_bar_per_question_worst_first_and_flagged_ones_marked_twice():
    report = build_report(big_class(60))
    assert any(q.flagged for q in report.questions)  # the sample is random enough to have some
    facility_axes = chart_figure(report).axes[0]
    bars = facility_axes.patches
    assert len(bars) == len(report.questions) == 15
    ordered = worst_first(report.questions)
    facilities = [q.facility or 0.0 for q in ordered]
    assert facilities == sorted(facilities)
    labels = [t.get_text() for t in facility_axes.get_yticklabels()]
    assert labels == [question_label(q) for q in ordered]
    assert labels[0].startswith(f"Q{ordered[0].number} Question {ordered[0].number}:")
    assert all(len(label) <= 24 and label.endswith(("…", "?")) for label in labels)
    assert facility_axes.get_xlim() == (0, 100)  # the axis stops at 100%
    texts = [t.get_text() for t in facility_axes.texts]
    for bar, question, text in zip(bars, ordered, texts, strict=True):
        assert isinstance(bar, Rectangle)
        assert to_hex(bar.get_facecolor()) == (FLAGGED if question.flagged else BAR)
        # Not colour alone: a hatch and the word.
        assert (bar.get_hatch() == "//") is question.flagged
        assert ("flagged" in text) is question.flagged
        assert question.facility is not None
        assert bar.get_width() == 100 * question.facility


def test_score_spread_has_one_bar_per_possible_score():
    report = build_report(small_class())
    # Counted scores 2/3, 3/4 and 3/3: the totals differ, so the spread is in tenths of a share.
    bins = score_bins(report)
    assert bins.labels == ("0", "10", "20", "30", "40", "50", "60", "70", "80", "90")
    assert bins.counts == (0, 0, 0, 0, 0, 0, 1, 1, 0, 1)
    assert bins.axis == "share right, % (in tens)"
    big = build_report(big_class(60))
    bins = score_bins(big)
    assert bins.labels == tuple(str(n) for n in range(16))
    assert sum(bins.counts) == len(big.counted_scores)
    assert bins.axis == "score out of 15"
    assert len(chart_figure(big).axes[1].patches) == 16


def test_the_chart_shows_how_far_the_class_got():
    report = build_report(big_class(60))
    completion = chart_figure(report).axes[2]
    finished, going, waiting = (bar.get_width() for bar in completion.patches if isinstance(bar, Rectangle))
    assert (finished, going, waiting) == tuple(report.count(s) for s in State)[::-1]
    assert completion.get_title() == f"{finished} finished · {going} in progress · {waiting} not started"


def test_too_few_finished_students_get_a_line_instead_of_a_chart():
    report = build_report(small_class())  # three have finished
    assert report.count(State.FINISHED) < MIN_TO_CHART
    assert chart_png(report) is None
    assert chart_alt_text(report) == "No chart: 3 students have finished, and a chart needs at least 5."
    spanish = chart_alt_text(report, language("es-ES"))
    assert spanish == "Sin gráfico: han terminado 3 alumnos, y un gráfico necesita al menos 5."


def test_a_figure_for_a_quiz_nobody_finished():
    report = build_report(ReportInput("Nobody yet", QUESTIONS, Grading.BEST, (), (), None))
    figure = chart_figure(report)
    assert len(figure.axes[0].patches) == 3
    assert "Nobody has finished yet" in [t.get_text() for t in figure.axes[1].texts]
    assert chart_png(report) is None
    assert chart_alt_text(report) == "No chart: 0 students have finished, and a chart needs at least 5."


def test_alt_text_is_one_line_naming_lowest_highest_and_flagged():
    text = chart_alt_text(build_report(five_finished()))
    assert "\n" not in text
    assert text == (
        "Chart for Sums and colours: share right on each of 3 questions "
        "(lowest Q1 60%, highest Q2 100%; flagged: Q1, Q3), "
        "and the counted scores of 5 students (average 82%)."
    )
    big = chart_alt_text(build_report(big_class(60)))
    assert "flagged: Q" in big
    assert len(big) < 400


def test_a_spanish_teachers_chart_and_alt_text():
    spanish = language("es-ES")
    report = build_report(five_finished())
    assert chart_alt_text(report, spanish) == (
        "Gráfico de Sums and colours: porcentaje de aciertos en cada una de las 3 preguntas "
        # Babel writes Spanish percentages with a no-break space, so "81 %" never splits across lines.
        "(la más baja, P1, con un 60\u00a0%; la más alta, P2, con un 100\u00a0%; con aviso: P1, P3), "
        "y las notas que cuentan de 5 alumnos (media: 82\u00a0%)."
    )
    figure = chart_figure(report, spanish)
    facility, scores, completion = figure.axes
    assert facility.get_title() == "Aciertos por pregunta"
    assert [t.get_text() for t in facility.get_yticklabels()] == [
        "P1 What is 2 + 2?",
        "P3 Which letter comes…",
        "P2 Which colour is a…",
    ]
    assert scores.get_title() == "Notas que cuentan"
    assert scores.get_xlabel() == "aciertos, % (de diez en diez) · 5 alumnos"  # versions of different length
    assert completion.get_title() == "5 terminados · 1 a medias · 0 sin empezar"
    assert score_bins(build_report(big_class(60)), spanish).axis == "nota sobre 15"
    assert scores.get_ylabel() == "alumnos"
    nobody = build_report(ReportInput("Nadie", QUESTIONS, Grading.BEST, (), (), None))
    assert "Nadie ha terminado todavía" in [t.get_text() for t in chart_figure(nobody, spanish).axes[1].texts]
    flagged = chart_alt_text(build_report(big_class(60)), spanish)
    assert "con aviso: P" in flagged
