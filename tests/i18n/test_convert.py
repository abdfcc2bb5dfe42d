"""The TOML catalogue becomes gettext files saying exactly what it said: every key, plural and placeholder."""

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n.catalogue import LOCALES, Message, placeholders, read_template, read_translation
from bot.i18n.convert import catalogues, convert, main
from bot.i18n.tomlfiles import read_toml

FIXTURE = Path(__file__).with_name("toml")  # a small catalogue with every kind of entry and comment
COUNTS = [*range(200), 1000, 1_000_000, 2_000_000]


def said(message: Message, count: int) -> str:
    return message if isinstance(message, str) else message.pick(count)


def assert_same(toml: dict[str, Message], po: dict[str, Message]) -> None:
    """Every key with its placeholders, saying the same thing for every count."""
    assert sorted(po) == sorted(toml)
    for key, message in toml.items():
        assert placeholders(po[key]) == placeholders(message), key
        assert [said(po[key], n) for n in COUNTS] == [said(message, n) for n in COUNTS], key


@pytest.fixture
def folder(tmp_path):
    for path in FIXTURE.glob("*.toml"):
        shutil.copy(path, tmp_path)
    convert(tmp_path)
    return tmp_path


def catalogue(path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def test_every_key_plural_and_placeholder_survives(folder):
    assert_same(read_toml(folder / "en.toml").messages, read_template(folder / "messages.pot"))
    # The key Spanish lacks is written untranslated: still missing, so English shows, as before.
    assert_same(read_toml(folder / "es.toml").messages, read_translation(folder / "es.po"))


def test_keys_are_contexts_and_plurals_are_gettext_plurals(folder):
    template, spanish = catalogue(folder / "messages.pot"), catalogue(folder / "es.po")
    tries = template.get("You have 1 more try.", context="says.tries")
    assert tries.id == ("You have 1 more try.", "You have {count} more tries.")
    # A plural in any language is one in all: Spanish says "1 terminado", English the same either way.
    assert template.get("{count} finished", context="says.finished").id == ("{count} finished",) * 2
    assert spanish.plural_forms == Catalog(locale="es").plural_forms
    assert spanish.get("{count} finished", context="says.finished").string == (
        "1 terminado",
        "{count} terminados",
        "{count} terminados",
    )
    cant_use = spanish.get(("Fix this in {file}:", "Fix these in {file}:"), context="says.cant_use")
    assert cant_use.string == ("Corrige esto en {file}:",) * 3
    assert spanish.get("Only in English.", context="says.missing").string == ""
    assert all("python-format" not in entry.flags for entry in spanish)
    assert "python-brace-format" in spanish.get("{first} and {last}", context="list.and").flags


def test_comments_become_notes_for_translators(folder):
    template, spanish = catalogue(folder / "messages.pot"), catalogue(folder / "es.po")
    notes = {entry.context: entry.auto_comments for entry in template if entry.id}
    assert notes["list.and"] == []
    assert notes["says.closed"] == ["Refusals during a quiz."]
    assert notes["says.tries"] == notes["says.missing"] == ["Refusals during a quiz.", "Said with a count."]
    menu = ["The `/` menu: names lowercase."]
    assert notes["commands.quiz.options.lesson.about"] == notes["commands.live.name"] == menu
    assert notes["choices.after-close"] == []
    finished = spanish.get("{count} finished", context="says.finished")
    assert finished.user_comments == ["Aquí el número cambia la palabra."]
    assert finished.auto_comments == notes["says.finished"]
    assert template.header_comment.startswith("# Everything the bot says, in English")
    assert spanish.header_comment == "# Lo que dice el bot."


def test_a_rerun_writes_the_same_bytes(folder):
    assert catalogues(folder) == {p.name: p.read_bytes() for p in sorted(folder.glob("*.po*"))}


MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext is not installed")
def test_gnu_gettext_accepts_the_files(folder):
    # msgfmt --check compares each translation's {placeholders} with its msgid's, as translators' tools do.
    for name in ("messages.pot", "es.po"):
        checked = subprocess.run(
            [str(MSGFMT), "--check", "-o", "/dev/null", folder / name], check=False, capture_output=True
        )
        assert checked.returncode == 0, checked.stderr.decode()


def test_a_folder_without_english_is_refused(tmp_path, capsys):
    assert main([str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"error: no en.toml in {tmp_path}: nothing to convert\n"


@pytest.mark.skipif(not (LOCALES / "en.toml").exists(), reason="the catalogue is gettext only")
def test_the_gettext_files_are_converted_from_the_toml_still_there():
    # While branches that add TOML keys are merged: run `python -m bot.i18n.convert`, then delete the TOML.
    on_disk = {p.name: p.read_bytes() for p in sorted(LOCALES.glob("*.po*"))}
    assert catalogues(LOCALES) == on_disk, "run: python -m bot.i18n.convert"
    assert_same(read_toml(LOCALES / "en.toml").messages, read_template(LOCALES / "messages.pot"))
    for path in LOCALES.glob("*.po"):
        assert_same(read_toml(path.with_suffix(".toml")).messages, read_translation(path))
