"""One lesson version as one canonical text: what the database stores and each attempt is pinned to.

The record holds every field, so an attempt can be judged and reported on exactly the lesson it
started on, whatever later happens to the file. Keys are sorted and the layout is fixed, so the
same content always gives the same text and the same hash.

The hash rule: a field added to Lesson, Section or Question later is left out of the record while it
holds its default (see _added). Otherwise adding a field would change every lesson's record, and each
would silently become a new version at the next start. tests/content/test_record.py pins the bundled
lesson's hash and checks that a new optional field leaves it alone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from bot.content.model import Bank, Lesson, Question, Section

FORMAT = 1

_T = TypeVar("_T", str, int, "list[object]")

# The fields of FORMAT 1, in every record, at their default too (as `"image": null`): the records and
# hashes already stored were written so. A field not named here is one added since (see _added).
FIRST_FIELDS: dict[type, frozenset[str]] = {
    Lesson: frozenset({"id", "title", "minutes", "reviewed", "language", "sections", "questions"}),
    Section: frozenset({"heading", "body", "image"}),
    Question: frozenset({"key", "prompt", "options", "answer_index", "explanation", "image"}),
}


class RecordError(ValueError):
    """A stored text is not a lesson record this code can read."""


def to_record(lesson: Lesson) -> str:
    """The canonical JSON text of `lesson`; `from_record` reads it back to an equal Lesson."""
    record: dict[str, object] = {
        "format": FORMAT,
        "id": lesson.id,
        "title": lesson.title,
        "language": lesson.language,
        "sections": [
            {"heading": s.heading, "body": s.body, "image": s.image, **_added(s)} for s in lesson.sections
        ],
        "questions": [
            {
                "key": q.key,
                "prompt": q.prompt,
                "options": list(q.options),
                "answer_index": q.answer_index,
                "explanation": q.explanation,
                "image": q.image,
                **_added(q),
            }
            for q in lesson.questions
        ],
        **_added(lesson),
    }
    # Left out while absent, so a lesson written before they became optional keeps its text and hash.
    for name, value in (("minutes", lesson.minutes), ("reviewed", lesson.reviewed)):
        if value is not None:
            record[name] = value
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _new_fields(kind: type) -> list[dataclasses.Field[Any]]:
    """The fields of a Lesson, Section or Question (or a subclass) added since FORMAT 1."""
    first = next(names for base, names in FIRST_FIELDS.items() if issubclass(kind, base))
    return [field for field in dataclasses.fields(kind) if field.name not in first]


def _added(item: Any) -> dict[str, Any]:
    """The item's fields added since FORMAT 1, each only while it differs from its default.

    The hash rule: a new field at its default leaves the record, and so the hash, as it was; a lesson
    that sets it is a new version. Tuples are written as lists, as JSON has them.
    """
    added: dict[str, Any] = {}
    for field in _new_fields(type(item)):
        value = getattr(item, field.name)
        if value != _default(field):
            added[field.name] = [_plain(v) for v in value] if isinstance(value, tuple) else value
    return added


def _plain(value: object) -> object:
    """A value as JSON holds it: a nested record (a lesson's Bank) as an object."""
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value  # type: ignore[arg-type]


def _default(field: dataclasses.Field[Any]) -> object:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default  # MISSING for a required field: equal to no value, so always written


def content_hash(lesson: Lesson) -> str:
    """The sha256 (hex) of the lesson's record: equal for equal content, whatever file it came from."""
    return record_hash(to_record(lesson))


def record_hash(record: str) -> str:
    """The sha256 (hex) of a record `to_record` made, for a caller that has the record already."""
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


def from_record(text: str) -> Lesson:
    """The Lesson a record holds; RecordError if the text is not a record this code wrote."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not a lesson record ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError("not a lesson record of a known format")
    return Lesson(
        id=_get(data, "id", str),
        title=_get(data, "title", str),
        minutes=_optional_number(data, "minutes"),
        reviewed=_optional_number(data, "reviewed"),
        sections=tuple(_section(s) for s in _get(data, "sections", list)),
        questions=tuple(_question(q) for q in _get(data, "questions", list)),
        language=_optional(data, "language"),
        **{**read_added(data, Lesson), **_banks(data)},
    )


def _banks(data: Mapping[str, object]) -> dict[str, tuple[Bank, ...]]:
    """The lesson's banks, the one added field that nests a record; nothing when it has none."""
    if "banks" not in data:
        return {}
    banks = _get(data, "banks", list)
    return {"banks": tuple(Bank(_get(b, "name", str), _get(b, "draw", int)) for b in banks)}


def read_added(data: object, kind: type) -> dict[str, Any]:
    """The fields added since FORMAT 1 that a record holds (lists read as tuples); absent: the default.

    A new field whose type JSON cannot carry as it is (a date, a nested record) is read in its own code.
    """
    if not isinstance(data, Mapping):
        return {}
    found = {field.name: data[field.name] for field in _new_fields(kind) if field.name in data}
    return {name: tuple(value) if isinstance(value, list) else value for name, value in found.items()}


def _section(data: object) -> Section:
    return Section(
        _get(data, "heading", str),
        _get(data, "body", str),
        _optional(data, "image"),
        **read_added(data, Section),
    )


def _question(data: object) -> Question:
    options = tuple(o for o in _get(data, "options", list) if isinstance(o, str))
    answer_index = _get(data, "answer_index", int)
    if len(options) != len(_get(data, "options", list)) or not 0 <= answer_index < len(options):
        raise RecordError("not a lesson record: a question's options or answer_index are wrong")
    key = _get(data, "key", str)
    if not key:
        raise RecordError("not a lesson record: a question has no key")
    return Question(
        prompt=_get(data, "prompt", str),
        options=options,
        answer_index=answer_index,
        explanation=_get(data, "explanation", str),
        key=key,
        image=_optional(data, "image"),
        **read_added(data, Question),
    )


def _get(data: object, key: str, kind: type[_T]) -> _T:
    value = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RecordError(f"not a lesson record: {key!r} is missing or is not {kind.__name__}")
    return value


def _optional_number(data: Mapping[str, object], key: str) -> int | None:
    return None if data.get(key) is None else _get(data, key, int)


def _optional(data: object, key: str) -> str | None:
    if isinstance(data, Mapping) and data.get(key) is None:
        return None
    return _get(data, key, str)
