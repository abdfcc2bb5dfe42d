"""Read lesson files (TOML) and the folder of them; `validate` names the place of each problem."""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.model import Lesson
from bot.content.problems import LessonError, Problem, problem
from bot.content.validate import validate

__all__ = [
    "LESSON_SUFFIX",
    "Folder",
    "LessonError",
    "LessonLibrary",
    "Problem",
    "decode",
    "load_lesson",
    "load_library",
    "parse_lesson",
    "read_folder",
]

LESSON_SUFFIX = ".toml"

# Python's TOML parser recurses once per bracket: a small file nested ~900 deep exhausts the stack.
# A lesson nests two deep at most (an array in a [[questions]] table); the rest is generous room.
MAX_NESTING = 32
# Strings and comments, whose brackets don't nest, then the brackets and braces that do.
# A closing triple quote may carry up to two quotes of the string's own before it.
_TOKEN = re.compile(
    r'"""(?:\\.|[^\\])*?"{3,5}'
    r"|'''.*?'{3,5}"
    r'|"(?:\\.|[^"\\\n])*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.DOTALL,
)


def decode(data: bytes, file: str) -> str:
    """A lesson file's text: UTF-8, with or without a byte order mark; anything else is named."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LessonError([problem(file, "", "utf16")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = f"0x{data[exc.start]:02X}"
        raise LessonError([problem(file, "", "not_utf8", byte=byte, offset=exc.start)]) from None


def parse_lesson(text: str, file: str) -> Lesson:
    """Parse one lesson's TOML text; raise LessonError listing every problem."""
    text = text.removeprefix("\ufeff")
    deep = _too_deep(text)
    if deep is not None:
        raise LessonError([problem(file, "", "too_deep", deep, most=MAX_NESTING)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError([problem(file, "", "not_toml", error=str(exc))]) from None
    return validate(data, file)


def _too_deep(text: str) -> int | None:
    """The line where brackets and braces first nest deeper than MAX_NESTING, if they do."""
    depth = 0
    for token in _TOKEN.finditer(text):
        kind = token[0]
        if kind in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, token.start()) + 1
        elif kind in ("]", "}"):
            depth = max(depth - 1, 0)
    return None


def load_lesson(path: Path) -> Lesson:
    """Read and validate one lesson file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LessonError([problem(path.name, "", "unreadable", error=str(exc))]) from None
    return parse_lesson(decode(data, path.name), path.name)


class LessonLibrary(Mapping[str, Lesson]):
    """The lessons a bot serves, by id, and the file each came from (when read from a folder)."""

    def __init__(self, lessons: Mapping[str, Lesson], files: Mapping[str, str] | None = None) -> None:
        self._lessons = dict(sorted(lessons.items()))
        # lesson id -> file name: a file broken later can then be told apart from a deleted one.
        self.files = dict(files or {})

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


@dataclass(frozen=True, slots=True)
class Folder:
    """The lesson files of a folder as read now: each usable lesson with its file, and every problem."""

    lessons: dict[str, Lesson] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # lesson id -> file name
    problems: list[Problem] = field(default_factory=list)

    @property
    def broken(self) -> set[str]:
        return {p.file for p in self.problems}


def read_folder(directory: Path) -> Folder:
    """Every lesson file in `directory`; broken files are left out and reported, never fatal."""
    folder = Folder()
    if not directory.is_dir():
        folder.problems.append(problem(str(directory), "", "not_a_folder"))
        return folder
    for path in sorted(directory.glob(f"*{LESSON_SUFFIX}")):
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            folder.problems.extend(exc.problems)
            continue
        if lesson.id in folder.lessons:
            used = problem(path.name, "id", "id_used", lesson=repr(lesson.id), file=folder.files[lesson.id])
            folder.problems.append(used)
            continue
        folder.lessons[lesson.id] = lesson
        folder.files[lesson.id] = path.name
    return folder


def load_library(directory: Path) -> tuple[LessonLibrary, list[Problem]]:
    """Load every lesson in `directory`; broken files are left out and reported, never fatal."""
    folder = read_folder(directory)
    return LessonLibrary(folder.lessons, folder.files), folder.problems
