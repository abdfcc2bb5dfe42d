"""The catalogues: every shipped language says everything English says, with the same placeholders."""

import pytest

from bot.i18n import ENGLISH, LANGUAGES, Plural, Text, language, text, translated
from bot.i18n.catalogue import placeholders

SHIPPED = [code for code in LANGUAGES if code != "en"]


def test_spanish_is_shipped():
    assert "es" in SHIPPED


@pytest.mark.parametrize("code", SHIPPED)
def test_every_key_is_translated_and_nothing_else(code):
    messages = LANGUAGES[code].messages
    assert sorted(set(ENGLISH.messages) - set(messages)) == []  # missing translations
    assert sorted(set(messages) - set(ENGLISH.messages)) == []  # keys English no longer has


@pytest.mark.parametrize("code", SHIPPED)
def test_translations_keep_every_placeholder(code):
    for key, english in ENGLISH.messages.items():
        translation = LANGUAGES[code].messages[key]
        assert placeholders(translation) == placeholders(english), key
        if isinstance(translation, Plural):  # picked by a count the bot passes
            assert isinstance(english, Plural) or "count" in placeholders(english), key


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_no_message_is_empty(code):
    for key, message in LANGUAGES[code].messages.items():
        forms = [message] if isinstance(message, str) else message.forms
        assert all(form.strip() for form in forms), key


def test_a_translation_that_drops_a_placeholder_is_caught():
    assert placeholders("You scored {score} out of {total}") != placeholders("Has acertado {score}")
    assert placeholders(Plural(("1 try", "{count} tries"))) == {"count"}


def test_locales_pick_a_language_and_fall_back_to_english():
    assert language("es-ES").code == "es"
    assert language("es-419").code == "es"
    assert language("pt-BR") is ENGLISH
    assert language(None) is ENGLISH
    assert translated("en-GB") is None
    assert translated("es-ES") is LANGUAGES["es"]


def test_plurals_follow_the_count():
    spanish = language("es-ES")
    assert spanish("result.tries_left", count=1) == "Te queda 1 intento más."
    assert spanish("result.tries_left", count=3) == "Te quedan 3 intentos más."
    assert ENGLISH("result.tries_left", count=2) == "You have 2 more tries."


def test_texts_nest_and_list_in_the_readers_language():
    said = Text("list.and", {"first": "a", "last": text("grading.best")})
    assert language("es-ES").render(said) == "a y tu mejor intento"
    assert ENGLISH.listed(["one", "two", "three"]) == "one, two and three"
    assert str(text("says.welcome_back", answered=3, total=15)) == "Welcome back! You have answered 3 of 15."
