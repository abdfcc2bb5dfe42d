"""One test per way a hand-written lesson can be wrong; each names file, question and field."""

import pytest

from bot.content.loader import LessonError, load_library, parse_lesson

GOOD = """
id = "volcanoes"
title = "Why volcanoes erupt"
minutes = 5
reviewed = 2026

[[sections]]
heading = "Hot rock"
body = "Deep down, rock melts into magma."

[[questions]]
prompt = "What is magma?"
options = ["Melted rock", "Cold ice"]
answer = "Melted rock"
explanation = "Magma is rock so hot it melts."
"""


def problems(text: str) -> list[str]:
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, "volcanoes.toml")
    return [str(p) for p in caught.value.problems]


def test_the_good_lesson_parses():
    lesson = parse_lesson(GOOD, "volcanoes.toml")
    assert lesson.questions[0].answer == "Melted rock"


def test_not_toml():
    assert problems("id = ")[0].startswith("volcanoes.toml: is not valid TOML")


MISSING = {
    "id": GOOD.replace('id = "volcanoes"\n', ""),
    "title": GOOD.replace('title = "Why volcanoes erupt"\n', ""),
    "minutes": GOOD.replace("minutes = 5\n", ""),
    "reviewed": GOOD.replace("reviewed = 2026\n", ""),
    "sections": GOOD[: GOOD.index("[[sections]]")] + GOOD[GOOD.index("[[questions]]") :],
    "questions": GOOD[: GOOD.index("[[questions]]")],
}


@pytest.mark.parametrize("field", MISSING)
def test_missing_lesson_field(field: str):
    assert any(p.startswith(f"volcanoes.toml: {field}: is missing") for p in problems(MISSING[field]))


def test_missing_question_field():
    text = GOOD.replace('explanation = "Magma is rock so hot it melts."', "")
    assert problems(text) == ["volcanoes.toml: question 1: explanation: is missing"]


def test_answer_not_among_options():
    text = GOOD.replace('answer = "Melted rock"', 'answer = "Lava"')
    assert problems(text) == ["volcanoes.toml: question 1: answer: 'Lava' is not one of the options"]


def test_duplicate_options():
    text = GOOD.replace('["Melted rock", "Cold ice"]', '["Melted rock", "Cold ice", "Cold ice"]')
    assert problems(text) == ["volcanoes.toml: question 1: options: option 3: 'Cold ice' appears twice"]


def test_fewer_than_two_options():
    text = GOOD.replace('["Melted rock", "Cold ice"]', '["Melted rock"]')
    assert problems(text) == ["volcanoes.toml: question 1: options: has 1; a question needs 2 to 5 options"]


def test_more_options_than_rows_of_buttons():
    text = GOOD.replace('["Melted rock", "Cold ice"]', '["Melted rock", "a", "b", "c", "d", "e"]')
    assert problems(text) == ["volcanoes.toml: question 1: options: has 6; a question needs 2 to 5 options"]


def test_option_longer_than_a_button_label():
    long = "x" * 81
    text = GOOD.replace('"Cold ice"]', f'"{long}"]')
    assert problems(text) == [
        "volcanoes.toml: question 1: options: option 2: is 81 characters; a button label holds at most 80"
    ]


def test_section_longer_than_an_embed_field():
    text = GOOD.replace("Deep down, rock melts into magma.", "y" * 1025)
    assert problems(text) == [
        "volcanoes.toml: section 1: body: is 1025 characters; Discord shows at most 1024 here"
    ]


def test_lesson_longer_than_an_embed():
    sections = "".join(f'\n[[sections]]\nheading = "Part {n}"\nbody = "{"z" * 1000}"\n' for n in range(7))
    text = GOOD.replace("[[questions]]", sections + "\n[[questions]]", 1)
    assert problems(text) == [
        "volcanoes.toml: sections: the lesson is too long to post; keep it under 6000 characters"
    ]


def test_duplicate_question():
    question = GOOD[GOOD.index("[[questions]]") :]
    assert problems(GOOD + question) == ["volcanoes.toml: question 2: prompt: repeats question 1"]


def test_bad_id():
    assert problems(GOOD.replace('id = "volcanoes"', 'id = "Volcanoes!"')) == [
        "volcanoes.toml: id: must be lowercase letters, digits and dashes, like 'fine-tuning'"
    ]


def test_bad_minutes():
    assert problems(GOOD.replace("minutes = 5", 'minutes = "five"')) == [
        "volcanoes.toml: minutes: must be a whole number from 1 to 600"
    ]


def test_unknown_field_is_reported():
    assert problems(GOOD.replace("minutes = 5", "minutes = 5\nminuets = 5")) == [
        "volcanoes.toml: minuets: is not a lesson field (check the spelling)"
    ]


def test_every_problem_is_reported_at_once():
    text = GOOD.replace('answer = "Melted rock"', 'answer = "Lava"').replace(
        'title = "Why volcanoes erupt"', ""
    )
    assert len(problems(text)) == 2


def test_duplicate_lesson_ids_across_files(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    library, found = load_library(tmp_path)
    assert list(library) == ["volcanoes"]
    assert [str(p) for p in found] == ["b.toml: id: 'volcanoes' is already used by a.toml"]


def test_broken_file_is_left_out_and_the_rest_load(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("title = ", encoding="utf-8")
    library, found = load_library(tmp_path)
    assert list(library) == ["volcanoes"]
    assert str(found[0]).startswith("broken.toml: is not valid TOML")


def test_missing_folder(tmp_path):
    library, found = load_library(tmp_path / "nope")
    assert not library
    assert "is not a folder of lessons" in str(found[0])
