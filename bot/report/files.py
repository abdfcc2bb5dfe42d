"""The CSV files a teacher takes away: one row per student, and one row per question.

UTF-8 with a byte-order mark and CRLF rows, which is what Excel needs to read names in any
script; Google Sheets and LibreOffice read the same file. One layout in every language: commas
between cells, a dot in decimals; headers and words are in the teacher's language (English for
`python -m bot report`). A spreadsheet set to a comma-decimal locale should open the .xlsx instead.

Ids are written as ="…": Excel, LibreOffice Calc and Google Sheets all read that as the text
inside, so a 19-digit Discord id keeps every digit (as a plain number it becomes 1.57848E+18
and loses digits on save). A leading tab keeps the digits too, but stays in the value, so a
copied id carries an invisible tab into the next system.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.i18n import ENGLISH, Language
from bot.report.analysis import ClassReport, Score, StudentRow, note_text
from bot.report.items import FLAG_BELOW, QuestionStats
from bot.report.model import SchoolId

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading quote keeps it from being run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def id_text(value: str) -> str:
    """An id as a formula giving the text inside: every spreadsheet keeps it digit for digit."""
    return '="' + value.replace('"', '""') + '"'


def read_id(cell: str) -> str:
    """The id inside a cell written by id_text, as a program reading the CSV back gets it."""
    if cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1].replace('""', '"')
    return cell


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    # Without the "T" and the offset, Excel and Sheets read it as a date and time.
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _points(score: Score | None) -> str:
    return "" if score is None else str(score.points)


def _percent(score: Score | None) -> str:
    return "" if score is None else f"{score.percent:.1f}"


def _one(value: bool) -> str:
    # 1 or 0 rather than words: a column of them adds up to a count in any spreadsheet.
    return "1" if value else "0"


def _encode(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


STUDENT_COLUMNS = (
    "name", "user_id", "school_id", "email", "state", "attempts", "counted", "out_of", "percent", "best",
    "last", "first_finished", "last_activity",
)  # fmt: skip
QUESTION_COLUMNS = ("number", "prompt", "answer", "answered", "right", "facility", "discrimination", "flag")


def student_header(report: ClassReport, lang: Language = ENGLISH) -> list[str]:
    header = [lang(f"report.csv.{column}") for column in STUDENT_COLUMNS]
    for question in report.questions:
        header += [
            lang("report.csv.chosen", number=question.number),
            lang("report.csv.correct", number=question.number),
        ]
    return [*header, lang("report.csv.retaking"), lang("report.csv.note")]


def _student(row: StudentRow, school: SchoolId, lang: Language) -> list[str]:
    cells = [
        safe_text(row.name),
        id_text(str(row.user_id)),
        "" if school.number is None else id_text(school.number),
        "" if school.email is None else safe_text(school.email),
        lang(f"report.state.{row.state.name.lower()}"),
        str(row.attempts),
        _points(row.counted),
        "" if row.counted is None else str(row.counted.total),
        _percent(row.counted),
        _points(row.best),
        _points(row.last),
        _when(row.first_finished_at),
        _when(row.last_activity),
    ]
    for chosen in row.answers:
        if chosen is None:
            cells += ["", ""]
        else:
            cells += [safe_text(chosen.text), _one(chosen.correct)]
    return [*cells, _one(row.retaking), safe_text(note_text(row, lang))]


def students_csv(report: ClassReport, lang: Language = ENGLISH) -> bytes:
    """One row per student (teachers are left out), answers from each one's counted attempt."""
    rows = (_student(s, report.school_id(s.user_id), lang) for s in report.students)
    return _encode([student_header(report, lang), *rows])


def question_header(report: ClassReport, lang: Language = ENGLISH) -> list[str]:
    widest = max((len(q.options) for q in report.questions), default=0)
    which = lang(f"report.csv.which.{report.grading.value}")
    header = [lang(f"report.csv.{column}", which=which, flag=FLAG_BELOW) for column in QUESTION_COLUMNS]
    header += [lang("report.csv.most_wrong"), lang("report.csv.most_wrong_count")]
    for n in range(1, widest + 1):
        header += [lang("report.csv.option", number=n), lang("report.csv.option_count", number=n)]
    banked = [lang("report.csv.bank")] if any(q.bank for q in report.questions) else []
    return [*header, lang("report.csv.other"), *banked]


def _question(question: QuestionStats, widest: int, lang: Language) -> list[str]:
    wrong = question.most_chosen_wrong
    cells = [
        str(question.number),
        safe_text(question.prompt),
        safe_text(question.answer),
        str(question.answered),
        str(question.right),
        "" if question.facility is None else f"{100 * question.facility:.1f}",
        "" if question.discrimination is None else f"{question.discrimination:.3f}",
        _one(question.flagged),
        "" if wrong is None else safe_text(wrong.text),
        "" if wrong is None else str(wrong.count),
    ]
    for option in question.options:
        cells += [safe_text(option.text), str(option.count)]
    cells += ["", ""] * (widest - len(question.options))
    return [*cells, str(question.other)]


def questions_csv(report: ClassReport, lang: Language = ENGLISH) -> bytes:
    """One row per question in lesson order: the item analysis in full. A lesson with banks adds the
    bank each question is drawn from: its `answered` counts the attempts that drew it."""
    widest = max((len(q.options) for q in report.questions), default=0)
    banked = any(q.bank for q in report.questions)
    rows = ([*_question(q, widest, lang), *([safe_text(q.bank)] if banked else [])] for q in report.questions)
    return _encode([question_header(report, lang), *rows])
