"""Uploaded files that are not plain text: Word files are read, every other binary file is named.

A `.docx` is read with python-docx: each paragraph becomes a line of the plain-text form, headings
become `#`/`##` lines, a numbered list's top level numbers the questions (`1.`) and a list nested under
it letters their options (`A)`), so the plain-text reader checks a Word file exactly as typed text.
Anything else binary is known by its first bytes and refused with its kind, never read as broken text.
"""

from __future__ import annotations

import io
import zipfile

from bot.content.problems import LessonError, problem
from bot.i18n import text

# The text of a 256 KB upload is far smaller; this bounds what a zip made to expand endlessly can cost.
_MOST_XML = 20 * 1024 * 1024
_LETTERS = "ABCDEFGHIJ"
# First bytes, and the kind of file they begin (a catalogue key `problem.kind.*`).
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"RIFF", "image"),
    (b"\xd0\xcf\x11\xe0", "office"),  # Word, Excel or PowerPoint before 2007
    (b"{\\rtf", "rtf"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf", "archive"),
    (b"Rar!", "archive"),
)
_ZIPPED = (("word/", "docx"), ("xl/", "spreadsheet"), ("ppt/", "slides"), ("content.xml", "opendocument"))


class NotALessonFileError(LessonError):
    """A binary file of a kind that is not read: said in one line, with what to save it as."""

    def __init__(self, file: str, kind: str) -> None:
        self.file = file
        self.kind = kind
        super().__init__([problem(file, "", "binary", kind=text(f"problem.kind.{kind}"))])


def kind_of(data: bytes) -> str | None:
    """`docx`, another kind of binary file (`pdf`, `image`, `spreadsheet`...), or None for text."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return "archive"
        return next((kind for start, kind in _ZIPPED if any(n.startswith(start) for n in names)), "archive")
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def docx_text(data: bytes, file: str) -> str:
    """A Word file's paragraphs as the plain-text form's lines."""
    import docx  # noqa: PLC0415 - loaded only when a Word file is uploaded

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > _MOST_XML:
            raise NotALessonFileError(file, "archive")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a damaged file
        raise LessonError([problem(file, "", "unreadable", error=type(exc).__name__)]) from None
    lines: list[str] = []
    numbers: list[int] = [0, 0]
    for paragraph in document.paragraphs:
        lines.append(_line(paragraph, numbers))
    return "\n".join(lines)


def _line(paragraph: object, numbers: list[int]) -> str:
    """One paragraph as a line; `numbers` counts the questions and the options of the current one."""
    text = " ".join(str(getattr(paragraph, "text", "")).split())
    style = str(getattr(getattr(paragraph, "style", None), "name", "") or "")
    if style in {"Title", "Heading 1"}:
        return f"# {text}"
    if style.startswith("Heading"):
        return f"## {text}"
    level = _list_level(paragraph, style)
    if level is None or not text:
        return text
    if level == 0:
        numbers[0], numbers[1] = numbers[0] + 1, 0
        return f"{numbers[0]}. {text}"
    numbers[1] += 1
    return f"{_LETTERS[(numbers[1] - 1) % len(_LETTERS)]}) {text}"


def _list_level(paragraph: object, style: str) -> int | None:
    """0 for a top-level numbered item, 1 for one nested under it, None for a paragraph not in a list."""
    properties = getattr(getattr(paragraph, "_p", None), "pPr", None)
    numbering = getattr(properties, "numPr", None)
    if numbering is not None:
        level = getattr(getattr(numbering, "ilvl", None), "val", 0)
        return 0 if not level else 1
    if style.startswith("List Number"):
        return 0 if style == "List Number" else 1
    return None
