"""The CSV files, read back as a spreadsheet would: BOM, header row, quoting, names in any script."""

import csv
import io
from dataclasses import replace

from bot.i18n import language, text
from bot.report.analysis import build_report
from bot.report.files import id_text, questions_csv, read_id, safe_text, students_csv
from bot.report.model import Grading, Person, ReportInput, SchoolId
from tests.report.sample import ANN, BEN, CAL, DEE, EVE, QUESTIONS, TIA, attempt, small_class

TRICKY = {
    ANN: 'O\'Brien, "Jo"',
    BEN: "Zoë\nsecond line",
    CAL: "李雷",
    DEE: '=HYPERLINK("http://example.invalid")',
    EVE: "@everyone",
}


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def tricky_class() -> ReportInput:
    data = small_class()
    people = tuple(
        Person(p.user_id, TRICKY.get(p.user_id, p.name), p.is_teacher, p.note) for p in data.people
    )
    return ReportInput(data.title, data.questions, data.grading, people, data.attempts, data.roster)


def test_the_students_file_has_one_row_per_student_with_names_intact():
    rows = read(students_csv(build_report(tricky_class())))
    by_id = {int(read_id(r["user id"])): r for r in rows}
    assert set(by_id) == {ANN, BEN, CAL, DEE, EVE}  # the teacher is left out
    assert TIA not in by_id
    assert by_id[ANN]["name"] == 'O\'Brien, "Jo"'
    assert by_id[BEN]["name"] == "Zoë\nsecond line"
    assert by_id[CAL]["name"] == "李雷"
    # A formula or a leading @ is shown as text, never run.
    assert by_id[DEE]["name"] == '\'=HYPERLINK("http://example.invalid")'
    assert by_id[EVE]["name"] == "'@everyone"


def test_the_students_file_columns_hold_the_report_figures():
    rows = {int(read_id(r["user id"])): r for r in read(students_csv(build_report(small_class())))}
    header = list(rows[ANN])
    assert header[:13] == [
        "name",
        "user id",
        "school id",
        "email",
        "state",
        "attempts",
        "counted score",
        "out of",
        "%",
        "best",
        "last",
        "first finished at (UTC)",
        "last activity (UTC)",
    ]
    assert header[13:] == [
        "Q1 chosen",
        "Q1 right (1/0)",
        "Q2 chosen",
        "Q2 right (1/0)",
        "Q3 chosen",
        "Q3 right (1/0)",
        "retaking (1/0)",
        "note",
    ]
    ann = rows[ANN]
    assert [ann[k] for k in ("state", "attempts", "counted score", "out of", "best", "last")] == [
        "finished",
        "3",
        "2",
        "3",
        "2",
        "2",
    ]
    assert (ann["first finished at (UTC)"], ann["last activity (UTC)"]) == (
        "2026-03-02 10:05:00",
        "2026-03-02 10:31:00",
    )
    assert [ann[f"Q{n} {k}"] for n in (1, 2, 3) for k in ("chosen", "right (1/0)")] == [
        "4",
        "1",
        "blue",
        "1",
        "y",
        "0",
    ]
    assert ann["retaking (1/0)"] == "1"
    assert ann["%"] == "66.7"
    assert [rows[BEN][k] for k in ("counted score", "out of")] == ["3", "4"]
    assert [rows[DEE][k] for k in ("counted score", "best", "last")] == ["3", "3", "1"]
    cal = rows[CAL]
    assert [cal[k] for k in ("state", "counted score", "%", "Q1 chosen", "Q1 right (1/0)", "note")] == [
        "in progress",
        "",
        "",
        "",
        "",
        "reads with a helper",
    ]
    assert cal["retaking (1/0)"] == "0"
    eve = rows[EVE]
    assert [eve[k] for k in ("state", "attempts", "last activity (UTC)", "note")] == [
        "not started",
        "0",
        "",
        "extra time",
    ]


def test_the_questions_file_has_the_item_analysis_in_full():
    rows = read(questions_csv(build_report(small_class())))
    assert [r["number"] for r in rows] == ["1", "2", "3"]
    header = list(rows[0])
    assert any("corrected point-biserial" in h for h in header)
    answered = next(h for h in header if h.startswith("answered"))
    assert "best" in answered
    q1 = rows[0]
    assert q1["prompt"] == "What is 2 + 2?"
    assert (q1["right answer"], q1[answered], q1["right"], q1["facility (% right)"]) == (
        "4",
        "3",
        "2",
        "66.7",
    )
    assert q1["discrimination (Moodle's discrimination index: corrected point-biserial)"] == ""
    assert (q1["most chosen wrong"], q1["most chosen wrong count"]) == ("5", "1")
    assert [q1[f"option {n}"] for n in (1, 2, 3)] == ["3", "4", "5"]
    assert [q1[f"option {n} count"] for n in (1, 2, 3)] == ["0", "2", "1"]
    # Q2 has two options: the third pair is empty, not missing.
    assert (rows[1]["option 3"], rows[1]["option 3 count"], rows[1]["most chosen wrong"]) == ("", "", "")


