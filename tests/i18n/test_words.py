"""Text cut to fit ends at a word with "…", in any script, and never grows past its limit."""

import pytest

from bot.i18n import first_words, shorten


def test_text_that_fits_is_left_alone():
    assert shorten("menos de 5 alumnos", 18) == "menos de 5 alumnos"


def test_a_cut_ends_at_the_last_whole_word():
    said = "no se da con menos de 5 alumnos"
    assert shorten(said, 29) == "no se da con menos de 5…"
    assert shorten(said, 30) == "no se da con menos de 5…"  # "alumno" would be half a word
    assert shorten("hasta el viernes 4 de diciembre, 17:00 (Europe/Madrid)", 34) == (
        "hasta el viernes 4 de diciembre…"  # the comma is not left hanging
    )


def test_a_cut_right_before_a_space_keeps_the_last_word():
    assert shorten("one two three", 8) == "one two…"


def test_scripts_without_spaces_and_overlong_words_are_cut_between_characters():
    assert shorten("李雷和韩梅梅是好朋友", 5) == "李雷和韩…"
    assert shorten("p" * 50, 10) == "p" * 9 + "…"
    # An accent written as its own character stays with its letter.
    assert shorten("cafe\u0301cafe\u0301", 5) == "caf…"
    assert shorten("cafe\u0301cafe\u0301", 6) == "cafe\u0301…"


@pytest.mark.parametrize("limit", range(40))
def test_never_longer_than_the_limit(limit):
    for text in ("Q1 What is the capital of France, and why?", "日本語のテキスト" * 3, "a " * 30):
        assert len(shorten(text, limit)) <= limit


def test_first_words_make_a_one_line_label():
    assert first_words("Which of these\nis  a prime number?", 20) == "Which of these is a…"
