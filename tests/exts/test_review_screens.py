"""Spaced review's and the redemption round's screens of every kind of question: within Discord's limits
and the question budgets in every language, in every state of their picks, after the longest feedback,
and with no answer in any custom_id."""

import json

import pytest

from bot.content.model import Kind
from bot.exts.answering import AnswerBox
from bot.exts.review_buttons import render_review
from bot.i18n import Language
from bot.quiz.engine import Feedback
from bot.tutor.review import ReviewQuestion, ReviewScreen
from tests.exts.test_budgets import shown, worst
from tests.exts.test_kinds_screens import ALL, BOTH, picks, views
from tests.fake_discord import limits
from tests.screens import over_budget

ROUNDS = pytest.mark.parametrize("redemption", [False, True], ids=["review", "redemption"])


def screens(lesson, redemption: bool, feedback: Feedback | None = None) -> list[ReviewScreen]:
    """Each question of the lesson as a review step (or a redemption round's), of item (or try) 99."""
    return [
        ReviewScreen(
            redemption,
            ReviewQuestion(99, v.position, v.total, lesson, v.prompt, v.options, v.image, v.kind),
            feedback,
        )
        for v in views(lesson)
    ]


def ids_only(custom_id: str) -> bool:
    """After the button's kind: a flow's letter, ids, a step, slots and picks; never an answer."""
    return custom_id.split(":", 2)[2].replace(":", "").lstrip("rd").isdigit()


@ALL
@BOTH
@ROUNDS
def test_each_kind_in_every_state_fits_the_question_budget(lesson, lang: Language, redemption):
    drawn = []
    for screen in screens(lesson, redemption):
        assert screen.question is not None
        for picked in picks(screen.question.view):
            embeds, rows = render_review(screen, lang, picked)
            one = shown(embeds, rows)
            assert not limits.problems({"embeds": one.embeds, "components": one.components})
            drawn.append(one)
            custom_ids = [b["custom_id"] for b in one.buttons]
            assert all(map(ids_only, custom_ids))
            question = lesson.questions[screen.question.step]
            if question.kind is Kind.TYPED:
                # The quiz's own box (tests/exts/test_kinds_screens.py checks it), routed to this flow.
                view, flow = screen.question.view, "rd"[redemption]
                box = AnswerBox(99, view.position, lang, view, flow=flow).to_dict()
                quizs = AnswerBox(99, view.position, lang, view).to_dict()
                assert box == {**quizs, "custom_id": f"tutor:typed:{flow}99:{view.position}"}
                assert not any(a.casefold() in json.dumps(custom_ids).casefold() for a in question.options)
    assert over_budget("question", worst(drawn)) is None


@ALL
@BOTH
@ROUNDS
def test_the_longest_feedback_of_each_kind_then_the_next_question_fits(lesson, lang: Language, redemption):
    after = []
    for question in lesson.questions:
        chosen = " → ".join(reversed(question.options)) if question.kind is Kind.ORDER else "x" * 100
        feedback = Feedback(False, chosen, question.answer, question.explanation, question.kind is Kind.TYPED)
        for screen in screens(lesson, redemption, feedback):
            after.append(shown(*render_review(screen, lang)))
    assert over_budget("feedback then question", worst(after)) is None
