"""The plain-text form of a lesson: what a teacher types in any editor, or copies off a page.

    Id: volcanoes                        optional: the id (else --id, else the file's name)
    Language: en                         optional: the lesson's language
    Why volcanoes erupt                  the title
    5 min · Reviewed 2026                optional: reading time, and the year it was last checked

    Hot rock                             a section: its heading, then its text;
    Deep down, rock melts into magma.    a blank line starts the next section
    Image: https://example.org/a.png     optional: a picture for the section

    End-of-lesson check                  the questions come next (a "15 questions" line is skipped);
                                         `Quiz`, `Questions`, `Test`, `Check`, `Preguntas`... also do

    What is magma?                       a question: its prompt, then 2 to 5 options;
    * Melted rock                        the right option starts with *
    Cold ice                             (an option may start with "- ")
    Why: Magma is rock so hot it melts.  optional: shown after every answer
    Key: magma                           optional: keeps its report row when the prompt changes
    Image: https://example.org/b.png     optional: a picture for the question

    Answers: 1A 2C                       instead of *: question number and option letter
                                         (`Respuestas:` too)

Questions are separated by blank lines, or numbered (`1.`, `1)`) with no blank line between them.
In Markdown style, `## Heading` lines start sections, so a section may have blank lines between
paragraphs; a `# ` before the title is dropped. Questions numbered `1.` and options lettered `A)`, `a.`
or `(a)` lose those marks when they count up in order. The words of the headings, of `Answers:` and of
`Reviewed` come from content/words.toml, per language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from bot.content import limits
from bot.content.model import Kind, Lesson
from bot.content.plainwords import (
    accepted,
    box,
    labelled,
    lesson_option,
    plain,
    prompt_kind,
    question_label,
    words,
)
from bot.content.problems import LessonError, Problem, problem
from bot.content.validate import validate

# No run of spaces or digits can be split two ways, and numbers are short: an uploaded line of
# 100,000 spaces or digits must take neither quadratic time nor a too-long int().
_HEADER = re.compile(r"(id|language)\s*:\s*(\S+)", re.IGNORECASE)
_MD_HEADING = re.compile(r"#{1,6}\s+(\S.*)")
# "5 min", "10 minutes read", "10 min de lectura": at most two words after the unit.
_MINUTES = re.compile(r"(\d{1,3})\s*min[^\W\d]*\.?(?:\s+[^\W\d]+){0,2}")
_YEAR = re.compile(r"(.{0,30}?)\s*(\d{4})")
_MARKER = re.compile(r"(?:#{1,6}\s*)?end[\s-]*of[\s-]*(?:the[\s-]*)?lesson[\s-]*check\s*:?", re.IGNORECASE)
_COUNT = re.compile(r"\d+\s+(?:questions?|preguntas?)\b", re.IGNORECASE)
_LABEL = re.compile(r"(why|key|image)\s*:\s*(.*)", re.IGNORECASE)
_ANSWER = re.compile(r"(?<!\d)(\d{1,4})\s*(?:[-.):]\s*)?([A-Za-z])")
_RIGHT = re.compile(r"\*(?!\*)\s*(.*)")
_BULLET = re.compile(r"[-•]\s+(.*)")
_NUMBERED = re.compile(r"(\d{1,3})[.)]\s+(.*)")
_LETTERED = re.compile(r"\(?([A-Za-z])[.)]\s+(.*)")
_LABEL_FIELDS = {"why": "explanation", "key": "key", "image": "image"}

Line = tuple[int, str]


def _is_marker(line: str) -> bool:
    return plain(line) in words()["quiz"]


@dataclass
class _Question:
    number: int
    line: int
    prompt: str
    options: list[Line] = field(default_factory=list)
    right: list[tuple[int, int]] = field(default_factory=list)  # (line, option index)
    ticked: list[bool | None] = field(default_factory=list)  # per option: its [x] box, None if it has none


class _Reader:
    """Reads the parts of the form into the mapping `validate` checks, noting each part's line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def fail(self, line: int | None, where: str, reason: str, /, **values: Any) -> None:
        self.problems.append(problem(self.file, where, reason, line, **values))

    def sections(self, region: list[Line]) -> list[dict[str, object]]:
        by_heading = any(_MD_HEADING.fullmatch(text) for _, text in region)
        found: list[tuple[Line, list[Line], list[Line]]] = []  # heading, body, images
        after_blank = True
        for number, text in region:
            label = _LABEL.fullmatch(text)
            if label and label.group(1).casefold() == "image" and found:
                found[-1][2].append((number, label.group(2).strip()))
                continue
            if not text:
                if by_heading and found:
                    found[-1][1].append((number, ""))
            elif by_heading and (heading := _MD_HEADING.fullmatch(text)):
                found.append(((number, heading.group(1).strip()), [], []))
            elif by_heading and not found:
                self.fail(number, "sections", "text_before_heading")
                return []
            elif not by_heading and (after_blank or not found):
                found.append(((number, text), [], []))
            else:
                found[-1][1].append((number, text))
            after_blank = not text
        if not found:
            self.fail(None, "sections", "no_sections")
        return [self._section(n, *parts, by_heading) for n, parts in enumerate(found, start=1)]

    def _section(
        self, n: int, heading: Line, body: list[Line], images: list[Line], by_heading: bool
    ) -> dict[str, object]:
        where = f"section {n}"
        filled = [i for i, (_, text) in enumerate(body) if text]
        body = body[filled[0] : filled[-1] + 1] if filled else []
        self.lines[where] = heading[0]
        self.lines[f"{where}: body"] = body[0][0] if body else heading[0]
        if not body:
            # Without `## ` headings, a blank line is what starts a section: say so.
            self.fail(heading[0], f"{where}: body", "no_body" if by_heading else "no_body_blank")
        section: dict[str, object] = {
            "heading": heading[1],
            "body": re.sub(r"\n{3,}", "\n\n", "\n".join(text for _, text in body)),
        }
        self._single(images, where, "image", section)
        return section

    def questions(self, region: list[Line]) -> list[dict[str, object]]:
        drafts: list[_Question] = []
        answers: list[tuple[int, int, str]] = []  # line, question number, letter
        labels: dict[int, dict[str, list[Line]]] = {}
        current: _Question | None = None
        for number, text in region:
            label = _label(text)
            if not text:
                current = None
            elif (answer_line := labelled(text, "answers")) is not None:
                current = None
                self._answers(number, answer_line, answers)
            elif label:
                # A blank line between the options and their "Why:" still means that question.
                if not drafts:
                    self.fail(number, "", "label_first", label=text.split(":")[0].strip())
                    continue
                labels.setdefault(drafts[-1].number, {}).setdefault(label[0], []).append((number, label[1]))
            elif current is None:
                if _RIGHT.fullmatch(text) or _BULLET.fullmatch(text):
                    self.fail(number, "", "no_question")
                    continue
                current = _Question(len(drafts) + 1, number, text)
                drafts.append(current)
            elif current.options and _starts_question(text, len(drafts) + 1):
                current = _Question(len(drafts) + 1, number, text)
                drafts.append(current)
            else:
                self._option(current, number, text)
        drafts = self._placed(drafts, {n for n, found in labels.items() if "answers" in found})
        given = self._given(answers, len(drafts))
        return [self._question(q, given.get(q.number), labels.get(q.number, {})) for q in drafts]

    def _placed(self, drafts: list[_Question], typed: set[int]) -> list[_Question]:
        """The questions that have options or accepted answers; any other line read as a prompt is
        named by its line."""
        kept: list[_Question] = []
        for draft in drafts:
            if draft.options or draft.number in typed:
                kept.append(
                    _Question(
                        len(kept) + 1, draft.line, draft.prompt, draft.options, draft.right, draft.ticked
                    )
                )
            else:
                self.fail(draft.line, "", "cannot_place", shown=draft.prompt[:40])
        return kept

    def _option(self, question: _Question, number: int, text: str) -> None:
        right = _RIGHT.fullmatch(text)
        marked = right or _BULLET.fullmatch(text)
        option = marked.group(1).strip() if marked else text
        ticked = box(option)
        option = ticked[1] if ticked else option
        if not option:
            self.fail(number, "", "empty_option")
            return
        if right:
            question.right.append((number, len(question.options)))
        question.options.append((number, option))
        question.ticked.append(ticked[0] if ticked else None)

    def _answers(self, number: int, text: str, into: list[tuple[int, int, str]]) -> None:
        found = list(_ANSWER.finditer(text))
        if not found or _ANSWER.sub("", text).strip(" \t,;"):
            self.fail(number, "", "bad_answers")
            return
        into.extend((number, int(m.group(1)), m.group(2).upper()) for m in found)

    def _given(self, answers: list[tuple[int, int, str]], count: int) -> dict[int, tuple[int, str]]:
        given: dict[int, tuple[int, str]] = {}
        for line, question, letter in answers:
            if not 1 <= question <= count:
                self.fail(line, "", "answer_out_of_range", question=question, count=count)
            elif question in given:
                first = given[question][0]
                self.fail(line, f"question {question}: answer", "twice", first=first)
            else:
                given[question] = (line, letter)
        return given

    def _question(
        self, draft: _Question, given: tuple[int, str] | None, labels: dict[str, list[Line]]
    ) -> dict[str, object]:
        where = f"question {draft.number}"
        numbered = _NUMBERED.fullmatch(draft.prompt)
        prompt = numbered.group(2) if numbered and int(numbered.group(1)) == draft.number else draft.prompt
        options = [text for _, text in draft.options]
        lettered = [_LETTERED.fullmatch(text) for text in options]
        letters = "".join(m.group(1).upper() for m in lettered if m)
        if len(options) >= limits.MIN_OPTIONS and letters == "ABCDE"[: len(options)]:
            options = [m.group(2) for m in lettered if m]
        self.lines[where] = draft.line
        self.lines[f"{where}: options"] = draft.options[0][0] if draft.options else draft.line
        for n, (line, _) in enumerate(draft.options, start=1):
            self.lines[f"{where}: options: option {n}"] = line
        if len(options) > limits.MAX_OPTIONS:
            span = {"low": limits.MIN_OPTIONS, "high": limits.MAX_OPTIONS}
            self.fail(draft.line, f"{where}: options", "too_many_lines", count=len(options), **span)
        kind, prompt = prompt_kind(prompt)
        question: dict[str, object] = {"prompt": prompt, "options": options}
        if "answers" in labels:
            kind = Kind.TYPED
            if not options:
                del question["options"]
            self.lines[f"{where}: answers"] = labels["answers"][0][0]
            question.update(accepted([text for _, text in labels.pop("answers")]))
        elif any(tick is not None for tick in draft.ticked):
            kind = Kind.CHOOSE_ALL
            question["answer"] = [option for option, tick in zip(options, draft.ticked, strict=True) if tick]
        elif kind is not Kind.ORDER and (right := self._right(draft, given, len(options))) is not None:
            question["answer"] = options[right]
        if kind is not Kind.CHOICE:
            question["type"] = kind.value
        for name, found in labels.items():
            self._single(found, where, name, question)
        return question

    def _right(self, draft: _Question, given: tuple[int, str] | None, count: int) -> int | None:
        """The index of the right option, from its `*` or the Answers line."""
        where = f"question {draft.number}: answer"
        for line, _ in draft.right[1:]:
            self.fail(line, where, "second_star", first=draft.right[0][0])
        starred = draft.right[0] if draft.right else None
        if given is not None:
            line, letter = given
            index = ord(letter) - ord("A")
            if index >= count:
                self.fail(line, where, "letter_out_of_range", letter=letter, count=count)
            elif starred is not None and starred[1] != index:
                self.fail(line, where, "letter_and_star", letter=letter, line=starred[0])
            else:
                self.lines[where] = line
                return index
            return None
        if starred is None:
            self.fail(draft.line, where, "none_marked")
            return None
        self.lines[where] = starred[0]
        return starred[1]

    def _single(self, found: list[Line], where: str, name: str, into: dict[str, object]) -> None:
        if not found:
            return
        self.lines[f"{where}: {name}"] = found[0][0]
        into[name] = found[0][1]
        for line, _ in found[1:]:
            self.fail(line, f"{where}: {name}", "twice", first=found[0][0])


