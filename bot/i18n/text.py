"""A message to show someone, before it is put in their language: a catalogue key and its values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Text:
    """What to say, by catalogue key, with the values of its `{placeholders}`.

    A value may itself be a Text (said in the same language), a tuple of Texts (said as a list:
    "a, b and c"), or a Localized value (said by its own `said_in`). Code without Discord returns these;
    the Discord layer picks the language.
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        from bot.i18n.catalogue import ENGLISH  # noqa: PLC0415 - the catalogue imports this module

        return ENGLISH.render(self)


@runtime_checkable
class Localized(Protocol):
    """A value said differently per language without a catalogue key: a day or month name from CLDR."""

    def said_in(self, code: str) -> str: ...


def text(key: str, **values: Any) -> Text:
    return Text(key, values)


@dataclass(frozen=True, slots=True)
class Share:
    """A fraction to show as a percentage, written as the reader's language writes one ("80%", "80 %")."""

    value: float


def percent(value: float) -> Share:
    return Share(value)
