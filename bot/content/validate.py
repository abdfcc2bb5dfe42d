"""Turn a lesson read from any form into a Lesson, naming the place and field of every problem.

TOML and the plain-text form both produce the same mapping (TOML's field names) and share these
checks, so a problem reads the same whichever form it was written in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from bot.content import kinds, limits
from bot.content.model import Lesson, Question, Section
from bot.content.problems import LessonError, Problem, problem

__all__ = ["LessonError", "Problem", "validate"]

# No length here: check.text reports a long id once, by its length, not also as a bad id.
LESSON_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# A key has no length check of its own, so its one problem, too long or not, is this pattern's.
QUESTION_KEY = re.compile(rf"[a-z0-9][a-z0-9_-]{{0,{limits.QUESTION_KEY - 1}}}")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")
LESSON_FIELDS = frozenset(
    {"id", "title", "minutes", "reviewed", "language", "sections", "questions"}
    | {"partial_credit", "ignore_accents", "banks"}
)
SECTION_FIELDS = frozenset({"heading", "body", "image"})
QUESTION_FIELDS = frozenset(
    {"prompt", "options", "answer", "explanation", "key", "image", "type", "answers", "tolerance", "bank"}
)


class _Checker:
    """Collects every problem in one file rather than stopping at the first."""

    def __init__(self, file: str, lines: Mapping[str, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, where: str, reason: str, /, **values: Any) -> None:
        self.problems.append(problem(self.file, where, reason, self._line(where), **values))

    def _line(self, where: str) -> int | None:
        return next((self.lines[w] for w in reversed(_places(where)) if w in self.lines), None)

    def text(self, data: Mapping[str, object], key: str, where: str, limit: int | None) -> str:
        value = data.get(key)
        field = f"{where}: {key}" if where else key
        if value is None:
            self.fail(field, "missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "not_text")
            return ""
        if limit is not None and len(value) > limit:
            self.fail(field, "too_long", length=len(value), most=limit)
        return value.strip()

    def optional(self, data: Mapping[str, object], key: str, where: str, limit: int | None) -> str | None:
        if data.get(key) in (None, ""):
            return None
        return self.text(data, key, where, limit) or None

    def pattern(self, value: str | None, field: str, pattern: re.Pattern[str], key: str) -> None:
        if value and not pattern.fullmatch(value):
            self.fail(field, key)

    def image(self, data: Mapping[str, object], where: str) -> str | None:
        field = f"{where}: image" if where else "image"
        value = self.optional(data, "image", where, None)
        if value is None:
            return None
        if len(value) > limits.IMAGE_URL:
            self.fail(field, "link_too_long", length=len(value), most=limits.IMAGE_URL)
        elif not _is_https(value):
            self.fail(field, "not_https")
        return value

    def number(self, data: Mapping[str, object], key: str, low: int, high: int) -> int | None:
        """An optional whole number: None when left out."""
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(key, "not_number", low=low, high=high)
            return None
        return value

    def tables(self, data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
        value = data.get(key)
        if value is None:
            self.fail(key, "no_tables", table=key)
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, "not_tables", table=key)
            return []
        if not value:
            self.fail(key, "empty_tables", table=key)
        return value

    def unknown(self, data: Mapping[str, object], known: frozenset[str], where: str, kind: str) -> None:
        for key in sorted(set(data) - known):
            self.fail(f"{where}: {key}" if where else key, f"unknown_{kind}")

    def section(self, number: int, data: Mapping[str, object]) -> Section:
        where = f"section {number}"
        self.unknown(data, SECTION_FIELDS, where, "section")
        return Section(
            heading=self.text(data, "heading", where, limits.EMBED_FIELD_NAME),
            body=self.text(data, "body", where, limits.EMBED_FIELD_VALUE),
            image=self.image(data, where),
        )

    def question(self, number: int, data: Mapping[str, object]) -> Question:
        where = f"question {number}"
        self.unknown(data, QUESTION_FIELDS, where, "question")
        prompt = self.text(data, "prompt", where, limits.EMBED_FIELD_VALUE)
        explanation = self.optional(data, "explanation", where, limits.EXPLANATION) or ""
        kind = kinds.kind_of(self, data, where)
        options, answer_index, right, tolerance = kinds.right_answer(self, kind, data, where)
        key = self.optional(data, "key", where, None) or ""
        self.pattern(key, f"{where}: key", QUESTION_KEY, "bad_key")
        image = self.image(data, where)
        bank = self.optional(data, "bank", where, None) or ""
        return Question(prompt, options, answer_index, explanation, key, image, kind, right, tolerance, bank)

    def options(self, data: Mapping[str, object], where: str) -> list[str]:
        raw = data.get("options")
        field = f"{where}: options"
        if raw is None:
            self.fail(field, "missing")
            return []
        if not isinstance(raw, list) or not all(isinstance(o, str) and o.strip() for o in raw):
            self.fail(field, "not_texts")
            return []
        options = [o.strip() for o in raw]
        if not limits.MIN_OPTIONS <= len(options) <= limits.MAX_OPTIONS:
            span = {"low": limits.MIN_OPTIONS, "high": limits.MAX_OPTIONS}
            self.fail(field, "option_count", count=len(options), **span)
        seen: set[str] = set()
        for n, option in enumerate(options, start=1):
            if option in seen:
                self.fail(f"{field}: option {n}", "option_twice", option=repr(option))
            seen.add(option)
            if len(option) > limits.BUTTON_LABEL:
                label = f"{field}: option {n}"
                self.fail(label, "label_too_long", length=len(option), most=limits.BUTTON_LABEL)
        return options

    def distinct(self, questions: Iterable[Question]) -> None:
        prompts: dict[str, int] = {}
        keys: dict[str, int] = {}
        for n, q in enumerate(questions, start=1):
            if q.prompt and q.prompt in prompts:
                self.fail(f"question {n}: prompt", "repeats", other=prompts[q.prompt])
            elif q.prompt and q.key in keys:
                # A key made from the prompt starts with "q-": the prompts differ in case or punctuation only.
                same = "same_prompt" if q.key.startswith("q-") else "same_key"
                self.fail(f"question {n}: key", same, given=repr(q.key), other=keys[q.key])
            prompts.setdefault(q.prompt, n)
            keys.setdefault(q.key, n)


def _is_https(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" where an IPv6 address would be
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not any(c.isspace() for c in url)


def _places(where: str) -> list[str]:
    """ "question 3: options: option 2" and the places it is within: "question 3: options", "question 3"."""
    parts = where.split(": ")
    return [": ".join(parts[:n]) for n in range(1, len(parts) + 1)]


def _lesson_embed_size(lesson: Lesson) -> int:
    return (
        len(lesson.title)
        + limits.LESSON_EMBED_EXTRA
        + sum(len(s.heading) + len(s.body) for s in lesson.sections)
    )


def validate(
    data: Mapping[str, object],
    file: str,
    *,
    lines: Mapping[str, int] | None = None,
    found: Iterable[Problem] = (),
) -> Lesson:
    """The Lesson that `data` describes, or LessonError listing every problem.

    `lines` maps a place ("question 3: options") to the line it was read from, for forms that have
    lines to name. `found` are problems the reader already met; the checks' own problems at or within
    the same place are left out, as the reader's says better how to fix it.
    """
    check = _Checker(file, lines or {})
    lesson_id = check.text(data, "id", "", limits.LESSON_ID)
    check.pattern(lesson_id, "id", LESSON_ID, "bad_id")
    title = check.text(data, "title", "", limits.EMBED_TITLE)
    minutes = check.number(data, "minutes", 1, 600)
    reviewed = check.number(data, "reviewed", 1900, 9999)
    language = check.optional(data, "language", "", None)
    check.pattern(language, "language", LANGUAGE, "bad_language")

    section_tables = check.tables(data, "sections")
    if len(section_tables) > limits.MAX_SECTIONS:
        check.fail("sections", "too_many_sections", count=len(section_tables), most=limits.MAX_SECTIONS)
    sections = tuple(check.section(n, s) for n, s in enumerate(section_tables, start=1))

    question_tables = check.tables(data, "questions")
    if len(question_tables) > limits.MAX_QUESTIONS:
        check.fail("questions", "too_many_questions", count=len(question_tables), most=limits.MAX_QUESTIONS)
    questions = tuple(check.question(n, q) for n, q in enumerate(question_tables, start=1))
    check.distinct(questions)
    check.unknown(data, LESSON_FIELDS, "", "lesson")

    banks = kinds.banks(check, data, questions, QUESTION_KEY)
    lesson = Lesson(
        lesson_id,
        title,
        minutes,
        reviewed,
        sections,
        questions,
        language,
        partial_credit=kinds.flag(check, data, "partial_credit"),
        ignore_accents=kinds.flag(check, data, "ignore_accents"),
        banks=banks,
    )
    if not check.problems and _lesson_embed_size(lesson) > limits.EMBED_TOTAL:
        check.fail("sections", "too_long_to_post", most=limits.EMBED_TOTAL)
    reader = list(found)
    covered = {p.where for p in reader if p.where}
    problems = reader + [p for p in check.problems if not covered.intersection(_places(p.where))]
    if problems:
        # In line order, where there are lines; problems of the whole file come first.
        raise LessonError(sorted(problems, key=lambda p: p.line or 0))
    return lesson
