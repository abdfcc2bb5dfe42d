"""One test per way a hand-written lesson can be wrong; each names file, question and field."""

import pytest

from bot.content.loader import LessonError, load_lesson, load_library, parse_lesson

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


DEEP = "\nx = " + "[" * 900 + "]" * 900 + "\n"  # 1.8 KB that would exhaust the parser's stack


def test_nesting_too_deep_is_one_problem_with_its_line():
    assert problems(GOOD + DEEP) == [
        f"volcanoes.toml: line {GOOD.count(chr(10)) + 2}: nests brackets or braces more than 32 deep; "
        "a lesson never needs that many"
    ]


def test_brackets_in_strings_and_comments_do_not_count_as_nesting():
    quoted = '"[[[[" # ' + "{" * 40 + "\nnote = '''" + "[" * 40 + "'''"
    text = GOOD.replace('"Magma is rock so hot it melts."', quoted)
    unknown = "volcanoes.toml: question 1: note: is not a question field (check the spelling)"
    assert problems(text) == [unknown]


def test_a_too_deep_file_in_a_folder_is_left_out_and_the_rest_load(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "deep.toml").write_text(GOOD.replace("volcanoes", "deep") + DEEP, encoding="utf-8")
    library, found = load_library(tmp_path)
    assert list(library) == ["volcanoes"]
    assert [p.file for p in found] == ["deep.toml"]


MISSING = {
    "id": GOOD.replace('id = "volcanoes"\n', ""),
    "title": GOOD.replace('title = "Why volcanoes erupt"\n', ""),
    "sections": GOOD[: GOOD.index("[[sections]]")] + GOOD[GOOD.index("[[questions]]") :],
    "questions": GOOD[: GOOD.index("[[questions]]")],
}


@pytest.mark.parametrize("field", MISSING)
def test_missing_lesson_field(field: str):
    assert any(p.startswith(f"volcanoes.toml: {field}: is missing") for p in problems(MISSING[field]))


def test_minutes_and_reviewed_are_optional():
    bare = GOOD.replace("minutes = 5\n", "").replace("reviewed = 2026\n", "")
    lesson = parse_lesson(bare, "volcanoes.toml")
    assert (lesson.minutes, lesson.reviewed) == (None, None)


def test_missing_question_field():
    text = GOOD.replace('prompt = "What is magma?"', "")
    assert problems(text) == ["volcanoes.toml: question 1: prompt: is missing"]


def test_explanation_is_optional():
    text = GOOD.replace('explanation = "Magma is rock so hot it melts."', "")
    assert parse_lesson(text, "volcanoes.toml").questions[0].explanation == ""


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


def test_a_long_id_is_one_problem_and_an_id_of_48_characters_is_accepted():
    assert problems(GOOD.replace('id = "volcanoes"', f'id = "{"a" * 60}"')) == [
        "volcanoes.toml: id: is 60 characters; Discord shows at most 48 here"
    ]
    assert parse_lesson(GOOD.replace('id = "volcanoes"', f'id = "{"a" * 48}"'), "v.toml").id == "a" * 48


def test_a_long_key_is_one_problem_and_a_key_of_48_characters_is_accepted():
    def keyed(key: str) -> str:
        return GOOD.replace('answer = "Melted rock"', f'answer = "Melted rock"\nkey = "{key}"')

    assert problems(keyed("k" * 49)) == [
        "volcanoes.toml: question 1: key: must be lowercase letters, digits, dashes and underscores, "
        "like 'what-is-magma'"
    ]
    assert parse_lesson(keyed("k" * 48), "v.toml").questions[0].key == "k" * 48


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


def test_optional_fields_are_read():
    text = (
        GOOD.replace("reviewed = 2026", 'reviewed = 2026\nlanguage = "es-ES"')
        .replace(
            'body = "Deep down, rock melts into magma."', 'body = "Deep."\nimage = "https://e.org/a.png"'
        )
        .replace(
            'prompt = "What is magma?"',
            'prompt = "What is magma?"\nkey = "magma_1"\nimage = "https://e.org/b"',
        )
    )
    lesson = parse_lesson(text, "volcanoes.toml")
    assert lesson.language == "es-ES"
    assert lesson.sections[0].image == "https://e.org/a.png"
    assert (lesson.questions[0].key, lesson.questions[0].image) == ("magma_1", "https://e.org/b")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://e.org/a.png", "must be a link starting with https:// and without spaces"),
        ("https://e.org/a picture.png", "must be a link starting with https:// and without spaces"),
        ("e.org/a.png", "must be a link starting with https:// and without spaces"),
        ("https://[e.org/a.png", "must be a link starting with https:// and without spaces"),
        ("https://e.org/" + "a" * 2035, "is 2049 characters; a link holds at most 2048"),
    ],
)
def test_bad_image(url: str, message: str):
    text = GOOD.replace('prompt = "What is magma?"', f'prompt = "What is magma?"\nimage = "{url}"')
    assert problems(text) == [f"volcanoes.toml: question 1: image: {message}"]