def _label(text: str) -> tuple[str, str] | None:
    """The field a label line under a question gives (`Why:` gives explanation), and its text."""
    if label := _LABEL.fullmatch(text):
        return _LABEL_FIELDS[label.group(1).casefold()], label.group(2).strip()
    return question_label(text)


def _starts_question(text: str, number: int) -> bool:
    """A line numbered as the next question (`2.`, `2)`): it starts one even without a blank line."""
    numbered = _NUMBERED.fullmatch(text)
    return numbered is not None and int(numbered.group(1)) == number


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[: limits.LESSON_ID].strip("-")


def _next(lines: list[Line], start: int) -> int:
    """The index of the first non-blank line at or after `start`."""
    while start < len(lines) and not lines[start][1]:
        start += 1
    return start


def parse_plaintext(text: str, file: str, lesson_id: str | None = None) -> Lesson:
    """Read a lesson in the plain-text form; LessonError names the line of every problem.

    The id is the file's `Id:` line, else `lesson_id`, else made from the file's name.
    """
    reader = _Reader(file)
    lines = [(n, line.strip()) for n, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1)]
    at = _next(lines, 0)
    if at == len(lines):
        raise LessonError([problem(file, "", "empty")])
    data: dict[str, object] = {}
    while at < len(lines) and _header(reader, lines[at], data):
        at = _next(lines, at + 1)
    if at < len(lines):
        data["title"], reader.lines["title"] = re.sub(r"^#+\s*", "", lines[at][1]), lines[at][0]
        at = _next(lines, at + 1)
    at = _read_times(reader, lines, at, data)

    marker = _marker(lines, at)
    if marker is None:
        # Without it every question would read as a section: their problems would only be noise.
        missing = problem(file, "questions", "no_marker")
        raise LessonError([*reader.problems, missing])
    data["sections"] = reader.sections(lines[at:marker])
    reader.lines["questions"] = lines[marker][0]
    at = _next(lines, marker + 1)
    if at < len(lines) and _COUNT.match(lines[at][1]):
        at += 1
    data["questions"] = reader.questions(lines[at:])
    if not data["questions"]:
        reader.fail(lines[marker][0], "questions", "no_questions")

    data.setdefault("id", lesson_id or _slug(PurePath(file).stem))
    if not data["id"]:
        reader.fail(None, "id", "no_id")
    return validate(data, file, lines=reader.lines, found=reader.problems)


