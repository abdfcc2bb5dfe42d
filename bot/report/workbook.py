"""The report as an Excel workbook: a sheet per table, each cell of its own type.

A CSV leaves the reading of every cell to the spreadsheet's locale; in an .xlsx an id is text, a
score a number and a share a percentage whatever language Excel runs in. Written with openpyxl in
write-only mode, which streams rows instead of building every cell as an object first. openpyxl is
imported inside the function: only the report pays for it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.i18n import ENGLISH, Language
from bot.report.analysis import ClassReport, Score, StudentRow, note_text
from bot.report.files import question_header, student_header
from bot.report.items import QuestionStats

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

PERCENT = "0.0%"
WHEN = "yyyy-mm-dd hh:mm:ss"
# Characters a sheet's name may not hold, and its longest length, in Excel.
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
_SHEET_NAME = 31


class _Cells:
    """Makes the typed cells of one sheet; plain values go in as they are, which is fastest."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 -- see the module's docstring

        self._sheet = sheet
        self._cell = WriteOnlyCell

    def text(self, value: str) -> Any:
        # openpyxl takes a string starting with "=" for a formula: say it is text, so it is shown, never run.
        if not value.startswith("="):
            return value
        cell = self._cell(self._sheet, value)
        cell.data_type = "s"
        return cell

    def formatted(self, value: float | datetime | None, number_format: str) -> Any:
        if value is None:
            return None
        cell = self._cell(self._sheet, value)
        cell.number_format = number_format
        return cell


def _when(moment: datetime | None) -> datetime | None:
    # Excel has no time zones: times are written in UTC, as the header says, without an offset.
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _share(score: Score | None) -> float | None:
    return None if score is None else score.percent / 100


def _student(row: StudentRow, report: ClassReport, cells: _Cells, lang: Language) -> list[Any]:
    school = report.school_id(row.user_id)
    counted = row.counted
    values: list[Any] = [
        cells.text(row.name),
        str(row.user_id),  # text: a 19-digit id is past the 15 digits Excel keeps of a number
        None if school.number is None else cells.text(school.number),
        None if school.email is None else cells.text(school.email),
        lang(f"report.state.{row.state.name.lower()}"),
        row.attempts,
        None if counted is None else counted.points,
        None if counted is None else counted.total,
        cells.formatted(_share(counted), PERCENT),
        None if row.best is None else row.best.points,
        None if row.last is None else row.last.points,
        cells.formatted(_when(row.first_finished_at), WHEN),
        cells.formatted(_when(row.last_activity), WHEN),
    ]
    for chosen in row.answers:
        values += [None, None] if chosen is None else [cells.text(chosen.text), int(chosen.correct)]
    note = note_text(row, lang)
    return [*values, int(row.retaking), cells.text(note) if note else None]


def _question(question: QuestionStats, widest: int, cells: _Cells) -> list[Any]:
    wrong = question.most_chosen_wrong
    values: list[Any] = [
        question.number,
        cells.text(question.prompt),
        cells.text(question.answer),
        question.answered,
        question.right,
        cells.formatted(question.facility, PERCENT),
        None if question.discrimination is None else round(question.discrimination, 3),
        int(question.flagged),
        None if wrong is None else cells.text(wrong.text),
        None if wrong is None else wrong.count,
    ]
    for option in question.options:
        values += [cells.text(option.text), option.count]
    values += [None, None] * (widest - len(question.options))
    return [*values, question.other]


def _sheet_name(name: str) -> str:
    return name.translate(_NOT_IN_SHEET_NAMES)[:_SHEET_NAME]


def _fill(sheet: WriteOnlyWorksheet, header: list[str], rows: Iterable[list[Any]]) -> None:
    sheet.freeze_panes = "B2"  # the header and the names stay in view while scrolling
    sheet.append(header)
    for row in rows:
        sheet.append(row)


def report_xlsx(report: ClassReport, lang: Language = ENGLISH) -> bytes:
    """The students' and the questions' tables, one sheet each, as .xlsx bytes."""
    from openpyxl import Workbook  # noqa: PLC0415 -- see the module's docstring

    book = Workbook(write_only=True)
    students = book.create_sheet(_sheet_name(lang("report.xlsx.students")))
    cells = _Cells(students)

    def student_rows() -> Iterator[list[Any]]:
        for row in report.students:
            yield _student(row, report, cells, lang)

    _fill(students, student_header(report, lang), student_rows())
    questions = book.create_sheet(_sheet_name(lang("report.xlsx.questions")))
    widest = max((len(q.options) for q in report.questions), default=0)
    cells = _Cells(questions)
    banked = any(q.bank for q in report.questions)
    rows = ([*_question(q, widest, cells), *([q.bank] if banked else [])] for q in report.questions)
    _fill(questions, question_header(report, lang), rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