def test_an_image_link_of_2048_characters_is_accepted():
    url = "https://e.org/" + "a" * 2034
    text = GOOD.replace('body = "Deep down, rock melts into magma."', f'body = "Deep."\nimage = "{url}"')
    assert parse_lesson(text, "volcanoes.toml").sections[0].image == url


def test_bad_language():
    assert problems(GOOD.replace("reviewed = 2026", 'reviewed = 2026\nlanguage = "Spanish please"')) == [
        "volcanoes.toml: language: must be a language tag like 'en', 'es' or 'es-ES'"
    ]


def test_bad_question_key():
    text = GOOD.replace('prompt = "What is magma?"', 'prompt = "What is magma?"\nkey = "Magma!"')
    assert problems(text) == [
        "volcanoes.toml: question 1: key: must be lowercase letters, digits, dashes and underscores, "
        "like 'what-is-magma'"
    ]


def test_question_keys_are_unique():
    question = GOOD[GOOD.index("[[questions]]") :]
    second = question.replace("What is magma?", "What is lava?")
    text = (GOOD + second).replace('prompt = "What is', 'key = "molten"\nprompt = "What is')
    assert problems(text) == ["volcanoes.toml: question 2: key: 'molten' is already the key of question 1"]


def test_prompts_that_differ_only_in_punctuation_need_a_key():
    question = GOOD[GOOD.index("[[questions]]") :]
    assert problems(GOOD + question.replace("What is magma?", "what is magma")) == [
        "volcanoes.toml: question 2: key: the prompt differs from question 1's only in case, spaces or "
        "punctuation; give one of them a key"
    ]
    keyed = question.replace('prompt = "What is magma?"', 'key = "magma-2"\nprompt = "what is magma"')
    assert len(parse_lesson(GOOD + keyed, "volcanoes.toml").questions) == 2


def test_unknown_section_and_question_fields_are_reported():
    text = GOOD.replace('heading = "Hot rock"', 'heading = "Hot rock"\nimgae = "x"').replace(
        'answer = "Melted rock"', 'answer = "Melted rock"\nexplaination = "x"'
    )
    assert problems(text) == [
        "volcanoes.toml: section 1: imgae: is not a section field (check the spelling)",
        "volcanoes.toml: question 1: explaination: is not a question field (check the spelling)",
    ]


def _questions(count: int) -> str:
    return "".join(
        f'\n[[questions]]\nprompt = "Question {n}?"\noptions = ["yes", "no"]\nanswer = "yes"\n'
        for n in range(count)
    )


def test_at_most_100_questions():
    head = GOOD[: GOOD.index("[[questions]]")]
    assert len(parse_lesson(head + _questions(100), "volcanoes.toml").questions) == 100
    assert problems(head + _questions(101)) == [
        "volcanoes.toml: questions: has 101; a lesson holds at most 100"
    ]


def test_at_most_25_sections():
    def with_sections(count: int) -> str:
        sections = "".join(
            f'\n[[sections]]\nheading = "Part {n}"\nbody = "Text."\n' for n in range(count - 1)
        )
        return GOOD.replace("[[sections]]", sections + "\n[[sections]]", 1)

    assert len(parse_lesson(with_sections(25), "volcanoes.toml").sections) == 25
    assert problems(with_sections(26)) == ["volcanoes.toml: sections: has 26; a lesson shows at most 25"]


def test_a_byte_order_mark_is_accepted(tmp_path):
    assert parse_lesson("\ufeff" + GOOD, "volcanoes.toml").id == "volcanoes"
    path = tmp_path / "volcanoes.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_lesson(path).id == "volcanoes"


def test_a_file_that_is_not_utf8_is_named_as_such(tmp_path):
    (tmp_path / "cafe.toml").write_bytes(b'title = "Caf\xe9"\n')
    library, found = load_library(tmp_path)
    assert not library
    assert [str(p) for p in found] == [
        "cafe.toml: is not UTF-8 text (byte 0xE9 at offset 12); save it as UTF-8"
    ]


def test_a_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "volcanoes.toml"
    path.write_bytes(GOOD.encode("utf-16"))
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    assert str(caught.value) == "volcanoes.toml: is UTF-16 text, not UTF-8; save it as UTF-8"