def _header(reader: _Reader, line: Line, data: dict[str, object]) -> bool:
    """Read an `Id:`, `Language:` or lesson option line at the top; False when the line is none of these."""
    if option := lesson_option(line[1]):
        name, value = option
        if name == "banks":
            banks = data.setdefault("banks", [])
            assert isinstance(banks, list)
            banks.append(value)
            reader.lines.setdefault("banks", line[0])
            reader.lines[f"bank {len(banks)}"] = line[0]
            return True
        data[name], reader.lines[name] = value, line[0]
        return True
    header = _HEADER.fullmatch(line[1])
    if header is None:
        return False
    name = header.group(1).casefold()
    if name in data:
        reader.fail(line[0], name, "twice", first=reader.lines[name])
    else:
        data[name], reader.lines[name] = header.group(2), line[0]
    return True


def _marker(lines: list[Line], start: int) -> int | None:
    """The line the questions follow: an `End-of-lesson check` line, else the last heading word for them
    (`Quiz`, `Preguntas`...), so that a section headed `Test` before a `Quiz` line stays a section."""
    strict = next((i for i in range(start, len(lines)) if _MARKER.fullmatch(lines[i][1])), None)
    if strict is not None:
        return strict
    return next((i for i in range(len(lines) - 1, start - 1, -1) if _is_marker(lines[i][1])), None)


def _read_times(reader: _Reader, lines: list[Line], at: int, data: dict[str, object]) -> int:
    """Read an optional "7 min · Reviewed 2026" line (either part alone will do); where sections start."""
    number, text = lines[at] if at < len(lines) else (0, "")
    found: dict[str, int] = {}
    for part in re.split(r"\s*[·•|,;]\s*|\s+-\s+", text):
        if minutes := _MINUTES.fullmatch(part):
            found["minutes"] = int(minutes.group(1))
        elif (year := _YEAR.fullmatch(part)) and plain(year.group(1)) in words()["reviewed"]:
            found["reviewed"] = int(year.group(2))
        else:
            return at  # not a times line: the first section starts here
    for name, value in found.items():
        data[name], reader.lines[name] = value, number
    return _next(lines, at + 1)
