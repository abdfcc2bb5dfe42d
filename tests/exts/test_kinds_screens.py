"""The screens of the questions that take more than one tap: within Discord's limits and their budgets,
in every language, with no answer key in any payload a student's client gets before answering."""

import json

import pytest

from bot.content import load_lesson
from bot.content.model import Kind
from bot.exts.answer_key import answer_key
from bot.exts.answering import AnswerBox, typed_value
from bot.exts.buttons import render_step
from bot.exts.rows import mask_slots, sequence_of, sequence_text
from bot.i18n import LANGUAGES, Language
from bot.quiz.engine import Attempt, Feedback, Given, Placed, QuestionView, Ticked
from bot.tutor import Step
from tests.conftest import LESSONS
from tests.exts.test_budgets import shown, worst
from tests.fake_discord import limits
from tests.screens import over_budget

ALL = pytest.mark.parametrize("lang", LANGUAGES.values(), ids=list(LANGUAGES))
LESSONS_OF_EVERY_KIND = [
    load_lesson(LESSONS / name) for name in ("plants-make-food.toml", "plantas-fabrican-comida.toml")
]
BOTH = pytest.mark.parametrize("lesson", LESSONS_OF_EVERY_KIND, ids=lambda lesson: lesson.id)


def views(lesson) -> list[QuestionView]:
    total = len(lesson.questions)
    return [
        QuestionView(n, total, q.prompt, () if q.kind is Kind.TYPED else q.options, None, q.kind)
        for n, q in enumerate(lesson.questions)
    ]


def picks(view: QuestionView) -> list[tuple[int, ...]]:
    """Every state a question's buttons are drawn in: nothing picked, some, all."""
    every = tuple(range(len(view.options)))
    return [(), every[:1], every] if view.kind in (Kind.CHOOSE_ALL, Kind.ORDER) else [()]


@ALL
@BOTH
def test_each_kind_of_question_in_every_state_fits_its_budget(lesson, lang: Language):
    screens = []
    for view in views(lesson):
        for picked in picks(view):
            embeds, rows = render_step(Step(1, 1, lesson, view, None), lang, picked)
            screen = shown(embeds, rows)
            assert not limits.problems({"embeds": screen.embeds, "components": screen.components})
            screens.append(screen)
    assert over_budget("question", worst(screens)) is None


@ALL
@BOTH
def test_feedback_of_each_kind_then_the_next_question_fits(lesson, lang: Language):
    longest = max(views(lesson), key=lambda v: len(v.prompt) + sum(map(len, v.options)))
    after = []
    for question in lesson.questions:
        # The longest wrong answer each kind can show: every option, in a wrong order, or a full box.
        chosen = " → ".join(reversed(question.options)) if question.kind is Kind.ORDER else "x" * 100
        feedback = Feedback(False, chosen, question.answer, question.explanation)
        after.append(shown(*render_step(Step(1, 1, lesson, longest, None, feedback), lang)))
    assert over_budget("feedback then question", worst(after)) is None


@ALL
@BOTH
def test_no_answer_key_reaches_a_client_before_answering(lesson, lang: Language):
    attempt = Attempt(lesson, seed=5)
    while (view := attempt.current()) is not None:
        question = lesson.questions[attempt.order[view.position]]
        for picked in picks(view):
            _, rows = render_step(Step(1, 1, lesson, view, None), lang, picked)
            custom_ids = [b["custom_id"] for row in rows.to_components() for b in row["components"]]
            payload = json.dumps(custom_ids)
            # Ids, a position, a slot and the student's own picks: digits and the kind of button only.
            for custom_id in custom_ids:
                _, kind, values = custom_id.split(":", 2)
                assert kind.isalpha()
                assert values.replace(":", "").isdigit(), custom_id
            if question.kind is Kind.TYPED:
                assert not any(answer.casefold() in payload.casefold() for answer in question.options)
        box = AnswerBox(1, view.position, lang, view).to_dict()
        assert not limits.modal_problems(box)
        if question.kind is Kind.TYPED:
            assert not any(answer in json.dumps(box) for answer in question.options)
        attempt = attempt.with_choice(attempt.given_at(view.position, _any(view)))


def _any(view: QuestionView) -> Given:
    """Some answer to the question, to move the attempt on."""
    if view.kind is Kind.TYPED:
        return "x"
    if view.kind is Kind.CHOOSE_ALL:
        return Ticked(frozenset({0}))
    if view.kind is Kind.ORDER:
        return Placed(tuple(range(len(view.options))))
    return 0


def test_picks_in_a_custom_id_round_trip():
    assert sequence_of(sequence_text((2, 0, 4))) == (2, 0, 4)
    assert sequence_of(sequence_text(())) == ()
    assert mask_slots(0b10101) == (0, 2, 4)


def test_a_typed_answer_is_read_from_a_row_or_a_label():
    text_input = {"type": 4, "custom_id": "answer", "value": " Oxygen "}
    row = {"components": [{"type": 1, "components": [text_input]}]}
    label = {"components": [{"type": 18, "component": {**text_input, "value": "O2"}}]}
    assert (typed_value(row), typed_value(label), typed_value({}), typed_value(None)) == (
        " Oxygen ",
        "O2",
        "",
        "",
    )


@ALL
@BOTH
def test_the_answer_key_marks_each_kind(lesson, lang: Language):
    text = json.dumps([e.to_dict() for e in answer_key(lesson, lang)], ensure_ascii=False)
    for question in lesson.questions:
        if question.kind is Kind.CHOOSE_ALL:
            assert all(f"✅ **{'ABCDE'[i]}) {question.options[i]}**" in text for i in question.right)
        elif question.kind is Kind.TYPED:
            assert f"✏️ ✅ **{question.answer}**" in text
        elif question.kind is Kind.ORDER:
            assert f"1. **{question.options[0]}**" in text
