"""The report as a picture: facility per question and the spread of counted scores.

matplotlib is imported inside the functions: it takes about half a second to import, which
nothing but the chart should pay. The Figure is drawn on Agg directly, without pyplot, so no
global state is shared between reports drawn at the same time. Its words and its alt text are in
the teacher's language (English for `python -m bot report`).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.i18n import ENGLISH, Language, percent
from bot.report.analysis import ClassReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 12, 8, 100  # inches at DPI: 1200 x 800 pixels
# Blue and orange stay apart for the common kinds of colour blindness; flagged bars are also hatched
# and labelled, so colour is never the only sign.
BAR, FLAGGED, SCORES = "#2b6cb0", "#dd6b20", "#2f855a"
_TITLE = 60


@dataclass(frozen=True, slots=True)
class ScoreBins:
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    axis: str  # what the labels measure


def score_bins(report: ClassReport, lang: Language = ENGLISH) -> ScoreBins:
    """Counted scores: one bar per score when all share a total, else one per tenth of a share."""
    scores = report.counted_scores
    totals = {s.total for s in scores} or {len(report.questions)}
    if len(totals) == 1:
        (total,) = totals
        points = Counter(s.points for s in scores)
        return ScoreBins(
            tuple(str(p) for p in range(total + 1)),
            tuple(points[p] for p in range(total + 1)),
            lang("report.picture.score_axis", total=total),
        )
    # Attempts on lesson versions of different length: only shares compare.
    tenths = Counter(min(int(s.percent // 10), 9) for s in scores)
    return ScoreBins(
        tuple(str(10 * b) for b in range(10)),
        tuple(tenths[b] for b in range(10)),
        lang("report.picture.share_axis"),
    )


def _label_size(count: int) -> float:
    # Large enough to read on a phone, shrinking only when many questions must fit one above another.
    return max(9.0, min(18.0, 420 / max(count, 1)))


def _q(number: int, lang: Language) -> str:
    return lang("report.q", number=number)


def _facility(axes: Axes, report: ClassReport, lang: Language) -> None:
    questions = report.questions
    size = _label_size(len(questions))
    positions = list(range(len(questions)))
    heights = [100 * (q.facility or 0.0) for q in questions]
    colours = [FLAGGED if q.flagged else BAR for q in questions]
    bars = axes.barh(positions, heights, color=colours, height=0.7)
    for bar, question, height in zip(bars, questions, heights, strict=True):
        if question.flagged:
            bar.set_hatch("//")
            bar.set_edgecolor("black")
        if question.facility is None:
            text = lang("report.picture.no_answers")
        else:
            text = f"{height:.0f}%" + ("  ⚑ " + lang("report.picture.flagged") if question.flagged else "")
        axes.text(height + 1.5, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=size)
    axes.set_yticks(positions, [_q(q.number, lang) for q in questions], fontsize=size)
    axes.invert_yaxis()  # Q1 at the top, in lesson order
    axes.set_xlim(0, 135)  # room for the labels right of a full bar
    axes.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"], fontsize=16)
    axes.set_title(lang("report.picture.facility_title"), fontsize=20)
    axes.spines[["top", "right"]].set_visible(False)


def _scores(axes: Axes, report: ClassReport, lang: Language) -> None:
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415 -- see chart_figure

    bins = score_bins(report, lang)
    spots = range(len(bins.counts))
    columns = axes.bar(spots, bins.counts, color=SCORES)
    if len(spots) <= 16:  # past that the counts overlap; the axis still reads
        axes.bar_label(columns, [str(c) if c else "" for c in bins.counts], fontsize=14)
    # Every score keeps its bar, but only about 11 labels fit side by side at a size a phone shows.
    step = -(-len(spots) // 11)
    axes.set_xticks(
        spots, [label if n % step == 0 else "" for n, label in enumerate(bins.labels)], fontsize=14
    )
    axes.tick_params(axis="y", labelsize=14)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # students come whole
    axes.set_title(lang("report.picture.scores_title"), fontsize=20)
    students = lang("report.picture.students", count=len(report.counted_scores))
    axes.set_xlabel(f"{bins.axis} · {students}", fontsize=16)
    axes.set_ylabel(lang("report.picture.students_axis"), fontsize=16)
    axes.spines[["top", "right"]].set_visible(False)
    if not any(bins.counts):
        nobody = lang("report.picture.nobody")
        axes.text(0.5, 0.5, nobody, transform=axes.transAxes, ha="center", fontsize=18)


def chart_figure(report: ClassReport, lang: Language = ENGLISH) -> Figure:
    """The chart as a Figure, before it is saved (tests count its bars)."""
    from matplotlib.figure import Figure  # noqa: PLC0415 -- slow to import; only the chart needs it

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    # Fixed margins: a layout engine measures every label and would double the time the chart takes.
    figure.subplots_adjust(left=0.07, right=0.98, top=0.87, bottom=0.11, wspace=0.2)
    left, right = figure.subplots(1, 2, width_ratios=(3, 2))
    title = report.title if len(report.title) <= _TITLE else report.title[: _TITLE - 1] + "…"
    figure.suptitle(title, fontsize=22, fontweight="bold")
    _facility(left, report, lang)
    _scores(right, report, lang)
    return figure


def chart_png(report: ClassReport, lang: Language = ENGLISH) -> bytes:
    """The chart as PNG bytes, about 1200 x 800 pixels."""
    buffer = io.BytesIO()
    chart_figure(report, lang).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_alt_text(report: ClassReport, lang: Language = ENGLISH) -> str:
    """One line describing the chart, for screen readers."""
    answered = [q for q in report.questions if q.facility is not None]
    parts = [lang("report.alt.head", title=report.title, count=len(report.questions))]
    if answered:
        low = min(answered, key=lambda q: q.facility or 0.0)
        high = max(answered, key=lambda q: q.facility or 0.0)
        detail = lang(
            "report.alt.range",
            low=_q(low.number, lang),
            low_percent=percent(low.facility or 0),
            high=_q(high.number, lang),
            high_percent=percent(high.facility or 0),
        )
        flagged = [_q(q.number, lang) for q in report.questions if q.flagged]
        if flagged:
            shown = ", ".join(flagged[:5])
            if len(flagged) > 5:
                shown = lang("report.alt.more", shown=shown, count=len(flagged) - 5)
            detail += "; " + lang("report.alt.flagged", questions=shown)
        parts.append(f" ({detail})")
    scores = report.counted_scores
    if scores:
        average = percent((report.average_percent or 0.0) / 100)
        parts.append(", " + lang("report.alt.scores", count=len(scores), average=average) + ".")
    else:
        parts.append("; " + lang("report.alt.nobody") + ".")
    return "".join(parts)
