"""The catalogues: one TOML file per language in `locales/`, English (`en.toml`) the source of every key.

A file's nested tables make dotted keys (`[quiz] closed = "…"` is `quiz.closed`). A message that
depends on a number is a table `{ one = "…", other = "…" }`, picked by its `count` value.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal, format_percent

from bot.i18n.text import Localized, Share, Text

LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE = "en"
_PLURAL = frozenset({"one", "other"})


@dataclass(frozen=True, slots=True)
class Plural:
    one: str
    other: str

    def pick(self, count: object) -> str:
        # English and Spanish both say one thing for 1 and another for every other number.
        return self.one if count == 1 else self.other


Message = str | Plural


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
            into[key] = Plural(value["one"], value["other"])
        elif isinstance(value, dict):
            _flatten(value, f"{key}.", into, where)
        else:
            raise ValueError(f"{where}: {key} is neither text nor a table")


def read_catalogue(path: Path) -> dict[str, Message]:
    with path.open("rb") as file:
        data = tomllib.load(file)
    messages: dict[str, Message] = {}
    _flatten(data, "", messages, path.name)
    return messages


def placeholders(message: Message) -> frozenset[str]:
    """The `{names}` a message uses (both forms of a plural)."""
    forms = (message,) if isinstance(message, str) else (message.one, message.other)
    return frozenset(
        name.split(".")[0].split("[")[0]
        for form in forms
        for _, name, _, _ in string.Formatter().parse(form)
        if name is not None
    )


class Language:
    """One language's messages, falling back to English for any key it lacks."""

    def __init__(self, code: str, messages: dict[str, Message], fallback: Language | None = None) -> None:
        self.code = code
        self.messages = messages
        self._fallback = fallback

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def message(self, key: str) -> Message:
        found = self.messages.get(key)
        if found is not None:
            return found
        if self._fallback is not None:
            return self._fallback.message(key)
        raise KeyError(f"no message {key!r} in the catalogue")

    def __call__(self, key: str, **values: Any) -> str:
        """The message `key`, in this language, with its placeholders filled."""
        message = self.message(key)
        form = message if isinstance(message, str) else message.pick(values.get("count"))
        return form.format_map({name: self._value(value) for name, value in values.items()})

    def _locale(self) -> str:
        return self.code.replace("-", "_")

    def render(self, said: Text) -> str:
        return self(said.key, **said.values)

    def listed(self, items: list[str]) -> str:
        """Items as a sentence says them: "a", "a and b", "a, b and c"."""
        if len(items) <= 1:
            return "".join(items)
        return self("list.and", first=self("list.comma").join(items[:-1]), last=items[-1])

    def _value(self, value: Any) -> Any:
        # Numbers are written by the locale's rules (Babel's CLDR data), never by hand: "0.2" is "0,2"
        # in Spanish. Whole numbers are left as they are: counts, scores and years read the same.
        if isinstance(value, float):
            return format_decimal(value, locale=self._locale())
        if isinstance(value, Share):
            return format_percent(value.value, locale=self._locale())
        if isinstance(value, Text):
            return self.render(value)
        if isinstance(value, Localized):
            return value.said_in(self.code)
        if isinstance(value, tuple) and all(isinstance(v, Text) for v in value):
            return self.listed([self.render(v) for v in value])
        return value


def _load() -> dict[str, Language]:
    english = Language(SOURCE, read_catalogue(LOCALES / f"{SOURCE}.toml"))
    found = {SOURCE: english}
    for path in sorted(LOCALES.glob("*.toml")):
        if path.stem != SOURCE:
            found[path.stem] = Language(path.stem, read_catalogue(path), english)
    return found


LANGUAGES = _load()
ENGLISH = LANGUAGES[SOURCE]


def language(locale: str | None) -> Language:
    """The language for a Discord locale ("es-ES", "es-419", "pt-BR"…): exact, else by its first part."""
    if not locale:
        return ENGLISH
    return LANGUAGES.get(locale) or LANGUAGES.get(locale.split("-")[0]) or ENGLISH


def translated(locale: str | None) -> Language | None:
    """The language shipped for a locale, or None when it would fall back to English."""
    found = language(locale)
    return None if found is ENGLISH else found
