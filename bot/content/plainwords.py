"""The words of the plain-text form (content/words.toml) and the lines of each kind of question.

    True or false: The Sun is a star.    a true/false question: the prefix, then two options, one *
    Which are planets?                   choose all that apply: each option ticked [x] or not [ ]
    - [x] Mars
    - [ ] The Moon
    What gas do plants take in?          a typed answer: no options, one `Answer:` line per spelling
    Answer: carbon dioxide               accepted; a number takes a tolerance, `Answer: 3.14 ± 0.01`
    Put in order: smallest first.        put in order: the prefix, then the options in the right order
    Bank: planets                        under a question: the bank it is drawn from

At the top, beside `Id:`: `Bank: planets, draw 2`, `Partial credit: yes`, `Ignore accents: yes`.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from bot.content.model import Kind

# A word and what follows its colon: `True or false: ...`, `Answer: ...`, `Partial credit: yes`.
_PREFIX = re.compile(r"([^:]{1,30}?)\s*:\s*(.*)")
_BOX = re.compile(r"\[([ xX✓✔])\]\s*(.*)")
_NUMBER = re.compile(r"[-+]?\d{1,15}(?:[.,]\d{1,15})?(?:[eE][-+]?\d{1,3})?")
_TOLERANCE = re.compile(rf"({_NUMBER.pattern})\s*(?:±|\+/-|\+-)\s*({_NUMBER.pattern})")
_BANK = re.compile(r"([a-z0-9][a-z0-9_-]{0,47})\s*[,;]?\s*(\S+)\s+(\d{1,3})", re.IGNORECASE)
_WORDS = Path(__file__).with_name("words.toml")


@cache
def _tables() -> dict[str, dict[str, list[str]]]:
    with _WORDS.open("rb") as file:
        return tomllib.load(file)


@cache
def words() -> dict[str, frozenset[str]]:
    """Each kind of word in words.toml (`quiz`, `answers`, `reviewed`...), every language's together."""
    kinds: dict[str, set[str]] = {}
    for table in _tables().values():
        for kind, found in table.items():
            kinds.setdefault(kind, set()).update(plain(word) for word in found)
    return {kind: frozenset(found) for kind, found in kinds.items()}


def word(kind: str, language: str | None) -> str:
    """The word a writer uses for `kind` in `language` (its first), English when it has none."""
    table = _tables().get((language or "en").split("-")[0].casefold(), {})
    return (table.get(kind) or _tables()["en"][kind])[0]


def plain(line: str) -> str:
    """A heading as compared with the words: no `#`, colon, case, dashes or repeated spaces."""
    return " ".join(re.sub(r"^#+|:$", "", line.strip()).replace("-", " ").casefold().split())


def labelled(line: str, kind: str) -> str | None:
    """What follows `Word:` on the line when Word is one of `kind`'s words, else None."""
    found = _PREFIX.fullmatch(line)
    return found.group(2).strip() if found and plain(found.group(1)) in words()[kind] else None


def prompt_kind(prompt: str) -> tuple[Kind, str]:
    """A prompt's kind by its prefix, and the prompt without it."""
    for kind, name in ((Kind.TRUE_FALSE, "true_false"), (Kind.ORDER, "order")):
        rest = labelled(prompt, name)
        if rest:
            return kind, rest
    return Kind.CHOICE, prompt


def box(option: str) -> tuple[bool, str] | None:
    """A choose-all option's tick and text, `[x] Mars` -> (True, "Mars"); None when it has no box."""
    found = _BOX.fullmatch(option)
    return None if found is None else (found.group(1) != " ", found.group(2).strip())


def accepted(lines: list[str]) -> dict[str, object]:
    """A typed question's fields from its `Answer:` lines: a number with a tolerance, else texts."""
    if len(lines) == 1:
        if number := _NUMBER.fullmatch(lines[0]):
            return {"answer": _number(number.group(0))}
        if ranged := _TOLERANCE.fullmatch(lines[0]):
            return {"answer": _number(ranged.group(1)), "tolerance": _number(ranged.group(2))}
    return {"answers": lines}


def _number(text: str) -> int | float:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() and "." not in text and "," not in text else value


def question_label(line: str) -> tuple[str, str] | None:
    """An `Answer: ...` or `Bank: ...` line under a question, as the field it gives and its text."""
    for name, field in (("accepted", "answers"), ("bank", "bank")):
        value = labelled(line, name)
        if value is not None:
            return field, value
    return None


def lesson_option(line: str) -> tuple[str, object] | None:
    """A lesson option line at the top: ("partial_credit", True), ("banks", {"name": .., "draw": ..})."""
    for name in ("partial_credit", "ignore_accents"):
        value = labelled(line, name)
        if value is not None:
            return name, plain(value) in words()["yes"]
    value = labelled(line, "bank")
    if value is not None and (found := _BANK.fullmatch(value)) and plain(found.group(2)) in words()["draw"]:
        return "banks", {"name": found.group(1), "draw": int(found.group(3))}
    return None
