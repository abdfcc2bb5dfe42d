"""Files shaped for a school gradebook's own import: Moodle's grade import and Canvas's gradebook CSV.

Their headers are the ones each system reads, so they are in English whatever the teacher's
language; a student is matched by the school id and email the report was given (see SchoolId).
UTF-8 without a byte-order mark and commas, as both importers read by default.

Moodle (Grades → Import → CSV file): it stops the whole import at the first row whose student it
cannot find, so only students with a school id number or an email are written. The teacher maps
"ID number" to "ID number" (or "Email address" to "Email address") and the quiz's column to a new
or existing grade item; the grade is the counted score in % (0-100, Moodle's default maximum),
and "-" (Moodle's "no grade") for a student who has not finished.

Canvas (Grades → Import): the first five columns are Canvas's student columns; Canvas matches a
row by "SIS User ID", then "SIS Login ID", then by name. The quiz's column has a "Points
Possible" row under it, so Canvas makes a new assignment out of the question count; the grade is
the counted score in points, empty for a student who has not finished.
"""

from __future__ import annotations

import csv
import io
import re
from enum import StrEnum

from bot.report.analysis import ClassReport, Score, StudentRow
from bot.report.files import safe_text

MOODLE_COLUMNS = ("ID number", "Email address", "Name")
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "Points Possible"
# Canvas reads "Title (123)" as the assignment with id 123: a title ending so is bracketed instead.
_CANVAS_ID_SUFFIX = re.compile(r"\((\d+)\)\s*$")


class Gradebook(StrEnum):
    MOODLE = "moodle"
    CANVAS = "canvas"


def _encode(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _number(value: float) -> str:
    # A dot for decimals and no more than two of them: both importers read that in any locale.
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _column(report: ClassReport) -> str:
    return " ".join(report.title.split()) or "Quiz"


def _known(report: ClassReport, row: StudentRow) -> bool:
    school = report.school_id(row.user_id)
    return school.number is not None or school.email is not None


def moodle_csv(report: ClassReport) -> bytes:
    """Moodle's grade import: one row per student the school knows, the counted score in %."""
    rows = [[*MOODLE_COLUMNS, _column(report)]]
    for row in filter(lambda r: _known(report, r), report.students):
        school = report.school_id(row.user_id)
        grade = "-" if row.counted is None else _number(row.counted.percent)
        rows.append(
            [safe_text(school.number or ""), safe_text(school.email or ""), safe_text(row.name), grade]
        )
    return _encode(rows)


def moodle_left_out(report: ClassReport) -> tuple[StudentRow, ...]:
    """The students the Moodle file cannot carry: neither their school id nor their email is known."""
    return tuple(s for s in report.students if not _known(report, s))


def _points(score: Score, out_of: int) -> str:
    # Counted on a lesson version of another length: the same share of today's questions.
    return _number(out_of * score.percent / 100)


def canvas_csv(report: ClassReport) -> bytes:
    """Canvas's gradebook import: every student, the counted score in points, a Points Possible row."""
    out_of = report.out_of
    title = _CANVAS_ID_SUFFIX.sub(r"[\1]", _column(report))
    rows = [[*CANVAS_COLUMNS, title], [CANVAS_POINTS_ROW, "", "", "", "", str(out_of)]]
    for row in report.students:
        school = report.school_id(row.user_id)
        grade = "" if row.counted is None else _points(row.counted, out_of)
        rows.append(
            [
                safe_text(row.name),
                "",
                safe_text(school.number or ""),
                safe_text(school.email or ""),
                "",
                grade,
            ]
        )
    return _encode(rows)


def gradebook_csv(report: ClassReport, kind: Gradebook) -> bytes:
    return moodle_csv(report) if kind is Gradebook.MOODLE else canvas_csv(report)
