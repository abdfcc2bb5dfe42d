"""Each way a plain-text lesson can be wrong is named with its line number."""

import pytest

from bot.content import LessonError, parse_plaintext
from tests.content.test_plaintext import VOLCANOES

# In VOLCANOES: line 4 is the reading time, 6 and 11 the headings, 14 the End-of-lesson check,
# 17 and 24 the prompts, 18 the first * and 27 the last line.


def problems(text: str, file: str = "v.txt") -> list[str]:
    with pytest.raises(LessonError) as caught:
        parse_plaintext(text, file)
    return [str(p) for p in caught.value.problems]


def test_no_option_marked_right():
    assert problems(VOLCANOES.replace("* Melted rock", "Melted rock")) == [
        "v.txt: line 17: question 1: answer: no option is marked right; "
        "put * before it, or add an Answers line"
    ]


def test_two_options_marked_right():
    assert problems(VOLCANOES.replace("Cold ice", "* Cold ice")) == [
        "v.txt: line 19: question 1: answer: a second option has a * (the first is on line 18)"
    ]


def test_no_blank_line_between_questions():
    assert problems(VOLCANOES.replace("Key: magma\n\n", "Key: magma\n")) == [
        "v.txt: line 17: question 1: options: has 6 lines under its prompt; a question has 2 to 5 options, "
        "then a blank line before the next question",
        "v.txt: line 25: question 1: answer: a second option has a * (the first is on line 18)",
    ]


def test_an_option_with_no_question_above_it():
    found = problems(VOLCANOES.replace("What is magma?\n", "\n"))
    assert (
        found[0] == "v.txt: line 18: an option with no question above it; a question starts with its prompt"
    )


def test_a_why_line_before_any_question():
    assert problems(VOLCANOES.replace("in the bot\n\n", "in the bot\nWhy: early\n")) == [
        "v.txt: line 16: 'Why:' belongs under a question's options"
    ]


def test_an_option_with_no_text():
    assert problems(VOLCANOES.replace("\nSand\n", "\n*\n")) == ["v.txt: line 20: this option has no text"]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("first is A", "line 29: cannot read these answers; write them like 'Answers: 1B 2A 3D'"),
        ("1A 2B 3C", "line 29: the answers name question 3, but there are 2 questions"),
        ("1A 2C", "line 29: question 2: answer: the answers say C, but the question has 2 options"),
        ("1B", "line 29: question 1: answer: the answers say B, but line 18 is marked with *"),
        ("1A\nAnswers: 1A", "line 30: question 1: answer: is given twice (first on line 29)"),
        ("12345B", "line 29: cannot read these answers; write them like 'Answers: 1B 2A 3D'"),
    ],
)
def test_a_wrong_answers_line(answers: str, message: str):
    assert problems(f"{VOLCANOES}\nAnswers: {answers}\n") == [f"v.txt: {message}"]


def test_a_label_given_twice():
    assert problems(VOLCANOES.replace("Key: magma", "Key: magma\nWhy: again")) == [
        "v.txt: line 23: question 1: explanation: is given twice (first on line 21)"
    ]
    assert problems(VOLCANOES.replace("Id: volcanoes\n", "Id: volcanoes\nId: other\n")) == [
        "v.txt: line 2: id: is given twice (first on line 1)"
    ]


def test_a_heading_with_no_text_under_it():
    assert problems(VOLCANOES.replace("Where they are\n", "Where they are\n\n")) == [
        "v.txt: line 11: section 2: body: has no text under its heading (a blank line starts a new section)",
        "v.txt: line 13: section 3: body: has no text under its heading (a blank line starts a new section)",
    ]


def test_text_before_the_first_markdown_heading():
    text = VOLCANOES.replace("\nHot rock", "\nIntro\n## Hot rock")
    assert problems(text) == [
        "v.txt: line 6: sections: there is text before the first heading; start each with '## '"
    ]


