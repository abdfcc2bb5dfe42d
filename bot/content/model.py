"""The lesson model: plain, immutable records with no knowledge of Discord or storage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    body: str


@dataclass(frozen=True, slots=True)
class Question:
    prompt: str
    options: tuple[str, ...]
    answer_index: int
    explanation: str

    @property
    def answer(self) -> str:
        return self.options[self.answer_index]


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: str
    minutes: int
    reviewed: int
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]

    def as_json(self) -> dict[str, object]:
        """The public JSON shape that `python -m bot show --json` prints; tools depend on it."""
        return {
            "id": self.id,
            "title": self.title,
            "minutes": self.minutes,
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
