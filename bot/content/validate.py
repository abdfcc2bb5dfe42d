"""Turn a lesson read from any form into a Lesson, naming the place and field of every problem.

TOML and the plain-text form both produce the same mapping (TOML's field names) and share these
checks, so a problem reads the same whichever form it was written in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.content import limits
from bot.content.model import Lesson, Question, Section

LESSON_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
QUESTION_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,47}")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")
LESSON_FIELDS = frozenset({"id", "title", "minutes", "reviewed", "language", "sections", "questions"})
SECTION_FIELDS = frozenset({"heading", "body", "image"})
QUESTION_FIELDS = frozenset({"prompt", "options", "answer", "explanation", "key", "image"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a lesson file, located well enough to fix by hand."""

    file: str
    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = (
            [self.file] + ([f"line {self.line}"] if self.line else []) + ([self.where] if self.where else [])
        )
        return ": ".join([*place, self.message])


class LessonError(Exception):
    """A lesson file could not be used; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Checker:
    """Collects every problem in one file rather than stopping at the first."""

    def __init__(self, file: str, lines: Mapping[str, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, message, self._line(where)))

    def _line(self, where: str) -> int | None:
        return next((self.lines[w] for w in reversed(_places(where)) if w in self.lines), None)

    def text(self, data: Mapping[str, object], key: str, where: str, limit: int | None) -> str:
        value = data.get(key)
        field = f"{where}: {key}" if where else key
        if value is None:
            self.fail(field, "is missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "must be non-empty text")
            return ""
        if limit is not None and len(value) > limit:
            self.fail(field, f"is {len(value)} characters; Discord shows at most {limit} here")
        return value.strip()

    def optional(self, data: Mapping[str, object], key: str, where: str, limit: int | None) -> str | None:
        if data.get(key) in (None, ""):
            return None
        return self.text(data, key, where, limit) or None

    def pattern(self, value: str | None, field: str, pattern: re.Pattern[str], message: str) -> None:
        if value and not pattern.fullmatch(value):
            self.fail(field, message)

    def image(self, data: Mapping[str, object], where: str) -> str | None:
        field = f"{where}: image" if where else "image"
        value = self.optional(data, "image", where, None)
        if value is None:
            return None
        if len(value) > limits.IMAGE_URL:
            self.fail(field, f"is {len(value)} characters; a link holds at most {limits.IMAGE_URL}")
        elif not _is_https(value):
            self.fail(field, "must be a link starting with https:// and without spaces")
        return value

    def number(self, data: Mapping[str, object], key: str, low: int, high: int) -> int:
        value = data.get(key)
        if value is None:
            self.fail(key, "is missing")
            return 0
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(key, f"must be a whole number from {low} to {high}")
            return 0
        return value

    def tables(self, data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
        value = data.get(key)
        if value is None:
            self.fail(key, f"is missing (add at least one [[{key}]] table)")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, f"must be a list of [[{key}]] tables")
            return []
        if not value:
            self.fail(key, f"needs at least one [[{key}]] table")
        return value

    def unknown(self, data: Mapping[str, object], known: frozenset[str], where: str, kind: str) -> None:
        for key in sorted(set(data) - known):
            self.fail(f"{where}: {key}" if where else key, f"is not a {kind} field (check the spelling)")

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
        options = self.options(data, where)
        answer = self.text(data, "answer", where, limits.BUTTON_LABEL)
        answer_index = -1
        if answer and options:
            if answer in options:
                answer_index = options.index(answer)
            else:
                self.fail(f"{where}: answer", f"{answer!r} is not one of the options")
        key = self.optional(data, "key", where, None) or ""
        self.pattern(
            key,
            f"{where}: key",
            QUESTION_KEY,
            "must be lowercase letters, digits, dashes and underscores, like 'what-is-magma'",
        )
        image = self.image(data, where)
        return Question(prompt, tuple(options), answer_index, explanation, key, image)

    def options(self, data: Mapping[str, object], where: str) -> list[str]:
        raw = data.get("options")
        field = f"{where}: options"
        if raw is None:
            self.fail(field, "is missing")
            return []
        if not isinstance(raw, list) or not all(isinstance(o, str) and o.strip() for o in raw):
            self.fail(field, "must be a list of non-empty texts")
            return []
        options = [o.strip() for o in raw]
        if not limits.MIN_OPTIONS <= len(options) <= limits.MAX_OPTIONS:
            self.fail(
                field,
                f"has {len(options)}; a question needs {limits.MIN_OPTIONS} to {limits.MAX_OPTIONS} options",
            )
        seen: set[str] = set()
        for n, option in enumerate(options, start=1):
            if option in seen:
                self.fail(f"{field}: option {n}", f"{option!r} appears twice")
            seen.add(option)
            if len(option) > limits.BUTTON_LABEL:
                self.fail(
                    f"{field}: option {n}",
                    f"is {len(option)} characters; a button label holds at most {limits.BUTTON_LABEL}",
                )
        return options

    def distinct(self, questions: Iterable[Question]) -> None:
        prompts: dict[str, int] = {}
        keys: dict[str, int] = {}
        for n, q in enumerate(questions, start=1):
            if q.prompt and q.prompt in prompts:
                self.fail(f"question {n}: prompt", f"repeats question {prompts[q.prompt]}")
            elif q.prompt and q.key in keys:
                self.fail(f"question {n}: key", self._same_key(q, keys[q.key]))
            prompts.setdefault(q.prompt, n)
            keys.setdefault(q.key, n)

    @staticmethod
    def _same_key(question: Question, other: int) -> str:
        if question.key.startswith("q-"):
            return (
                f"the prompt differs from question {other}'s only in case, spaces or punctuation; "
                "give one of them a key"
            )
        return f"{question.key!r} is already the key of question {other}"


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
    lesson_id = check.text(data, "id", "", 48)
    check.pattern(
        lesson_id, "id", LESSON_ID, "must be lowercase letters, digits and dashes, like 'fine-tuning'"
    )
    title = check.text(data, "title", "", limits.EMBED_TITLE)
    minutes = check.number(data, "minutes", 1, 600)
    reviewed = check.number(data, "reviewed", 1900, 9999)
    language = check.optional(data, "language", "", None)
    check.pattern(language, "language", LANGUAGE, "must be a language tag like 'en', 'es' or 'es-ES'")

    section_tables = check.tables(data, "sections")
    if len(section_tables) > limits.MAX_SECTIONS:
        check.fail("sections", f"has {len(section_tables)}; a lesson shows at most {limits.MAX_SECTIONS}")
    sections = tuple(check.section(n, s) for n, s in enumerate(section_tables, start=1))

    question_tables = check.tables(data, "questions")
    if len(question_tables) > limits.MAX_QUESTIONS:
        check.fail("questions", f"has {len(question_tables)}; a lesson holds at most {limits.MAX_QUESTIONS}")
    questions = tuple(check.question(n, q) for n, q in enumerate(question_tables, start=1))
    check.distinct(questions)
    check.unknown(data, LESSON_FIELDS, "", "lesson")

    lesson = Lesson(lesson_id, title, minutes, reviewed, sections, questions, language)
    if not check.problems and _lesson_embed_size(lesson) > limits.EMBED_TOTAL:
        check.fail(
            "sections",
            f"the lesson is too long to post; keep it under {limits.EMBED_TOTAL} characters",
        )
    reader = list(found)
    covered = {p.where for p in reader if p.where}
    problems = reader + [p for p in check.problems if not covered.intersection(_places(p.where))]
    if problems:
        # In line order, where there are lines; problems of the whole file come first.
        raise LessonError(sorted(problems, key=lambda p: p.line or 0))
    return lesson
