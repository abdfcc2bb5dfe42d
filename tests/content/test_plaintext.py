"""The plain-text form: the seed lesson, every part of the form, and uploads of either form."""

from pathlib import Path

import pytest

from bot.content import Lesson, LessonError, Question, Section, parse_plaintext, parse_upload, to_toml
from tests.content.test_bundled_lessons import SEED
from tests.content.test_validation import GOOD

MARKED = Path(__file__).with_name("fine-tuning-marked.txt")

VOLCANOES = """\
Id: volcanoes
Language: en
Why volcanoes erupt
5 min · Reviewed 2026

Hot rock
Deep down, rock melts into magma.
It rises because it is lighter.
Image: https://e.org/magma.png

Where they are
Most volcanoes sit where plates meet.

End-of-lesson check
2 questions · take it in the bot

What is magma?
* Melted rock
Cold ice
Sand
Why: Magma is rock so hot it melts.
Key: magma

Where do most volcanoes sit?
- In the middle of plates
* Where plates meet
Image: https://e.org/plates.png
"""

EXPECTED = Lesson(
    "volcanoes",
    "Why volcanoes erupt",
    5,
    2026,
    (
        Section(
            "Hot rock",
            "Deep down, rock melts into magma.\nIt rises because it is lighter.",
            "https://e.org/magma.png",
        ),
        Section("Where they are", "Most volcanoes sit where plates meet."),
    ),
    (
        Question(
            "What is magma?",
            ("Melted rock", "Cold ice", "Sand"),
            0,
            "Magma is rock so hot it melts.",
            "magma",
        ),
        Question(
            "Where do most volcanoes sit?",
            ("In the middle of plates", "Where plates meet"),
            1,
            image="https://e.org/plates.png",
        ),
    ),
    language="en",
)


def test_the_marked_seed_imports_as_the_bundled_lesson(fine_tuning):
    lesson = parse_plaintext(MARKED.read_text(encoding="utf-8"), MARKED.name, "fine-tuning")
    assert (lesson.id, lesson.title) == (fine_tuning.id, fine_tuning.title)
    assert (lesson.minutes, lesson.reviewed) == (fine_tuning.minutes, fine_tuning.reviewed)
    assert lesson.sections == fine_tuning.sections
    assert [q.prompt for q in lesson.questions] == [q.prompt for q in fine_tuning.questions]
    assert [q.options for q in lesson.questions] == [q.options for q in fine_tuning.questions]
    assert [q.answer for q in lesson.questions] == [q.answer for q in fine_tuning.questions]
    assert [q.key for q in lesson.questions] == [q.key for q in fine_tuning.questions]


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside this clone")
def test_the_marked_copy_is_the_seed_with_only_its_marks_added(fine_tuning):
    unmarked = [line.removeprefix("* ") for line in MARKED.read_text(encoding="utf-8").splitlines() if line]
    last = fine_tuning.questions[-1]
    written_for_the_bundled_file = [o for o in last.options if o != last.answer]
    assert unmarked == SEED.read_text(encoding="utf-8").splitlines() + written_for_the_bundled_file


def test_answers_may_be_given_on_an_answers_line(fine_tuning):
    unstarred = MARKED.read_text(encoding="utf-8").replace("\n* ", "\n")
    letters = " ".join(f"{n}{'ABCDE'[q.answer_index]}" for n, q in enumerate(fine_tuning.questions, start=1))
    lesson = parse_plaintext(f"{unstarred}\nAnswers: {letters}\n", MARKED.name, "fine-tuning")
    assert [q.answer for q in lesson.questions] == [q.answer for q in fine_tuning.questions]


def test_every_part_of_the_form():
    assert parse_plaintext(VOLCANOES, "anything.txt") == EXPECTED


def test_the_same_answers_line_and_star_agree():
    text = VOLCANOES + "\nAnswers: 1-a, 2.B\n"
    assert parse_plaintext(text, "v.txt") == EXPECTED


def test_markdown_style():
    text = """\
# Why volcanoes erupt
5 minutes read · reviewed 2026

## Hot rock
Deep down, rock melts into magma.

It rises because it is lighter.
## Where they are
Most volcanoes sit where plates meet.

## End-of-lesson check

1. What is magma?
- A) Melted rock
- B) Cold ice
- C) Sand

2) Where do most volcanoes sit?
a. In the middle of plates
b. Where plates meet

Answers: 1A 2B
"""
    lesson = parse_plaintext(text, "volcanoes.md")
    assert lesson.sections[0].body == "Deep down, rock melts into magma.\n\nIt rises because it is lighter."
    assert [s.heading for s in lesson.sections] == ["Hot rock", "Where they are"]
    assert [q.prompt for q in lesson.questions] == ["What is magma?", "Where do most volcanoes sit?"]
    assert lesson.questions[0].options == ("Melted rock", "Cold ice", "Sand")
    assert [q.answer for q in lesson.questions] == ["Melted rock", "Where plates meet"]


