"""The .xlsx, read back with openpyxl: a sheet per table, ids as text, numbers as numbers."""

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot.i18n import language
from bot.report.analysis import build_report
from bot.report.files import read_id, students_csv
from bot.report.model import Person, SchoolId
from bot.report.workbook import report_xlsx
from tests.report.sample import ANN, CAL, DEE, EVE, small_class

Cells = list[Any]

BIG_ID = 1578476031310823424  # a real-sized Discord id: 19 digits, past what a double keeps


def sheets(data: bytes) -> dict[str, list[Cells]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows()] for sheet in book.worksheets}


def by_header(rows: list[Cells]) -> list[dict[Any, Any]]:
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def big_id_class():
    data = small_class()
    people = tuple(
        Person(BIG_ID if p.user_id == ANN else p.user_id, p.name, p.is_teacher) for p in data.people
    )
    attempts = tuple(replace(a, user_id=BIG_ID) if a.user_id == ANN else a for a in data.attempts)
    roster = frozenset(BIG_ID if u == ANN else u for u in data.roster or ())
    return replace(
        data, people=people, attempts=attempts, roster=roster, school_ids={BIG_ID: SchoolId("007")}
    )


def test_each_cell_has_its_type():
    found = sheets(report_xlsx(build_report(big_id_class())))
    assert list(found) == ["Students", "Questions"]
    students = {c["user id"].value: c for c in by_header(found["Students"])}
    ann = students[str(BIG_ID)]
    assert ann["user id"].data_type == "s"  # text: every digit kept
    assert (ann["school id"].value, ann["school id"].data_type) == ("007", "s")
    assert (ann["counted score"].value, ann["out of"].value) == (2, 3)
    assert ann["counted score"].data_type == "n"
    assert ann["%"].value == pytest.approx(2 / 3)
    assert ann["%"].number_format == "0.0%"
    assert [ann[f"Q{n} right (1/0)"].value for n in (1, 2, 3)] == [1, 1, 0]
    assert ann["retaking (1/0)"].value == 1
    assert isinstance(ann["first finished at (UTC)"].value, datetime)
    eve = students[str(EVE)]
    assert (eve["counted score"].value, eve["%"].value, eve["state"].value) == (None, None, "not started")
    questions = by_header(found["Questions"])
    assert [q["number"].value for q in questions] == [1, 2, 3]
    q1 = questions[0]
    assert q1["facility (% right)"].value == pytest.approx(2 / 3)
    assert q1["facility (% right)"].number_format == "0.0%"
    assert q1["prompt"].value == "What is 2 + 2?"


def test_a_formula_in_a_name_is_text_never_run():
    data = small_class()
    people = tuple(replace(p, name="=1+1") if p.user_id == DEE else p for p in data.people)
    found = sheets(report_xlsx(build_report(replace(data, people=people))))
    dee = next(c for c in by_header(found["Students"]) if c["user id"].value == str(DEE))
    assert (dee["name"].value, dee["name"].data_type) == ("=1+1", "s")


def test_sheet_names_are_in_the_teachers_language():
    found = sheets(report_xlsx(build_report(small_class()), language("es-ES")))
    assert list(found) == ["Alumnos", "Preguntas"]
    cal = next(c for c in by_header(found["Alumnos"]) if c["id de usuario"].value == str(CAL))
    assert cal["estado"].value == "a medias"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Calc is not installed")
def test_libreoffice_reads_the_csv_ids_digit_for_digit(tmp_path: Path):
    """A real spreadsheet engine opens the CSV: the 19-digit id arrives as the same text."""
    source = tmp_path / "students.csv"
    source.write_bytes(students_csv(build_report(big_id_class())))
    profile = (tmp_path / "profile").as_uri()
    # Comma-separated, double quotes, UTF-8 (76), from line 1: how a teacher's Calc opens the file.
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=CSV:44,34,76,1"]
    command += ["--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    book = openpyxl.load_workbook(tmp_path / "students.xlsx", data_only=True)
    rows = by_header([list(r) for r in book.active.iter_rows()])
    ids = {c["user id"].value for c in rows}
    assert str(BIG_ID) in ids
    ann = next(c for c in rows if c["user id"].value == str(BIG_ID))
    assert ann["school id"].value == "007"  # leading zeros kept
    assert ann["counted score"].value == 2  # a number stays a number
    assert read_id(f'="{BIG_ID}"') == str(BIG_ID)
