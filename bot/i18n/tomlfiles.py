"""The catalogue as it was first written, TOML: read for `python -m bot.i18n.convert` to write as gettext.

A file's nested tables make dotted keys (`[quiz] closed = "…"` is `quiz.closed`); a message that depends
on a number is a table `{ one = "…", other = "…" }`. Its comments are kept as notes for translators.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.i18n.catalogue import Message, Plural

_PLURAL = frozenset({"one", "other"})
_TABLE = re.compile(r"\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"([A-Za-z0-9_.\- ]+?)\s*=")


@dataclass(frozen=True)
class TomlCatalogue:
    messages: dict[str, Message]
    header: str  # the file's opening comment
    notes: dict[str, list[str]]  # the comment lines about each key


def read_toml(path: Path) -> TomlCatalogue:
    text = path.read_text("utf-8")
    messages: dict[str, Message] = {}
    _flatten(tomllib.loads(text), "", messages, path.name)
    header, notes = _comments(text)
    return TomlCatalogue(messages, header, {key: _note(notes, key) for key in messages})


def _flatten(table: dict[str, Any], prefix: str, into: dict[str, Message], where: str) -> None:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, str):
            into[key] = value
        elif (
            isinstance(value, dict)
            and set(value) == _PLURAL
            and all(isinstance(v, str) for v in value.values())
        ):
            into[key] = Plural((value["one"], value["other"]))
        elif isinstance(value, dict):
            _flatten(value, f"{key}.", into, where)
        else:
            raise ValueError(f"{where}: {key} is neither text nor a table")


def _comments(text: str) -> tuple[str, dict[str, list[str]]]:
    """The opening comment, and the notes (a paragraph per comment) for each table or key line by name.

    A comment above a key describes it and the keys after it in its table; above a `[table]`, that
    table and, until another such comment, the later tables of its top section (`[commands.*]`).
    """
    header: list[str] = []
    pending: list[str] = []  # the lines of the comment being read
    notes: dict[str, list[str]] = {}
    by_section: dict[str, list[str]] = {}
    table, table_note, key_note = "", list[str](), list[str]()
    for line in (line.strip() for line in text.splitlines()):
        if line.startswith("#"):
            pending.append(line.removeprefix("#").strip())
        elif not line:
            if not notes and not table and pending:  # the file's opening comment, then a blank line
                header, pending = pending, []
        elif found := _TABLE.fullmatch(line):
            table = _dotted(found[1])
            section = table.split(".")[0]
            if pending:
                by_section[section] = [_paragraph(pending)]
            table_note, key_note, pending = by_section.get(section, []), [], []
        elif found := _KEY.match(line):
            if pending:
                key_note, pending = [_paragraph(pending)], []
            notes[".".join(filter(None, (table, _dotted(found[1]))))] = table_note + key_note
    return _paragraph(header), notes


def _paragraph(lines: list[str]) -> str:
    # Tools wrap a note to their own width: hard-wrapped lines would break mid-sentence.
    return " ".join(filter(None, lines))


def _dotted(name: str) -> str:
    return ".".join(part.strip() for part in name.split("."))


def _note(notes: dict[str, list[str]], key: str) -> list[str]:
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        if (found := notes.get(".".join(parts[:end]))) is not None:
            return found
    return []