def test_numbers_and_letters_that_do_not_count_up_are_text():
    text = VOLCANOES.replace("What is magma?", "3. What is magma?").replace("Cold ice", "B) Cold ice")
    question = parse_plaintext(text, "v.txt").questions[0]
    assert question.prompt == "3. What is magma?"
    assert question.options == ("Melted rock", "B) Cold ice", "Sand")


def test_a_why_line_after_a_blank_line_belongs_to_the_question_above():
    text = VOLCANOES.replace("Sand\nWhy:", "Sand\n\nWhy:")
    assert parse_plaintext(text, "v.txt") == EXPECTED


def test_the_id_comes_from_the_id_line_then_the_argument_then_the_file_name():
    without = VOLCANOES.removeprefix("Id: volcanoes\n")
    assert parse_plaintext(VOLCANOES, "x.txt", "other").id == "volcanoes"
    assert parse_plaintext(without, "x.txt", "other").id == "other"
    assert parse_plaintext(without, "Volcanoes (Año 5).txt").id == "volcanoes-ano-5"


def test_an_id_from_a_long_file_name_is_cut_to_a_valid_id():
    without = VOLCANOES.removeprefix("Id: volcanoes\n")
    assert parse_plaintext(without, "a" * 47 + " b.txt").id == "a" * 47
    assert parse_plaintext(without, "a" * 60 + ".txt").id == "a" * 48


def test_no_count_line_after_the_marker_and_windows_line_ends_and_a_bom():
    text = "\ufeff" + VOLCANOES.replace("2 questions · take it in the bot\n", "").replace("\n", "\r\n")
    assert parse_plaintext(text, "v.txt") == EXPECTED


def test_an_imported_lesson_writes_a_lesson_file_that_reads_back():
    lesson = parse_plaintext(VOLCANOES, "v.txt")
    assert parse_upload(to_toml(lesson).encode(), "volcanoes.toml") == lesson


def test_uploads_are_read_by_suffix_or_by_their_look():
    toml = GOOD.encode()
    plain = VOLCANOES.encode()
    assert parse_upload(toml, "volcanoes.toml").id == "volcanoes"
    assert parse_upload(toml, "VOLCANOES.TOML").id == "volcanoes"
    assert parse_upload(plain, "volcanoes.txt") == EXPECTED
    assert parse_upload(plain, "volcanoes.md") == EXPECTED
    assert parse_upload(b"# a comment\n" + toml, "lesson").id == "volcanoes"
    assert parse_upload(plain, "lesson.text") == EXPECTED
    titled = VOLCANOES.replace("Why volcanoes erupt", "Speed = distance / time")
    assert parse_upload(titled.removeprefix("Id: volcanoes\nLanguage: en\n").encode(), "s").title == (
        "Speed = distance / time"
    )
    assert parse_upload(b"\xef\xbb\xbf" + plain, "volcanoes.txt") == EXPECTED
    assert parse_upload(b"\xef\xbb\xbf" + toml, "volcanoes.toml").id == "volcanoes"


def upload_problems(data: bytes, filename: str) -> list[str]:
    with pytest.raises(LessonError) as caught:
        parse_upload(data, filename)
    return [str(p) for p in caught.value.problems]


def test_an_upload_that_is_not_utf8_is_named():
    assert upload_problems("Café\n".encode("latin-1"), "cafe.txt") == [
        "cafe.txt: is not UTF-8 text (byte 0xE9 at offset 3); save it as UTF-8"
    ]


def test_an_upload_in_toml_gets_the_toml_messages():
    assert upload_problems(GOOD.replace('Melted rock"\nexpl', 'Lava"\nexpl').encode(), "v.toml") == [
        "v.toml: question 1: answer: 'Lava' is not one of the options"
    ]


def test_a_changed_prompt_with_a_key_keeps_the_key():
    changed = parse_plaintext(VOLCANOES.replace("What is magma?", "What is magma, exactly?"), "v.txt")
    assert changed.questions[0].key == EXPECTED.questions[0].key == "magma"