def test_the_reading_time_line_is_optional():
    lesson = parse_plaintext(VOLCANOES.replace("5 min · Reviewed 2026\n", ""), "v.txt")
    assert (lesson.minutes, lesson.reviewed, lesson.sections[0].heading) == (None, None, "Hot rock")
    lesson = parse_plaintext(VOLCANOES.replace("5 min · Reviewed 2026", "10 min"), "v.txt")
    assert (lesson.minutes, lesson.reviewed) == (10, None)
    spanish = VOLCANOES.replace("5 min · Reviewed 2026", "10 min de lectura · Revisado 2025")
    lesson = parse_plaintext(spanish, "v.txt")
    assert (lesson.minutes, lesson.reviewed) == (10, 2025)


def test_a_long_id_line_is_one_problem():
    assert problems(VOLCANOES.replace("Id: volcanoes", "Id: " + "a" * 60)) == [
        "v.txt: line 1: id: is 60 characters; Discord shows at most 48 here"
    ]


def test_checks_shared_with_toml_name_the_line():
    long = "x" * 81
    text = (
        VOLCANOES.replace("Id: volcanoes", "Id: Volcanoes!")
        .replace("Language: en", "Language: english!")
        .replace("5 min", "0 min")
        .replace("Cold ice", long)
        .replace("Key: magma", "Key: Magma!")
        .replace("Where do most volcanoes sit?", "What is magma?")
        .replace("https://e.org/plates.png", "http://e.org/plates.png")
    )
    assert problems(text) == [
        "v.txt: line 1: id: must be lowercase letters, digits and dashes, like 'fine-tuning'",
        "v.txt: line 2: language: must be a language tag like 'en', 'es' or 'es-ES'",
        "v.txt: line 4: minutes: must be a whole number from 1 to 600",
        "v.txt: line 19: question 1: options: option 2: is 81 characters; a button label holds at most 80",
        "v.txt: line 22: question 1: key: must be lowercase letters, digits, dashes and underscores, "
        "like 'what-is-magma'",
        "v.txt: line 24: question 2: prompt: repeats question 1",
        "v.txt: line 27: question 2: image: must be a link starting with https:// and without spaces",
    ]


def test_no_end_of_lesson_check_line():
    assert problems(VOLCANOES.replace("End-of-lesson check\n", "")) == [
        "v.txt: questions: not found; put a line 'Quiz' (or 'End-of-lesson check') before them"
    ]


def test_no_questions_after_the_end_of_lesson_check_line():
    assert problems(VOLCANOES[: VOLCANOES.index("What is magma?")]) == [
        "v.txt: line 14: questions: none follow the line before them ('Quiz', 'End-of-lesson check')"
    ]


def test_no_sections():
    text = VOLCANOES[: VOLCANOES.index("Hot rock")] + VOLCANOES[VOLCANOES.index("End-of-lesson") :]
    assert problems(text) == [
        "v.txt: sections: none found; after the reading time, write a heading, its text below"
    ]


def test_an_empty_file_and_a_file_name_that_gives_no_id():
    assert problems(" \n\n") == ["v.txt: is empty"]
    assert problems(VOLCANOES.removeprefix("Id: volcanoes\n"), "???.txt") == [
        "???.txt: id: is missing; add a line 'Id: some-name' at the top"
    ]


def test_a_huge_line_is_read_quickly_and_refused():
    # Quadratic matching would take hours here; an int() of 200,000 digits would raise.
    assert problems(f"{VOLCANOES}\nAnswers: 1{' ' * 200_000}!\n") == [
        "v.txt: line 29: cannot read these answers; write them like 'Answers: 1B 2A 3D'"
    ]
    # Too many digits to be a reading time: the line is read as the first section's heading.
    digits = problems(VOLCANOES.replace("5 min", "9" * 200_000 + " min"))
    assert digits[0].startswith("v.txt: line 4: section 1: body: has no text under its heading")
