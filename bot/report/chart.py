"""The report as a picture: facility per question and the spread of counted scores.

matplotlib is imported inside the functions: it takes about half a second to import, which
nothing but the chart should pay. The Figure is drawn on Agg directly, without pyplot, so no
global state is shared between reports drawn at the same time.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING

from bot.report.analysis import ClassReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 12, 8, 100  # inches at DPI: 1200 x 800 pixels
# Blue and orange stay apart for the common kinds of colour blindness; flagged bars are also hatched
# and labelled, so colour is never the only sign.
BAR, FLAGGED, SCORES, EMPTY = "#2b6cb0", "#dd6b20", "#2f855a", "#a0aec0"
_TITLE = 60


def score_bins(report: ClassReport) -> list[tuple[str, int]]:
    """Counted scores as (label, students): one bar per score when all share a total, else by 10 %."""
    scores = report.counted_scores
    totals = {s.total for s in scores} or {len(report.questions)}
    if len(totals) == 1:
        (total,) = totals
        found = Counter(s.points for s in scores)
        return [(str(points), found[points]) for points in range(total + 1)]
    # Attempts on lesson versions of different length: only shares compare.
    found = Counter(min(int(s.percent // 10), 9) for s in scores)
    return [(f"{10 * b}–{10 * b + 9 if b < 9 else 100}%", found[b]) for b in range(10)]


def _label_size(count: int) -> float:
    # Large enough to read on a phone, shrinking only when many questions must fit one above another.
    return max(9.0, min(18.0, 420 / max(count, 1)))


def chart_figure(report: ClassReport) -> Figure:
    """The chart as a Figure, before it is saved (tests count its bars)."""
    from matplotlib.figure import Figure  # noqa: PLC0415 -- slow to import; only the chart needs it
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=(3, 2))
    title = report.title if len(report.title) <= _TITLE else report.title[: _TITLE - 1] + "…"
    figure.suptitle(title, fontsize=22, fontweight="bold")

    questions = report.questions
    size = _label_size(len(questions))
    positions = list(range(len(questions)))
    heights = [100 * (q.facility or 0.0) for q in questions]
    colours = [FLAGGED if q.flagged else BAR for q in questions]
    bars = left.barh(positions, heights, color=colours, height=0.7)
    for bar, question in zip(bars, questions, strict=True):
        if question.flagged:
            bar.set_hatch("//")
            bar.set_edgecolor("black")
    for position, question, height in zip(positions, questions, heights, strict=True):
        if question.facility is None:
            text = "no answers"
        else:
            text = f"{height:.0f}%" + ("  ⚑ flagged" if question.flagged else "")
        left.text(height + 1.5, position, text, va="center", fontsize=size)
    left.set_yticks(positions, [f"Q{q.number}" for q in questions], fontsize=size)
    left.invert_yaxis()  # Q1 at the top, in lesson order
    left.set_xlim(0, 135)  # room for the labels right of a full bar
    left.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"], fontsize=16)
    left.set_title("Share right per question", fontsize=20)
    left.spines[["top", "right"]].set_visible(False)

    bins = score_bins(report)
    counts = [count for _, count in bins]
    columns = right.bar(range(len(bins)), counts, color=SCORES if any(counts) else EMPTY)
    if len(bins) <= 16:  # past that the counts overlap; the axis still reads
        right.bar_label(columns, [str(c) if c else "" for c in counts], fontsize=14)
    shares = "%" in bins[0][0]
    # Every score keeps its bar, but only about 11 labels fit side by side at a size a phone shows.
    step = 1 if shares else -(-len(bins) // 11)
    labels = [label if n % step == 0 else "" for n, (label, _) in enumerate(bins)]
    right.set_xticks(range(len(bins)), labels, fontsize=14)
    if shares:
        right.tick_params(axis="x", labelrotation=90)
    right.tick_params(axis="y", labelsize=14)
    right.yaxis.set_major_locator(MaxNLocator(integer=True))  # students come whole
    right.set_title("Counted scores", fontsize=20)
    scale = "share right" if shares else f"score out of {len(bins) - 1}"
    right.set_xlabel(f"{scale} · {len(report.counted_scores)} students", fontsize=16)
    right.set_ylabel("students", fontsize=16)
    right.spines[["top", "right"]].set_visible(False)
    if not any(counts):
        right.text(0.5, 0.5, "Nobody has finished yet", transform=right.transAxes, ha="center", fontsize=18)
    return figure


def chart_png(report: ClassReport) -> bytes:
    """The chart as PNG bytes, about 1200 x 800 pixels."""
    buffer = io.BytesIO()
    chart_figure(report).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_alt_text(report: ClassReport) -> str:
    """One line describing the chart, for screen readers."""
    answered = [q for q in report.questions if q.facility is not None]
    parts = [f"Chart for {report.title}: share right on each of {len(report.questions)} questions"]
    if answered:
        low = min(answered, key=lambda q: q.facility or 0.0)
        high = max(answered, key=lambda q: q.facility or 0.0)
        parts.append(
            f" (lowest Q{low.number} {100 * (low.facility or 0):.0f}%, "
            f"highest Q{high.number} {100 * (high.facility or 0):.0f}%"
        )
        flagged = [f"Q{q.number}" for q in report.questions if q.flagged]
        if flagged:
            shown = ", ".join(flagged[:5]) + (f" and {len(flagged) - 5} more" if len(flagged) > 5 else "")
            parts.append(f"; flagged: {shown}")
        parts.append(")")
    scores = report.counted_scores
    if scores:
        average = report.average_percent or 0.0
        parts.append(f", and the counted scores of {len(scores)} students (average {average:.0f}%).")
    else:
        parts.append("; nobody has finished yet.")
    return "".join(parts)
