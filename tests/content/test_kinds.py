"""Each kind of question and the banks: TOML -> plain text -> TOML, `check` naming bad input, the record."""

import json

import pytest

from bot.content import content_hash, from_record, parse_plaintext, to_record, to_toml
from bot.content.loader import LessonError, parse_lesson
from bot.content.model import Bank, Kind
from bot.content.plainwriter import to_plaintext
from tests.conftest import LESSONS
from tests.test_cli import run

HEAD = """
id = "kinds"
title = "Every kind"

[[sections]]
heading = "Read"
body = "Text."
"""

KINDS = {
    "true-false": """
[[questions]]
type = "true-false"
prompt = "The Sun is a star."
options = ["True", "False"]
answer = "True"
""",
    "choose-all": """
[[questions]]
type = "choose-all"
prompt = "Which are planets?"
options = ["Mars", "The Moon", "Venus"]
answer = ["Mars", "Venus"]
""",
    "typed": """
[[questions]]
type = "typed"
prompt = "Which gas do we breathe in?"
answers = ["oxygen", "O2"]
""",
    "number": """
[[questions]]
type = "typed"
prompt = "What is pi to two places?"
answer = 3.14
tolerance = 0.01
""",
    "order": """
[[questions]]
type = "order"
prompt = "Smallest first."
options = ["Ant", "Cat", "Horse"]
""",
}


@pytest.mark.parametrize("name", KINDS)
def test_each_kind_round_trips_through_plain_text(name: str):
    lesson = parse_lesson(HEAD + KINDS[name], "kinds.toml")
    plain = to_plaintext(lesson)
    again = parse_plaintext(plain, "kinds.txt")
    assert again == lesson
    assert to_toml(again) == to_toml(lesson)
    assert parse_lesson(to_toml(lesson), "kinds.toml") == lesson
    assert from_record(to_record(lesson)) == lesson


def test_what_each_kind_holds():
    lesson = parse_lesson(HEAD + "".join(KINDS.values()), "kinds.toml")
    tf, every, typed, number, order = lesson.questions
    assert (tf.kind, tf.answer) == (Kind.TRUE_FALSE, "True")
    assert (every.kind, every.right, every.answer) == (Kind.CHOOSE_ALL, (0, 2), "Mars, Venus")
    assert (typed.kind, typed.options, typed.tolerance) == (Kind.TYPED, ("oxygen", "O2"), None)
    assert (number.options, number.tolerance, number.answer) == (("3.14",), 0.01, "3.14 ± 0.01")
    assert (order.kind, order.answer) == (Kind.ORDER, "Ant → Cat → Horse")


def test_banks_and_lesson_options_round_trip():
    text = HEAD.replace(
        'title = "Every kind"', 'title = "Every kind"\npartial_credit = true\nignore_accents = true'
    )
    text += '\n[[banks]]\nname = "stars"\ndraw = 1\n' + KINDS["true-false"].replace(
        "[[questions]]", '[[questions]]\nbank = "stars"'
    )
    text += KINDS["order"].replace("[[questions]]", '[[questions]]\nbank = "stars"')
    lesson = parse_lesson(text, "kinds.toml")
    assert lesson.banks == (Bank("stars", 1),)
    assert lesson.partial_credit
    assert lesson.ignore_accents
    assert parse_plaintext(to_plaintext(lesson), "k.txt") == lesson
    assert parse_lesson(to_toml(lesson), "k.toml") == lesson
    assert from_record(to_record(lesson)) == lesson


def test_a_lesson_without_the_new_fields_keeps_its_record(fine_tuning):
    record = json.loads(to_record(fine_tuning))
    for name in ("partial_credit", "ignore_accents", "banks"):
        assert name not in record
    for question in record["questions"]:
        assert not {"kind", "right", "tolerance", "bank"} & set(question)


