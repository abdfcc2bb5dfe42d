"""Writes the gettext catalogue from the TOML one it replaces: `python -m bot.i18n.convert [folder]`.

Reads `en.toml` (the English source) and every other `<code>.toml` in the folder (default: the bot's
locales) and writes `messages.pot` and `<code>.po` beside them, the same bytes on every run. Keys become
`msgctxt`, English the `msgid`; a `{ one = …, other = … }` table becomes a gettext plural with the
language's Plural-Forms from Babel (the `one` text for the form 1 takes, `other` for every other form);
a key that is a plural in any language is one in all. A comment becomes a note on the keys it
describes: English ones `#.` (what tools show translators), a translation's own `#`. The TOML files are
left for whoever runs this to delete.
"""

from __future__ import annotations

import gettext
import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot.i18n.catalogue import LOCALES, SOURCE, TEMPLATE, Message, Plural, code_of
from bot.i18n.tomlfiles import TomlCatalogue, read_toml

PROJECT = "classroom-tutor-bot"
# Fixed, so that a rerun writes the same bytes; translators' tools stamp their own revision dates.
WRITTEN = datetime(2026, 12, 4, tzinfo=UTC)
TEMPLATE_HEADER = (
    "Everything the bot says, in English: the template every language translates. Each entry's msgctxt"
    " is the key the bot names it by: never change it. `{name}` is filled in by the bot; keep each one"
    " in a translation. `<t:…>` times are Discord's, shown in each reader's language and zone. How to"
    ' add a language: README.md, "Languages" (under "What people see").'
)


def catalogues(folder: Path) -> dict[str, bytes]:
    """The gettext files for the TOML ones in `folder`: file name to content."""
    english = read_toml(folder / f"{SOURCE}.toml")
    translations = {code_of(p): read_toml(p) for p in sorted(folder.glob("*.toml")) if p.stem != SOURCE}
    plural = {
        key
        for messages in [english.messages, *(t.messages for t in translations.values())]
        for key, message in messages.items()
        if isinstance(message, Plural)
    }
    template = Catalog(project=PROJECT, header_comment=_header(TEMPLATE_HEADER), creation_date=WRITTEN)
    for key, message in english.messages.items():
        _add(template, key, _forms(message, key in plural, 2), auto_comments=english.notes[key])
    files = {TEMPLATE.name: _written(template)}
    for code, translation in translations.items():
        files[f"{code}.po"] = _written(_translated(code, translation, english, plural))
    return files


def _translated(code: str, translation: TomlCatalogue, english: TomlCatalogue, plural: set[str]) -> Catalog:
    catalog = Catalog(
        locale=code.replace("-", "_"),
        project=PROJECT,
        header_comment=_header(translation.header.replace("en.toml", TEMPLATE.name)),
        creation_date=WRITTEN,
        revision_date=WRITTEN,
        fuzzy=False,
    )
    forms = catalog.num_plurals
    rule = gettext.c2py(catalog.plural_expr)
    # Keys English lacks are kept too (their own text as msgid), so the tests can name them.
    for key in [*english.messages, *(k for k in translation.messages if k not in english.messages)]:
        source = english.messages.get(key) or translation.messages[key]
        said = translation.messages.get(key)
        _add(
            catalog,
            key,
            _forms(source, key in plural, 2),
            string=_forms(said, key in plural, forms, rule(1)) if said else _blank(key in plural, forms),
            auto_comments=english.notes.get(key, []),
            user_comments=translation.notes.get(key, []),
        )
    return catalog


def _add(catalog: Catalog, key: str, source: str | tuple[str, ...], **more: Any) -> None:
    entry = catalog.add(source, context=key, **more)
    # Babel takes "80 % right" for a %-format; the bot fills only `{names}` (python-brace-format).
    entry.flags.discard("python-format")


def _forms(message: Message, plural: bool, count: int, one: int = 0) -> str | tuple[str, ...]:
    """A message as gettext writes it: its text, or `count` plural forms (the `one` text at index `one`)."""
    if not plural:
        assert isinstance(message, str)
        return message
    if isinstance(message, str):
        return (message,) * count
    first, other = message.forms
    return tuple(first if index == one and count > 1 else other for index in range(count))


def _blank(plural: bool, count: int) -> str | tuple[str, ...]:
    return ("",) * count if plural else ""


def _header(text: str) -> str:
    return f"# {text}"


def _written(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=76, sort_output=False, include_previous=False)
    return out.getvalue().rstrip(b"\n") + b"\n"


def convert(folder: Path) -> list[Path]:
    written = []
    for name, content in catalogues(folder).items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else LOCALES
    if not (folder / f"{SOURCE}.toml").is_file():
        print(f"error: no {SOURCE}.toml in {folder}: nothing to convert", file=sys.stderr)
        return 1
    for path in convert(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
