"""A lesson version's record is canonical, complete and read back exactly."""

import hashlib
import json
from dataclasses import replace

import pytest

from bot.content import Lesson, Question, Section, content_hash, from_record, to_record, to_toml
from bot.content.loader import parse_lesson
from bot.content.record import RecordError

EDGE = Lesson(
    id="edge",
    title='Quotes " and \\ backslashes, ünïcödé 🌋',
    minutes=1,
    reviewed=1999,
    sections=(
        Section("Lines", "one\ntwo\n\nthree\ttabbed", "https://e.org/a.png?x=1&y=2"),
        Section("Plain", "text"),
    ),
    questions=(
        Question("First?", ("a", "b"), 1, "", "first_key", "https://e.org/q.png"),
        Question("Zweite Frage – ja?", ("ja", "nein", "vielleicht"), 2, "Weil."),
    ),
    language="de-AT",
)


def test_the_bundled_lesson_round_trips(fine_tuning):
    assert from_record(to_record(fine_tuning)) == fine_tuning


def test_edge_cases_round_trip():
    record = to_record(EDGE)
    assert from_record(record) == EDGE
    assert to_record(from_record(record)) == record


def test_every_field_is_in_the_record():
    data = json.loads(to_record(EDGE))
    assert data["reviewed"] == 1999
    assert data["language"] == "de-AT"
    assert data["sections"][0]["image"] == "https://e.org/a.png?x=1&y=2"
    assert data["sections"][1]["image"] is None
    assert [q["key"] for q in data["questions"]] == ["first_key", EDGE.questions[1].key]
    assert data["questions"][0]["image"] == "https://e.org/q.png"
    assert [q["answer_index"] for q in data["questions"]] == [1, 2]


def test_the_record_is_canonical():
    record = to_record(EDGE)
    assert record == json.dumps(json.loads(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert "🌋" in record
    assert "\n" not in record


def test_the_hash_is_the_sha256_of_the_record(fine_tuning):
    assert content_hash(fine_tuning) == hashlib.sha256(to_record(fine_tuning).encode()).hexdigest()
    # Equal content, whatever form it was read from: the same hash.
    assert content_hash(parse_lesson(to_toml(fine_tuning), "copy.toml")) == content_hash(fine_tuning)


def test_any_change_is_a_different_hash(fine_tuning):
    first = fine_tuning.questions[0]
    changes = [
        replace(fine_tuning, reviewed=2027),
        replace(fine_tuning, language="en"),
        replace(fine_tuning, sections=fine_tuning.sections[::-1]),
        replace(fine_tuning, questions=fine_tuning.questions[::-1]),
        replace(fine_tuning, questions=(replace(first, explanation="New."), *fine_tuning.questions[1:])),
        replace(fine_tuning, questions=(replace(first, key="first"), *fine_tuning.questions[1:])),
    ]
    hashes = {content_hash(fine_tuning)} | {content_hash(lesson) for lesson in changes}
    assert len(hashes) == len(changes) + 1


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        "{}",
        to_record(EDGE).replace('"format":1', '"format":2'),
        to_record(EDGE).replace('"minutes":1', '"minutes":"1"'),
        to_record(EDGE).replace('"minutes":1', '"minutes":true'),
        to_record(EDGE).replace('"answer_index":2', '"answer_index":3'),
        to_record(EDGE).replace('"options":["a","b"]', '"options":["a",2]'),
        to_record(EDGE).replace('"key":"first_key"', '"key":""'),
        to_record(EDGE).replace('"language":"de-AT"', '"language":5'),
    ],
)
def test_a_damaged_record_is_refused(text: str):
    with pytest.raises(RecordError):
        from_record(text)