def test_a_kind_changes_the_hash():
    choice = parse_lesson(HEAD + KINDS["true-false"].replace('type = "true-false"\n', ""), "k.toml")
    assert content_hash(choice) != content_hash(parse_lesson(HEAD + KINDS["true-false"], "k.toml"))


def _in_bank(question: str, bank: str) -> str:
    return question.replace("[[questions]]", f'[[questions]]\nbank = "{bank}"')


def _problems(text: str) -> list[str]:
    with pytest.raises(LessonError) as caught:
        parse_lesson(HEAD + text, "kinds.toml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        (
            KINDS["true-false"].replace('["True", "False"]', '["True", "False", "Maybe"]'),
            "question 1: options: has 3; a true/false question has exactly 2 options",
        ),
        (
            KINDS["choose-all"].replace('["Mars", "Venus"]', "[]"),
            "question 1: answer: no option is right",
        ),
        (
            KINDS["typed"].replace('answers = ["oxygen", "O2"]\n', ""),
            "question 1: answers: no accepted answer",
        ),
        (
            KINDS["number"].replace("0.01", "-0.01"),
            "question 1: tolerance: is -0.01; a tolerance is 0 or more",
        ),
        (
            '\n[[banks]]\nname = "b"\ndraw = 2\n'
            + KINDS["order"].replace("[[questions]]", '[[questions]]\nbank = "b"'),
            "bank 1: draw: draws 2, but the bank has 1 questions",
        ),
        (
            KINDS["order"].replace('"order"', '"essay"'),
            "question 1: type: must be one of: choice, true-false",
        ),
        (
            KINDS["typed"].replace("answers =", 'options = ["a", "b"]\nanswers ='),
            "question 1: options: a typed",
        ),
        (
            KINDS["number"].replace("answer = 3.14", "answers = ['3.14']"),
            "question 1: tolerance: only a number",
        ),
        (
            KINDS["order"].replace("[[questions]]", '[[questions]]\nbank = "nope"'),
            "question 1: bank: 'nope' is not",
        ),
        (
            KINDS["true-false"].replace("[[questions]]", '[[questions]]\nanswers = ["yes"]'),
            "question 1: answers: only a typed question has this; this one is true-false",
        ),
    ],
)
def test_check_names_bad_input(bad: str, said: str):
    found = _problems(bad)
    assert any(said in problem for problem in found), found


def test_check_names_bad_plain_text():
    plain = "Kinds\n\nRead\nText.\n\nQuiz\n\nTrue or false: The Sun is a star.\n* True\n- False\n- Maybe\n"
    with pytest.raises(LessonError) as caught:
        parse_plaintext(plain, "kinds.txt")
    assert (
        "kinds.txt: line 9: question 1: options: has 3; a true/false question has exactly 2 options"
        in str(caught.value)
    )


def test_the_cli_checks_and_shows_every_kind(tmp_path):
    (tmp_path / "kinds.toml").write_text(HEAD + "".join(KINDS.values()), encoding="utf-8")
    checked = run("check", str(tmp_path), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "ok: kinds: Every kind (5 questions)" in checked.stdout
    questions = json.loads(run("show", "--json", "kinds.toml", cwd=tmp_path).stdout)["questions"]
    kinds = [q.get("type", "choice") for q in questions]
    assert kinds == ["true-false", "choose-all", "typed", "typed", "order"]
    assert questions[3]["tolerance"] == 0.01
    assert questions[1]["answers"] == ["Mars", "Venus"]
    shown = run("show", "kinds.toml", cwd=tmp_path).stdout
    assert "True or false: The Sun is a star." in shown
    assert "- [x] Mars" in shown


def test_the_bundled_lessons_use_every_kind():
    from bot.content import load_library

    library, problems = load_library(LESSONS)
    assert not problems
    used = {q.kind for lesson in library.values() for q in lesson.questions}
    assert used == set(Kind)
    assert any(lesson.banks for lesson in library.values())
