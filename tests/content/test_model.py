"""A question's key and identity: what stays the same question across two versions of a lesson."""

import re
from dataclasses import replace

from bot.content import Lesson, Question, Section
from bot.content.model import question_key

MAGMA = Question("What is magma?", ("Melted rock", "Cold ice", "Sand"), 0, "Rock so hot it melts.")


def test_a_question_without_a_key_gets_one_from_its_prompt():
    assert MAGMA.key == question_key("What is magma?")
    assert re.fullmatch(r"q-[0-9a-f]{10}", MAGMA.key)


def test_the_derived_key_ignores_case_spacing_and_punctuation():
    for same in ("what is magma", "  WHAT   is magma?! ", "What is ‘magma’?", "What\tis\nmagma…"):
        assert question_key(same) == MAGMA.key, same
    for other in ("What is lava?", "What is magma made of?", "What is magma 2?"):
        assert question_key(other) != MAGMA.key, other


def test_a_key_of_its_own_is_kept():
    assert replace(MAGMA, key="magma").key == "magma"
    assert replace(MAGMA, prompt="What is magma, really?", key="magma").key == "magma"


def test_identity_ignores_the_order_of_options():
    shuffled = replace(MAGMA, options=("Sand", "Melted rock", "Cold ice"), answer_index=1)
    assert shuffled.identity == MAGMA.identity
    assert MAGMA.identity.startswith(f"{MAGMA.key}:")


def test_identity_changes_with_the_options_or_the_answer():
    identities = {
        MAGMA.identity,
        replace(MAGMA, answer_index=1).identity,
        replace(MAGMA, options=("Melted rock", "Cold ice", "Gravel")).identity,
        replace(MAGMA, options=("Melted rock", "Cold ice")).identity,
    }
    assert len(identities) == 4


def test_identity_does_not_change_with_the_explanation_or_picture():
    changed = replace(MAGMA, explanation="Changed.", image="https://e.org/m.png")
    assert changed.identity == MAGMA.identity


def test_new_fields_stay_out_of_the_public_json():
    lesson = Lesson(
        "volcanoes",
        "Why volcanoes erupt",
        5,
        2026,
        (Section("Hot rock", "Deep down.", "https://e.org/a.png"),),
        (
            replace(MAGMA, key="magma", image="https://e.org/b.png"),
            replace(MAGMA, prompt="Why?", explanation=""),
        ),
        language="en",
    )
    assert lesson.as_json() == {
        "id": "volcanoes",
        "title": "Why volcanoes erupt",
        "minutes": 5,
        "sections": [{"heading": "Hot rock", "body": "Deep down."}],
        "questions": [
            {
                "prompt": "What is magma?",
                "options": ["Melted rock", "Cold ice", "Sand"],
                "answer": "Melted rock",
                "explanation": "Rock so hot it melts.",
            },
            {
                "prompt": "Why?",
                "options": ["Melted rock", "Cold ice", "Sand"],
                "answer": "Melted rock",
                "explanation": "",
            },
        ],
    }
