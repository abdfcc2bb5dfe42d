"""TEMPORARY (replaced by the content branch): a lesson's full content as canonical text, and back."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from bot.content.model import Lesson, Question, Section


def to_record(lesson: Lesson) -> str:
    return json.dumps(dataclasses.asdict(lesson), sort_keys=True, ensure_ascii=False)


def from_record(text: str) -> Lesson:
    data = json.loads(text)
    return Lesson(
        data["id"],
        data["title"],
        data["minutes"],
        data["reviewed"],
        tuple(Section(**s) for s in data["sections"]),
        tuple(
            Question(q["prompt"], tuple(q["options"]), q["answer_index"], q["explanation"])
            for q in data["questions"]
        ),
    )


def content_hash(lesson: Lesson) -> str:
    return hashlib.sha256(to_record(lesson).encode()).hexdigest()
