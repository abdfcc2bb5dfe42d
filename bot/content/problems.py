"""What is wrong with a lesson file: where, and why as a catalogue Text (keys `problem.*`).

`python -m bot check` and the host's logs print a problem in English (`str(problem)`); a teacher who
uploads or reloads a lesson in Discord reads it in their own language (`problem.said(lang)`).
The field names in a place (`options`, `body`) are said in the reader's language too (`problem.field.*`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.i18n import ENGLISH, Language, Text

_NUMBERED = re.compile(r"(question|section|option|bank|answer) (\d+)")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a lesson file, located well enough to fix by hand."""

    file: str
    where: str  # "question 3: options: option 2", in English: it also keys the line a place was read from
    message: Text
    line: int | None = None

    def said(self, lang: Language = ENGLISH) -> str:
        """The problem as one line, in `lang`: `file: line 4: question 2: answer: why`."""
        place = [self.file] + ([lang("problem.place.line", line=self.line)] if self.line else [])
        if self.where:
            place.append(_place(self.where, lang))
        return ": ".join([*place, lang.render(self.message)])

    def __str__(self) -> str:
        return self.said(ENGLISH)


def problem(file: str, where: str, reason: str, line: int | None = None, /, **values: Any) -> Problem:
    """A Problem whose reason is the catalogue message `problem.<reason>`."""
    return Problem(file, where, Text(f"problem.{reason}", values), line)


def _place(where: str, lang: Language) -> str:
    parts = []
    for part in where.split(": "):
        numbered = _NUMBERED.fullmatch(part)
        if numbered:
            parts.append(lang(f"problem.place.{numbered[1]}", number=numbered[2]))
        else:
            field = f"problem.field.{part}"
            parts.append(lang(field) if field in ENGLISH.messages else part)
    return ": ".join(parts)


class LessonError(Exception):
    """A lesson file could not be used; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
