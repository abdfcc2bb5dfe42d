"""Lessons as teachers write them: optional reading time, other headings and numbering, in Spanish too."""

import pytest

from bot.content import Lesson, LessonError, content_hash, parse_plaintext, parse_upload
from bot.content.files import NotALessonFileError
from tests.content.teacher_forms import docx_bytes, teacher_text

# The bundled lesson's hash as computed before `minutes` and `reviewed` became optional: stored quizzes
# are pinned to this version, so it must never change.
FINE_TUNING_HASH = "235bcb8740571a53802d8b092e549301291b88af382ad6d3180bed7a45a54c64"


def test_the_bundled_lessons_version_hash_is_unchanged(fine_tuning: Lesson):
    assert content_hash(fine_tuning) == FINE_TUNING_HASH


def same_quiz(read: Lesson, lesson: Lesson) -> None:
    assert [q.prompt for q in read.questions] == [q.prompt for q in lesson.questions]
    assert [q.options for q in read.questions] == [q.options for q in lesson.questions]
    assert [q.answer for q in read.questions] == [q.answer for q in lesson.questions]


def test_the_teacher_style_text_reads_all_fifteen_answers(fine_tuning: Lesson):
    read = parse_plaintext(teacher_text(fine_tuning), "fine-tuning.txt")
    assert (read.title, read.minutes, read.reviewed) == (fine_tuning.title, 10, None)
    assert read.sections == fine_tuning.sections
    assert len(read.questions) == 15
    same_quiz(read, fine_tuning)


@pytest.mark.parametrize(
    ("heading", "answers"),
    [("Questions", "Answers"), ("## Test", "answers"), ("Check:", "Answer key"), ("Preguntas", "Respuestas"),
     ("Cuestionario", "Respuestas"), ("Examen", "Soluciones"), ("Prueba", "Respuestas")],
)  # fmt: skip
def test_other_headings_and_answer_lines(fine_tuning: Lesson, heading: str, answers: str):
    text = teacher_text(fine_tuning, heading=heading, answers=answers)
    same_quiz(parse_upload(text.encode(), "lesson.txt"), fine_tuning)


def test_options_lettered_in_parentheses_and_numbered_with_a_bracket():
    text = """\
Los volcanes
Revisado 2026

El magma
Es roca fundida.

Preguntas
1) ¿Qué es el magma?
(a) Roca fundida
(b) Hielo
2) ¿Dónde hay volcanes?
(a) En medio de las placas
(b) Donde se juntan las placas

Respuestas: 1A 2b
"""
    read = parse_plaintext(text, "volcanes.txt")
    assert (read.minutes, read.reviewed) == (None, 2026)
    assert [q.prompt for q in read.questions] == ["¿Qué es el magma?", "¿Dónde hay volcanes?"]
    assert [q.answer for q in read.questions] == ["Roca fundida", "Donde se juntan las placas"]


def test_a_section_headed_test_stays_a_section_before_the_quiz_heading():
    text = "Title\n\nTest\nTry it at home.\n\nQuiz\n1. Ready?\nA) Yes\nB) No\n\nAnswers: 1A\n"
    read = parse_plaintext(text, "t.txt")
    assert [s.heading for s in read.sections] == ["Test"]
    assert len(read.questions) == 1


def test_a_line_it_cannot_place_is_named_by_its_line():
    text = "Title\n\nIdea\nText.\n\nQuiz\n1. Ready?\nA) Yes\nB) No\n\nAnswers: 1A\n\nGood luck!\n"
    with pytest.raises(LessonError) as caught:
        parse_plaintext(text, "t.txt")
    assert [str(p) for p in caught.value.problems] == [
        "t.txt: line 13: I can't place 'Good luck!': it is not under a heading, and no options follow it "
        "as a question's"
    ]


def test_a_word_file_of_the_bundled_lesson_reads_as_it(fine_tuning: Lesson):
    read = parse_upload(docx_bytes(fine_tuning), "fine-tuning.docx")
    assert (read.id, read.title, read.minutes, read.reviewed) == ("fine-tuning", fine_tuning.title, 7, 2026)
    assert read.sections == fine_tuning.sections
    same_quiz(read, fine_tuning)


def test_a_word_file_with_options_as_a_nested_list():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Volcanoes")
    document.add_paragraph("")
    document.add_paragraph("Hot rock")
    document.add_paragraph("Rock melts.")
    document.add_paragraph("")
    document.add_paragraph("Quiz")
    document.add_paragraph("What is magma?", style="List Number")
    document.add_paragraph("Melted rock", style="List Number 2")
    document.add_paragraph("Ice", style="List Number 2")
    document.add_paragraph("Answers: 1A")
    out = io.BytesIO()
    document.save(out)
    read = parse_upload(out.getvalue(), "v.docx")
    assert read.questions[0].options == ("Melted rock", "Ice")
    assert read.questions[0].answer == "Melted rock"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\x89PNG\r\n\x1a\n\0\0", "picture"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "picture"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office"),
        (b"PK\x03\x04garbage", "compressed (zip)"),
    ],
)
def test_other_binary_files_are_named_by_their_kind(data: bytes, kind: str):
    with pytest.raises(NotALessonFileError) as caught:
        parse_upload(data, "lesson.pdf")
    assert [str(p) for p in caught.value.problems] == [
        f"lesson.pdf: this is a {kind} file; save it as .txt or .docx"
    ]


def test_a_spreadsheet_is_named_as_one():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
    with pytest.raises(NotALessonFileError) as caught:
        parse_upload(out.getvalue(), "marks.xlsx")
    assert caught.value.kind == "spreadsheet"