def test_discrimination_and_flag_are_written_when_there_are_enough_students():
    people = tuple(Person(n, f"S{n}", is_teacher=False) for n in range(5))
    # Right on Q1 (a) goes with wrong elsewhere: a negative discrimination, flagged.
    answers = [
        ("4", "red", "x"),
        ("4", "red", "y"),
        ("3", "blue", "z"),
        ("5", "blue", "z"),
        ("3", "blue", "y"),
    ]
    attempts = tuple(attempt(n, 1, {"a": a, "b": b, "c": c}, 0, 5) for n, (a, b, c) in enumerate(answers))
    report = build_report(ReportInput("t", QUESTIONS, Grading.BEST, people, attempts, None))
    q1 = read(questions_csv(report))[0]
    assert float(q1["discrimination (Moodle's discrimination index: corrected point-biserial)"]) < 0
    assert q1["flagged (1/0: discrimination below 0.2)"] == "1"


def test_formula_characters_are_neutralised_only_at_the_start():
    assert [safe_text(t) for t in ("=1+1", "+1", "-1", "@a", "\tx", "a=b", "Zoë")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "a=b",
        "Zoë",
    ]


def test_an_empty_report_still_has_header_rows():
    report = build_report(ReportInput("t", (), Grading.BEST, (), (), None))
    assert students_csv(report).decode("utf-8-sig").startswith("name,user id,")
    assert questions_csv(report).decode("utf-8-sig").startswith("number,prompt,")


def test_a_spanish_teacher_gets_spanish_headers_and_words_with_the_same_figures():
    spanish = language("es-ES")
    report = build_report(small_class())
    rows = {int(read_id(r["id de usuario"])): r for r in read(students_csv(report, spanish))}
    assert list(rows[ANN])[:15] == [
        "nombre",
        "id de usuario",
        "id del centro",
        "correo",
        "estado",
        "intentos",
        "nota que cuenta",
        "sobre",
        "%",
        "mejor",
        "último",
        "primer intento terminado (UTC)",
        "última actividad (UTC)",
        "P1 elegida",
        "P1 acierto (1/0)",
    ]
    english = {int(read_id(r["user id"])): r for r in read(students_csv(report))}
    assert (rows[EVE]["estado"], rows[EVE]["intentos"], rows[EVE]["nota aparte"]) == (
        "sin empezar",
        "0",
        "extra time",
    )
    assert rows[ANN]["P1 acierto (1/0)"] == english[ANN]["Q1 right (1/0)"] == "1"
    assert rows[ANN]["%"] == english[ANN]["%"] == "66.7"  # one layout: a dot for decimals in any language
    assert rows[ANN]["nota que cuenta"] == english[ANN]["counted score"]
    questions = read(questions_csv(report, spanish))
    assert [q["número"] for q in questions] == ["1", "2", "3"]
    header = list(questions[0])
    assert "contestada (cada alumno que terminó, una vez: su mejor intento)" in header
    assert (questions[0]["respuesta correcta"], questions[0]["facilidad (% de aciertos)"]) == ("4", "66.7")
    assert header[-1] == "otras respuestas (opción reescrita después)"


def test_a_note_given_as_text_is_written_in_the_teachers_language():
    data = small_class()
    extra = text("report.extra.one", given=text("report.extra.tries", count=2))
    people = tuple(
        Person(p.user_id, p.name, p.is_teacher, extra if p.user_id == EVE else p.note) for p in data.people
    )
    report = build_report(
        ReportInput(data.title, data.questions, data.grading, people, data.attempts, data.roster)
    )
    assert {int(read_id(r["user id"])): r["note"] for r in read(students_csv(report))}[
        EVE
    ] == "extra: +2 tries"
    spanish = read(students_csv(report, language("es-ES")))
    assert {int(read_id(r["id de usuario"])): r["nota aparte"] for r in spanish}[EVE] == "extra: +2 intentos"


def test_ids_are_written_so_that_spreadsheets_keep_every_digit():
    report = build_report(replace(small_class(), school_ids={ANN: SchoolId("007", "ann@school.example")}))
    rows = {read_id(r["user id"]): r for r in read(students_csv(report))}
    assert set(rows) == {str(u) for u in (ANN, BEN, CAL, DEE, EVE)}
    raw = next(csv.reader(io.StringIO(students_csv(report).decode("utf-8-sig").split("\r\n")[1])))
    assert raw[1] == f'="{ANN}"'
    ann = rows[str(ANN)]
    assert (read_id(ann["school id"]), ann["email"]) == ("007", "ann@school.example")  # the leading zeros too
    assert (rows[str(BEN)]["school id"], rows[str(BEN)]["email"]) == ("", "")
    assert id_text('a"b') == '="a""b"'
    assert read_id(id_text('a"b')) == 'a"b'
