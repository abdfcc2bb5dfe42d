"""The CSV files a teacher takes away: one row per student, and one row per question.

UTF-8 with a byte-order mark and CRLF rows, which is what Excel needs to read names in any
script; Google Sheets and LibreOffice read the same file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.report.analysis import ClassReport, Score, StudentRow
from bot.report.items import QuestionStats

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading quote keeps it from being run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    # Without the "T" and the offset, Excel and Sheets read it as a date and time.
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _points(score: Score | None) -> str:
    return "" if score is None else str(score.points)


def _encode(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def student_header(report: ClassReport) -> list[str]:
    header = [
        "name",
        "user id",
        "state",
        "attempts",
        "counted score",
        "out of",
        "best",
        "last",
        "first finished at (UTC)",
        "last activity (UTC)",
    ]
    for question in report.questions:
        header += [f"Q{question.number} chosen", f"Q{question.number} right"]
    return [*header, "retaking", "note"]


def _student(row: StudentRow) -> list[str]:
    cells = [
        safe_text(row.name),
        str(row.user_id),
        str(row.state),
        str(row.attempts),
        _points(row.counted),
        "" if row.counted is None else str(row.counted.total),
        _points(row.best),
        _points(row.last),
        _when(row.first_finished_at),
        _when(row.last_activity),
    ]
    for chosen in row.answers:
        if chosen is None:
            cells += ["", ""]
        else:
            cells += [safe_text(chosen.text), "yes" if chosen.correct else "no"]
    return [*cells, "yes" if row.retaking else "", safe_text(row.note or "")]


def students_csv(report: ClassReport) -> bytes:
    """One row per student (teachers are left out), answers from each one's counted attempt."""
    return _encode([student_header(report), *(_student(s) for s in report.students)])


def question_header(report: ClassReport) -> list[str]:
    widest = max((len(q.options) for q in report.questions), default=0)
    header = [
        "number",
        "prompt",
        "right answer",
        f"answered (each finished student once, {report.grading} attempt)",
        "right",
        "facility (% right)",
        "discrimination (Moodle's discrimination index: corrected point-biserial)",
        "flag (discrimination below 0.2)",
        "most chosen wrong",
        "most chosen wrong count",
    ]
    for n in range(1, widest + 1):
        header += [f"option {n}", f"option {n} count"]
    return [*header, "other answers (option since reworded)"]


def _question(question: QuestionStats, widest: int) -> list[str]:
    wrong = question.most_chosen_wrong
    cells = [
        str(question.number),
        safe_text(question.prompt),
        safe_text(question.answer),
        str(question.answered),
        str(question.right),
        "" if question.facility is None else f"{100 * question.facility:.1f}",
        "" if question.discrimination is None else f"{question.discrimination:.3f}",
        "flagged" if question.flagged else "",
        "" if wrong is None else safe_text(wrong.text),
        "" if wrong is None else str(wrong.count),
    ]
    for option in question.options:
        cells += [safe_text(option.text), str(option.count)]
    cells += ["", ""] * (widest - len(question.options))
    return [*cells, str(question.other)]


def questions_csv(report: ClassReport) -> bytes:
    """One row per question in lesson order: the item analysis in full."""
    widest = max((len(q.options) for q in report.questions), default=0)
    return _encode([question_header(report), *(_question(q, widest) for q in report.questions)])
