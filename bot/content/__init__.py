"""Lessons as data: the model, its file forms (TOML and plain text), validation and version records."""

from bot.content.loader import LessonLibrary, load_lesson, load_library
from bot.content.model import Lesson, Question, Section
from bot.content.plaintext import parse_plaintext
from bot.content.problems import LessonError, Problem
from bot.content.record import content_hash, from_record, to_record
from bot.content.upload import parse_upload
from bot.content.writer import to_toml

__all__ = [
    "Lesson",
    "LessonError",
    "LessonLibrary",
    "Problem",
    "Question",
    "Section",
    "content_hash",
    "from_record",
    "load_lesson",
    "load_library",
    "parse_plaintext",
    "parse_upload",
    "to_record",
    "to_toml",
]
