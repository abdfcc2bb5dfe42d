"""to_toml writes a lesson file that reads back to the same lesson, whatever its text holds."""

from dataclasses import replace

import pytest

from bot.content import Lesson, Question, Section, to_toml
from bot.content.loader import parse_lesson

TRICKY_TEXTS = [
    'He said "hi"',
    'ends with a quote\nsaid "she"',
    'three """ quotes\ninside',
    "back\\slash at the end\\\nof a line",
    "tab\there\nand a bell \x07 and a delete \x7f",
    "a carriage\r\nreturn",
    "ünïcödé 🌋 and ‘typographic’ — marks",
    "[[questions]]\nprompt = 'not a table'",
]


def _round_trip(lesson: Lesson) -> Lesson:
    return parse_lesson(to_toml(lesson), f"{lesson.id}.toml")


def test_the_bundled_lesson_round_trips(fine_tuning):
    text = to_toml(fine_tuning)
    assert _round_trip(fine_tuning) == fine_tuning
    assert 'body = """\nA company can fine-tune AI to always answer politely.\n' in text
    assert "key =" not in text  # its keys come from the prompts, so writing them would add nothing


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_tricky_text_round_trips(text: str):
    lesson = Lesson(
        "tricky",
        text.replace("\n", " ").replace("\r", ""),
        3,
        2026,
        (Section(text.splitlines()[0], text),),
        (Question(text, ("one", text.replace("\n", " ").replace("\r", "")[:80]), 1, text),),
    )
    assert _round_trip(lesson) == lesson


def test_optional_fields_round_trip_and_defaults_are_left_out():
    lesson = Lesson(
        "volcanoes",
        "Why volcanoes erupt",
        5,
        2026,
        (Section("Hot rock", "Deep down.", "https://e.org/a.png"),),
        (
            Question("What is magma?", ("Melted rock", "Cold ice"), 0, "", "magma", "https://e.org/b.png"),
            Question("What is lava?", ("Magma outside", "Ice"), 0, "It flows."),
        ),
        language="es-ES",
    )
    text = to_toml(lesson)
    assert _round_trip(lesson) == lesson
    assert text.count("key =") == 1
    assert text.count("explanation =") == 1
    assert 'language = "es-ES"' in text


def test_a_changed_prompt_keeps_its_key(fine_tuning):
    first = fine_tuning.questions[0]
    kept = replace(first, prompt="What is fine-tuning, in AI?", key=first.key)
    lesson = replace(fine_tuning, questions=(kept, *fine_tuning.questions[1:]))
    assert _round_trip(lesson).questions[0].key == first.key
