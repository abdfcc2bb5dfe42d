"""The catalogues, in gettext's format: `locales/messages.pot` is the English source of every key, and
`locales/<code>.po` one language's translation of it, as Poedit, Weblate or Crowdin read and write them.

An entry's `msgctxt` is the key the code names (`quiz.closed`), its `msgid` the English and its `msgstr`
the translation. A message that depends on a number is a gettext plural (`msgid_plural`, one `msgstr[n]`
per form of the language's `Plural-Forms` header), picked by its `count` value.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as Entry
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from bot.i18n.text import Localized, Share, Text

LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE = "en"
TEMPLATE = LOCALES / "messages.pot"

PluralRule = Callable[[int], int]


def english_rule(count: int) -> int:
    """gettext's own choice between `msgid` and `msgid_plural`: the first for 1, the second otherwise."""
    return 0 if count == 1 else 1


@dataclass(frozen=True, slots=True)
class Plural:
    """A message said by a number: one form per plural form of its language, `rule` picking the form."""

    forms: tuple[str, ...]
    rule: PluralRule = field(default=english_rule, compare=False, repr=False)

    def pick(self, count: object) -> str:
        if not isinstance(count, int):
            return self.forms[-1]
        return self.forms[min(self.rule(count), len(self.forms) - 1)]


Message = str | Plural


def placeholders(message: Message) -> frozenset[str]:
    """The `{names}` a message uses (in any of a plural's forms)."""
    forms = (message,) if isinstance(message, str) else message.forms
    return frozenset(
        name.split(".")[0].split("[")[0]
        for form in forms
        for _, name, _, _ in string.Formatter().parse(form)
        if name is not None
    )


def _message(forms: tuple[str, ...], rule: PluralRule) -> Message:
    # A plural with one text for every number reads as that text (a language without that plural).
    return forms[0] if len(set(forms)) == 1 else Plural(forms, rule)


def read_template(path: Path) -> dict[str, Message]:
    """The English of every key, from the template's msgids."""
    return {
        _key(entry, path): _message(_texts(entry.id), english_rule)
        for entry in _read(path)
        if entry.id  # the empty msgid is the header
    }


def read_translation(path: Path) -> dict[str, Message]:
    """A language's translated keys. Untranslated and fuzzy entries are left out: English shows instead."""
    catalog = _read(path)
    try:
        rule = gettext.c2py(catalog.plural_expr)
    except ValueError as error:  # a hand-edited header; translators' tools write a good one
        raise ValueError(
            f"{path.name}: its Plural-Forms header is not a gettext plural rule ({error})"
        ) from None
    messages: dict[str, Message] = {}
    for entry in catalog:
        forms = _texts(entry.string)
        if entry.id and not entry.fuzzy and all(forms):
            messages[_key(entry, path)] = _message(forms, rule)
    return messages


def _texts(said: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """An entry's msgid or msgstr as its forms: one, or one per plural form."""
    if said is None:
        return ("",)
    return (said,) if isinstance(said, str) else tuple(said)


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _key(entry: Entry, path: Path) -> str:
    if not entry.context:
        raise ValueError(f"{path.name}: the entry {entry.id!r} has no msgctxt, the key the bot names it by")
    return entry.context


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

    def number(self, value: float) -> str:
        """A number as this language writes it: "6.67" is "6,67" in Spanish; a whole number as it is."""
        return str(self._value(value))

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


def code_of(path: Path) -> str:
    """A translation's language, named as Discord names locales: `pt-BR.po` (or gettext's `pt_BR.po`)."""
    return path.stem.replace("_", "-")


def _load() -> dict[str, Language]:
    english = Language(SOURCE, read_template(TEMPLATE))
    others = {code_of(p): read_translation(p) for p in LOCALES.glob("*.po") if code_of(p) != SOURCE}
    return {SOURCE: english} | {code: Language(code, others[code], english) for code in sorted(others)}


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
