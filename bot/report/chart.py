"""The report as a picture: share right per question (worst first), how far the class got, and the
spread of counted scores. Under MIN_TO_CHART finished students there is no picture, only a line
saying so: a bar drawn from one or two students is noise that looks like a finding.

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

from bot.i18n import ENGLISH, Language, first_words, percent, shorten
from bot.report.analysis import ClassReport, State
from bot.report.items import QuestionStats

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 12, 8, 100  # inches at DPI: 1200 x 800 pixels
# Blue and orange stay apart for the common kinds of colour blindness; flagged bars are also hatched
# and labelled, so colour is never the only sign.
BAR, FLAGGED, SCORES = "#2b6cb0", "#dd6b20", "#2f855a"
# Finished, in progress, not started: told apart by the words beside them as well as by colour.
DONE, GOING, WAITING = "#2f855a", "#d69e2e", "#a0aec0"
_TITLE = 60
_LABEL = 24  # a question's label: its number and the first words of its prompt
MIN_TO_CHART = 5


def enough_to_chart(report: ClassReport) -> bool:
    return report.count(State.FINISHED) >= MIN_TO_CHART


@dataclass(frozen=True, slots=True)
class ScoreBins:
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    axis: str  # what the labels measure


def score_bins(report: ClassReport, lang: Language = ENGLISH) -> ScoreBins:
    """Counted scores: one bar per score when all share a total, else one per tenth of a share."""
    scores = report.counted_scores
    totals = {s.total for s in scores} or {report.out_of}
    if len(totals) == 1:
        (total,) = totals
        points = Counter(int(s.points) for s in scores)  # a part mark (5.5) sits in its whole number's bar
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
    return max(9.0, min(13.0, 420 / max(count, 1)))


def _q(number: int, lang: Language) -> str:
    return lang("report.q", number=number)


def question_label(question: QuestionStats, lang: Language = ENGLISH) -> str:
    """ "Q3 Which letter comes…": the number and the prompt's first words, so a bar says what it is."""
    return first_words(f"{_q(question.number, lang)} {question.prompt}", _LABEL)


def worst_first(questions: tuple[QuestionStats, ...]) -> list[QuestionStats]:
    """From the lowest share right; questions nobody answered go last, in lesson order."""
    return sorted(questions, key=lambda q: (q.facility is None, q.facility or 0.0, q.number))


def _facility(axes: Axes, report: ClassReport, lang: Language) -> None:
    questions = worst_first(report.questions)
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
        middle = bar.get_y() + bar.get_height() / 2
        if height > 70:  # the words go inside a long bar, so the axis can stop at 100%
            axes.text(height - 1.5, middle, text, va="center", ha="right", fontsize=size, color="white")
        else:
            axes.text(height + 1.5, middle, text, va="center", fontsize=size)
    axes.set_yticks(positions, [question_label(q, lang) for q in questions], fontsize=size)
    axes.invert_yaxis()  # the worst at the top
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"], fontsize=14)
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


def _completion(axes: Axes, report: ClassReport, lang: Language) -> None:
    parts = [
        (
            report.count(State.FINISHED),
            DONE,
            lang("report.finished", count=report.count(State.FINISHED)),
        ),
        (
            report.count(State.IN_PROGRESS),
            GOING,
            lang("report.in_progress", count=report.count(State.IN_PROGRESS)),
        ),
    ]
    if report.roster_known:
        waiting = report.count(State.NOT_STARTED)
        parts.append((waiting, WAITING, lang("report.not_started", count=waiting)))
    left = 0
    for count, colour, _ in parts:
        axes.barh([0], [count], left=left, color=colour, height=0.8)
        left += count
    axes.set_xlim(0, max(left, 1))
    axes.set_axis_off()
    # The words carry the numbers; the colours, in the same order, only echo them.
    axes.set_title(" · ".join(words for _, _, words in parts), fontsize=11)


def chart_figure(report: ClassReport, lang: Language = ENGLISH) -> Figure:
    """The chart as a Figure, before it is saved (tests count its bars).

    Its axes, in order: share right per question, counted scores, how far the class got.
    """
    from matplotlib.figure import Figure  # noqa: PLC0415 -- slow to import; only the chart needs it

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    # Fixed margins: a layout engine measures every label and would double the time the chart takes.
    grid = figure.add_gridspec(
        2, 2, width_ratios=(3, 2), height_ratios=(1, 6), left=0.22, right=0.98, top=0.87, bottom=0.11,
        wspace=0.2, hspace=0.35,
    )  # fmt: skip
    facility = figure.add_subplot(grid[:, 0])
    scores = figure.add_subplot(grid[1, 1])
    completion = figure.add_subplot(grid[0, 1])
    figure.suptitle(shorten(report.title, _TITLE), fontsize=22, fontweight="bold")
    _facility(facility, report, lang)
    _scores(scores, report, lang)
    _completion(completion, report, lang)
    return figure


def chart_png(report: ClassReport, lang: Language = ENGLISH) -> bytes | None:
    """The chart as PNG bytes, about 1200 x 800 pixels; None with too few finished students to chart."""
    if not enough_to_chart(report):
        return None
    buffer = io.BytesIO()
    chart_figure(report, lang).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_alt_text(report: ClassReport, lang: Language = ENGLISH) -> str:
    """One line describing the chart for screen readers, or saying why there is none."""
    if not enough_to_chart(report):
        return lang("report.alt.too_few", count=report.count(State.FINISHED), fewest=MIN_TO_CHART)
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
