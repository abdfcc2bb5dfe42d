"""An uploaded lesson file, whatever form it is in: TOML, plain text, Markdown or Word."""

from __future__ import annotations

import re
from pathlib import PurePath

from bot.content.files import NotALessonFileError, docx_text, kind_of
from bot.content.loader import LESSON_SUFFIX, decode, parse_lesson
from bot.content.model import Lesson
from bot.content.plaintext import parse_plaintext

PLAIN_SUFFIXES = (".txt", ".md", ".docx")


def _looks_like_toml(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            # A key, then a string, number, list or table: not a title like "Speed = distance / time".
            return bool(re.match(r"\[|[A-Za-z0-9_-]+\s*=\s*[\"'\[{\d]", stripped))
    return False


def parse_upload(data: bytes, filename: str) -> Lesson:
    """A lesson from an uploaded file: TOML by its `.toml` suffix, plain text by `.txt` or `.md`,
    and by a look at the text when the suffix says neither; a Word file read as plain text, any other
    binary file refused by its kind (NotALessonFileError). The size is the caller's to check: the bot
    refuses a file too big to read before downloading it (bot/tutor/uploads.py `too_big`)."""
    kind = kind_of(data)
    if kind == "docx":
        return parse_plaintext(docx_text(data, filename), filename)
    if kind is not None:
        raise NotALessonFileError(filename, kind)
    text = decode(data, filename)
    suffix = PurePath(filename).suffix.lower()
    if suffix == LESSON_SUFFIX or (suffix not in PLAIN_SUFFIXES and _looks_like_toml(text)):
        return parse_lesson(text, filename)
    return parse_plaintext(text, filename)
