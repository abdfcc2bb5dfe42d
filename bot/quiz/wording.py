"""Times typed in any language the bot speaks, rewritten into the English form bot/quiz/when.py reads.

Day and month names (wide and abbreviated) come from CLDR through Babel, so a new catalogue brings
them with it; its phrases (`pasado mañana`, `a última hora`) and small words (`días`, `hoy`) come from
`words/<code>.toml`, a table of rewrites per language. Text is compared lowercased and without accents
(`miércoles` and `miercoles` alike). An abbreviation that is two things in one language (Spanish `mar`,
both martes and marzo) is left out rather than guessed.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

WORDS = Path(__file__).resolve().parent / "words"
CANONICAL = "en"
# `17h`, `17h30`, `17:00h`: how many teachers write a time of day; never a wait unless after `in`.
_HOUR_H = re.compile(r"(?<![\w:.])(\d{1,2})h(\d{2})?(?![\w:])")
_CLOCK_H = re.compile(r"(?<![\w:.])(\d{1,2}:\d{2})h(?!\w)")
# `17.00`: a time when it cannot be a day and month (minutes 00 or over 12), or after `at`.
_DOTTED = re.compile(r"(?<![\w.:/-])(at )?(\d{1,2})\.(\d{2})(?![\w.:/-])")


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def fold(text: str) -> str:
    """Lowercase, without accents: how typed text and every word it is compared with are written."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def english_weekdays() -> tuple[str, ...]:
    """Monday to Sunday as the reader knows them: CLDR's English names, lowercased."""
    wide = _locale(CANONICAL).days["format"]["wide"]
    return tuple(fold(wide[i]) for i in range(7))


def english_months() -> tuple[str, ...]:
    wide = _locale(CANONICAL).months["format"]["wide"]
    return tuple(fold(wide[i]) for i in range(1, 13))


@dataclass(frozen=True, slots=True)
class Wording:
    """One language's rewrites: phrases first, then single words, into the reader's English form."""

    phrases: tuple[tuple[re.Pattern[str], str], ...]
    words: dict[str, str]

    def rewrite(self, text: str) -> str:
        for pattern, into in self.phrases:
            text = pattern.sub(into, text)
        said = (self.words.get(word, self.words.get(word.rstrip("."), word)) for word in text.split())
        return " ".join(word for word in said if word)


def _table(code: str) -> dict[str, dict[str, str]]:
    path = WORDS / f"{code}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        return tomllib.load(file)


def _names(code: str) -> dict[str, str]:
    """Every CLDR day and month name of a language, to the reader's English name."""
    try:
        locale = _locale(code)
    except (UnknownLocaleError, ValueError):
        return {}
    found: dict[str, set[str]] = {}
    targets = ((locale.days, english_weekdays(), range(7)), (locale.months, english_months(), range(1, 13)))
    for names, english, numbers in targets:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for n, number in enumerate(numbers):
                    name = fold(names[context][width][number]).rstrip(".")
                    found.setdefault(name, set()).add(english[n])
    return {name: next(iter(into)) for name, into in found.items() if len(into) == 1}


@cache
def wording(code: str) -> Wording:
    table = _table(code)
    phrases = tuple((re.compile(fold(p)), into) for p, into in table.get("phrases", {}).items())
    words = _names(code) | {fold(word): into for word, into in table.get("words", {}).items()}
    return Wording(phrases, words)


def canonical(words: str, code: str) -> str:
    """`words` (lowercased, spaces single) in the form the reader reads, as a teacher of `code` means it."""
    text = fold(words)
    if code != CANONICAL:
        text = wording(code).rewrite(text)
    text = wording(CANONICAL).rewrite(text)
    if text.startswith("in ") or text.endswith(" from now"):
        return text  # a wait: `in 17h` stays 17 hours
    text = _CLOCK_H.sub(r"\1", text)
    text = _HOUR_H.sub(lambda m: f"{m[1]}:{m[2] or '00'}", text)
    return _DOTTED.sub(_dotted, text)


def _dotted(match: re.Match[str]) -> str:
    at, hour, minute = match.groups()
    if at or minute == "00" or int(minute) > 12:
        return f"{at or ''}{hour}:{minute}"
    return match.group()
