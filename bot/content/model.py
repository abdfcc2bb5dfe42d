"""The lesson model: plain, immutable records with no knowledge of Discord or storage."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass


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


@dataclass(frozen=True, slots=True)
class Question:
    """One quiz question. An empty `key` is derived from the prompt (see `question_key`)."""

    prompt: str
    options: tuple[str, ...]
    answer_index: int
    explanation: str = ""
    key: str = ""
    image: str | None = None

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", question_key(self.prompt))

    @property
    def answer(self) -> str:
        return self.options[self.answer_index]

    @property
    def identity(self) -> str:
        """`key` plus what makes an answer right or wrong: the options (in any order) and the answer.

        Two versions' questions with the same identity can share a report row; a changed option or
        answer makes a different question even under the same key.
        """
        judged = json.dumps([sorted(self.options), self.answer], ensure_ascii=False)
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

    def as_json(self) -> dict[str, object]:
        """The public JSON shape that `python -m bot show --json` prints; tools depend on it."""
        from bot.content.reading import reading_minutes  # noqa: PLC0415 - reading imports this module

        return {
            "id": self.id,
            "title": self.title,
            "minutes": self.minutes if self.minutes is not None else reading_minutes(self),
            "sections": [{"heading": s.heading, "body": s.body} for s in self.sections],
            "questions": [
                {
                    "prompt": q.prompt,
                    "options": list(q.options),
                    "answer": q.answer,
                    "explanation": q.explanation,
                }
                for q in self.questions
            ],
        }
