"""The catalogues: every shipped language says everything English says, with the same placeholders."""

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import ENGLISH, LANGUAGES, Language, Plural, Text, language, text, translated
from bot.i18n.catalogue import LOCALES, code_of, placeholders, read_translation

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


def _catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


TEMPLATE = _catalogue(LOCALES / "messages.pot")


@pytest.mark.parametrize("path", sorted(LOCALES.glob("*.po")), ids=lambda path: path.name)
def test_translations_are_of_the_current_english(path):
    # msgmerge (or a tool's "update from POT") marks an entry whose English changed fuzzy: it shows in
    # English until someone checks it and clears the mark.
    translation = _catalogue(path)
    english = {entry.context: entry.id for entry in TEMPLATE if entry.id}
    entries = [entry for entry in translation if entry.id]
    assert [entry.context for entry in entries if entry.fuzzy] == []
    assert [entry.context for entry in entries if english.get(entry.context, entry.id) != entry.id] == []
    plurals = [entry for entry in entries if entry.pluralizable]
    assert all(isinstance(e.string, tuple) and len(e.string) == translation.num_plurals for e in plurals)


PO = """\
msgid ""
msgstr ""
"Language: pl\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "result.tries_left"
msgid "You have 1 more try."
msgid_plural "You have {count} more tries."
msgstr[0] "Masz jeszcze 1 próbę."
msgstr[1] "Masz jeszcze {count} próby."
msgstr[2] "Masz jeszcze {count} prób."

#, fuzzy
msgctxt "result.no_tries"
msgid "You have used all your tries."
msgstr "Wykorzystałeś już wszystkie próby."

msgctxt "result.great"
msgid "Great work!"
msgstr ""
"""


def test_a_language_brings_its_own_plural_forms_and_leaves_out_what_is_unsure(tmp_path):
    (tmp_path / "pl.po").write_text(PO, encoding="utf-8")
    polish = Language("pl", read_translation(tmp_path / "pl.po"), ENGLISH)
    said = [polish("result.tries_left", count=n) for n in (1, 3, 5, 22, 25)]
    assert said == [
        "Masz jeszcze 1 próbę.",
        "Masz jeszcze 3 próby.",
        "Masz jeszcze 5 prób.",
        "Masz jeszcze 22 próby.",
        "Masz jeszcze 25 prób.",
    ]
    # Fuzzy (its English changed since) and untranslated entries show in English.
    assert sorted(polish.messages) == ["result.tries_left"]
    assert polish("result.no_tries") == "You have used all your tries."
    assert code_of(tmp_path / "pt_BR.po") == code_of(tmp_path / "pt-BR.po") == "pt-BR"


def test_a_broken_plural_rule_names_its_file(tmp_path):
    (tmp_path / "pl.po").write_text(PO.replace("plural=(n==1", "plural=(import os"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"^pl.po: its Plural-Forms header is not a gettext plural rule"):
        read_translation(tmp_path / "pl.po")
