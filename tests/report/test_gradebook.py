"""The gradebook files, column by column against the layouts Moodle and Canvas import.

Moodle: the grade import maps one column to a user field ("ID number" to idnumber, "Email
address" to email) and each other column to a grade item; a row it cannot match stops the whole
import, "-" is no grade. Canvas: "Student", "ID", "SIS User ID", "SIS Login ID", "Section", then
one column per assignment; a second row starting "Points Possible" gives each assignment's points.
"""

import csv
import io
from dataclasses import replace

from bot.report.analysis import build_report
from bot.report.gradebook import Gradebook, canvas_csv, gradebook_csv, moodle_csv, moodle_left_out
from bot.report.model import SchoolId
from tests.report.sample import ANN, BEN, CAL, DEE, EVE, small_class

IDS = {
    ANN: SchoolId("S-001", "ann@school.example"),
    BEN: SchoolId("S-002", None),
    CAL: SchoolId(None, "cal@school.example"),
    EVE: SchoolId("S-005", "eve@school.example"),
}


def read(data: bytes) -> list[list[str]]:
    assert not data.startswith(b"\xef\xbb\xbf")  # plain UTF-8, as both importers read by default
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def report(**changes):
    return build_report(replace(small_class(), school_ids=IDS, **changes))


def test_moodle_file_has_its_identifier_columns_then_the_grade_in_percent():
    rows = read(moodle_csv(report()))
    assert rows[0] == ["ID number", "Email address", "Name", "Sums and colours"]
    by_name = {r[2]: r for r in rows[1:]}
    assert by_name["Ann"] == ["S-001", "ann@school.example", "Ann", "66.67"]  # best 2/3
    assert by_name["Ben"] == ["S-002", "", "Ben", "75"]  # 3/4 on an older, longer version
    assert by_name["Cal"] == ["", "cal@school.example", "Cal", "-"]  # not finished: Moodle's "no grade"
    assert by_name["Eve"] == ["S-005", "eve@school.example", "Eve", "-"]
    assert "Dee" not in by_name  # unknown to the school: Moodle would stop the import at her row
    assert [r.user_id for r in moodle_left_out(report())] == [DEE]
    assert all(len(r) == 4 for r in rows)


def test_canvas_file_has_its_student_columns_and_a_points_possible_row():
    rows = read(canvas_csv(report()))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Sums and colours"]
    assert rows[1] == ["Points Possible", "", "", "", "", "3"]
    by_name = {r[0]: r for r in rows[2:]}
    assert set(by_name) == {"Ann", "Ben", "Cal", "Dee", "Eve"}  # Canvas falls back to the name
    assert by_name["Ann"] == ["Ann", "", "S-001", "ann@school.example", "", "2"]
    assert by_name["Ben"] == ["Ben", "", "S-002", "", "", "2.25"]  # 75% of today's 3 points
    assert by_name["Cal"] == ["Cal", "", "", "cal@school.example", "", ""]
    assert by_name["Dee"] == ["Dee", "", "", "", "", "3"]


def test_a_title_canvas_would_read_as_an_assignment_id_is_bracketed():
    rows = read(canvas_csv(report(title="Fractions (12)")))
    assert rows[0][-1] == "Fractions [12]"


def test_names_that_look_like_formulas_are_kept_from_running():
    data = small_class()
    people = tuple(replace(p, name="=cmd()") if p.user_id == ANN else p for p in data.people)
    rows = read(gradebook_csv(report(people=people), Gradebook.CANVAS))
    assert "'=cmd()" in [r[0] for r in rows]
    assert read(gradebook_csv(report(people=people), Gradebook.MOODLE))[1][2] == "'=cmd()"
