"""Read lesson files (TOML) and validate them, naming the file, question and field of each problem."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.content import limits
from bot.content.model import Lesson, Question, Section

LESSON_SUFFIX = ".toml"
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a lesson file, located well enough to fix by hand."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}" if self.where else f"{self.file}: {self.message}"


class LessonError(Exception):
    """A lesson file could not be used; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Checker:
    """Collects every problem in one file rather than stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, message))

    def text(self, data: Mapping[str, object], key: str, where: str, limit: int) -> str:
        value = data.get(key)
        field = f"{where}: {key}" if where else key
        if value is None:
            self.fail(field, "is missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "must be non-empty text")
            return ""
        if len(value) > limit:
            self.fail(field, f"is {len(value)} characters; Discord shows at most {limit} here")
        return value.strip()

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

    def section(self, number: int, data: Mapping[str, object]) -> Section:
        where = f"section {number}"
        return Section(
            heading=self.text(data, "heading", where, limits.EMBED_FIELD_NAME),
            body=self.text(data, "body", where, limits.EMBED_FIELD_VALUE),
        )

    def question(self, number: int, data: Mapping[str, object]) -> Question:
        where = f"question {number}"
        prompt = self.text(data, "prompt", where, limits.EMBED_FIELD_VALUE)
        explanation = self.text(data, "explanation", where, limits.EXPLANATION)
        options = self.options(data, where)
        answer = self.text(data, "answer", where, limits.BUTTON_LABEL)
        answer_index = -1
        if answer and options:
            if answer in options:
                answer_index = options.index(answer)
            else:
                self.fail(f"{where}: answer", f"{answer!r} is not one of the options")
        return Question(prompt, tuple(options), answer_index, explanation)

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


def _lesson_embed_size(lesson: Lesson) -> int:
    return (
        len(lesson.title)
        + limits.LESSON_EMBED_EXTRA
        + sum(len(s.heading) + len(s.body) for s in lesson.sections)
    )


def parse_lesson(text: str, file: str) -> Lesson:
    """Parse one lesson's TOML text; raise LessonError listing every problem."""
    check = _Checker(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError([Problem(file, "", f"is not valid TOML ({exc})")]) from None

    lesson_id = check.text(data, "id", "", 48)
    if lesson_id and not _ID.fullmatch(lesson_id):
        check.fail("id", "must be lowercase letters, digits and dashes, like 'fine-tuning'")
    title = check.text(data, "title", "", limits.EMBED_TITLE)
    minutes = check.number(data, "minutes", 1, 600)
    reviewed = check.number(data, "reviewed", 1900, 9999)

    section_tables = check.tables(data, "sections")
    if len(section_tables) > limits.EMBED_FIELDS:
        check.fail("sections", f"has {len(section_tables)}; a lesson shows at most 25")
    sections = tuple(check.section(n, s) for n, s in enumerate(section_tables, start=1))

    questions = tuple(check.question(n, q) for n, q in enumerate(check.tables(data, "questions"), start=1))
    prompts: dict[str, int] = {}
    for n, q in enumerate(questions, start=1):
        if q.prompt and q.prompt in prompts:
            check.fail(f"question {n}: prompt", f"repeats question {prompts[q.prompt]}")
        prompts.setdefault(q.prompt, n)

    known = {"id", "title", "minutes", "reviewed", "sections", "questions"}
    for key in sorted(set(data) - known):
        check.fail(key, "is not a lesson field (check the spelling)")

    lesson = Lesson(lesson_id, title, minutes, reviewed, sections, questions)
    if not check.problems and _lesson_embed_size(lesson) > limits.EMBED_TOTAL:
        check.fail(
            "sections",
            f"the lesson is too long to post; keep it under {limits.EMBED_TOTAL} characters",
        )
    if check.problems:
        raise LessonError(check.problems)
    return lesson


def load_lesson(path: Path) -> Lesson:
    """Read and validate one lesson file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError([Problem(path.name, "", f"cannot be read ({exc})")]) from None
    return parse_lesson(text, path.name)


class LessonLibrary(Mapping[str, Lesson]):
    """The lessons a bot serves, by id. Immutable once loaded."""

    def __init__(self, lessons: Mapping[str, Lesson]) -> None:
        self._lessons = dict(sorted(lessons.items()))

    def __getitem__(self, lesson_id: str) -> Lesson:
        return self._lessons[lesson_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lessons)

    def __len__(self) -> int:
        return len(self._lessons)

    def search(self, text: str, limit: int = 25) -> list[Lesson]:
        """Lessons whose id or title contains `text`, for autocomplete."""
        needle = text.casefold().strip()
        found = [
            lesson
            for lesson in self._lessons.values()
            if needle in lesson.id or needle in lesson.title.casefold()
        ]
        return found[:limit]


def load_library(directory: Path) -> tuple[LessonLibrary, list[Problem]]:
    """Load every lesson in `directory`; broken files are left out and reported, never fatal."""
    if not directory.is_dir():
        return LessonLibrary({}), [Problem(str(directory), "", "is not a folder of lessons")]
    lessons: dict[str, Lesson] = {}
    origin: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob(f"*{LESSON_SUFFIX}")):
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            problems.extend(exc.problems)
            continue
        if lesson.id in lessons:
            problems.append(Problem(path.name, "id", f"{lesson.id!r} is already used by {origin[lesson.id]}"))
            continue
        lessons[lesson.id] = lesson
        origin[lesson.id] = path.name
    return LessonLibrary(lessons), problems
