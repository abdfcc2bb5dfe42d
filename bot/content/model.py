"""The lesson model: plain, immutable records with no knowledge of Discord or storage."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


def question_key(prompt: str) -> str:
    """The key of a question that has none of its own: the same for prompts that differ only in
    case, spacing or punctuation, so fixing a comma keeps the question's place in reports."""
    folded = unicodedata.normalize("NFKC", prompt).casefold()
    words = "".join(c for c in folded if not unicodedata.category(c).startswith("P")).split()
    return "q-" + hashlib.blake2b(" ".join(words).encode(), digest_size=5).hexdigest()


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    body: str
    image: str | None = None


class Kind(StrEnum):
    """What a student does to answer. Each kind keeps its right answer in `options` and `answer_index`
    as a one-option question does, so a record of any kind reads back with the same checks:

    - CHOICE, TRUE_FALSE: one right option, `answer_index`;
    - CHOOSE_ALL: every right option in `right` (`answer_index` is the first of them);
    - TYPED: `options` are the accepted answers (`answer_index` 0); a number, with `tolerance`;
    - ORDER: `options` in their right order (`answer_index` 0), shown shuffled.
    """

    CHOICE = "choice"
    TRUE_FALSE = "true-false"
    CHOOSE_ALL = "choose-all"
    TYPED = "typed"
    ORDER = "order"


@dataclass(frozen=True, slots=True)
class Bank:
    """A group of questions of which each attempt asks `draw`, chosen by the attempt's seed."""

    name: str
    draw: int


@dataclass(frozen=True, slots=True)
class Question:
    """One quiz question. An empty `key` is derived from the prompt (see `question_key`)."""

    prompt: str
    options: tuple[str, ...]
    answer_index: int
    explanation: str = ""
    key: str = ""
    image: str | None = None
    # Added after FORMAT 1 of the record: at their defaults they leave a lesson's record unchanged.
    kind: Kind = Kind.CHOICE
    right: tuple[int, ...] = ()
    tolerance: float | None = None
    bank: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", question_key(self.prompt))
        object.__setattr__(self, "kind", Kind(self.kind))

    @property
    def answer(self) -> str:
        """The right answer as one text, for a screen or a report."""
        if self.kind is Kind.CHOICE:
            return self.options[self.answer_index]
        if self.kind is Kind.CHOOSE_ALL:
            return ", ".join(self.options[i] for i in self.right)
        if self.kind is Kind.ORDER:
            return " → ".join(self.options)
        if self.kind is Kind.TYPED and self.tolerance:
            return f"{self.options[0]} ± {number_text(self.tolerance)}"
        return self.options[self.answer_index]

    @property
    def identity(self) -> str:
        """`key` plus what makes an answer right or wrong: the options (in any order) and the answer.

        Two versions' questions with the same identity can share a report row; a changed option or
        answer makes a different question even under the same key.
        """
        if self.kind is Kind.CHOICE:
            judged = json.dumps([sorted(self.options), self.answer], ensure_ascii=False)
        else:
            # The order of the options is part of an ORDER question's answer, so it is kept for all kinds.
            given = [self.kind, list(self.options), self.answer_index, list(self.right), self.tolerance]
            judged = json.dumps(given, ensure_ascii=False)
        return f"{self.key}:{hashlib.blake2b(judged.encode(), digest_size=4).hexdigest()}"


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: str
    # Optional: the card computes its reading time (bot/content/reading.py); kept when a file gives them.
    minutes: int | None
    reviewed: int | None
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    language: str | None = None
    partial_credit: bool = False
    ignore_accents: bool = False
    banks: tuple[Bank, ...] = ()

    @property
    def asked(self) -> int:
        """How many questions each attempt asks: every one outside a bank, and each bank's draw."""
        return sum(1 for q in self.questions if not q.bank) + sum(bank.draw for bank in self.banks)

    def as_json(self) -> dict[str, object]:
        """The public JSON shape that `python -m bot show --json` prints; tools depend on it."""
        from bot.content.reading import reading_minutes  # noqa: PLC0415 - reading imports this module

        return {
            "id": self.id,
            "title": self.title,
            "minutes": self.minutes if self.minutes is not None else reading_minutes(self),
            "sections": [{"heading": s.heading, "body": s.body} for s in self.sections],
            "questions": [_question_json(q) for q in self.questions],
            **({"partial_credit": True} if self.partial_credit else {}),
            **({"ignore_accents": True} if self.ignore_accents else {}),
            **({"banks": [{"name": b.name, "draw": b.draw} for b in self.banks]} if self.banks else {}),
        }


def _question_json(q: Question) -> dict[str, object]:
    """A question's JSON: the keys every question has, then those of its kind and bank when it has them."""
    shown: dict[str, object] = {
        "prompt": q.prompt,
        "options": list(q.options),
        "answer": q.answer,
        "explanation": q.explanation,
    }
    if q.kind is not Kind.CHOICE:
        shown["type"] = str(q.kind)
    if q.kind is Kind.CHOOSE_ALL:
        shown["answers"] = [q.options[i] for i in q.right]
    if q.kind is Kind.TYPED:
        shown["answers"] = list(q.options)
        if q.tolerance is not None:
            shown["tolerance"] = q.tolerance
    if q.bank:
        shown["bank"] = q.bank
    return shown


def number_text(value: float) -> str:
    """A number as a teacher would write it: 3 not 3.0, 0.01 not 1e-02."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text
