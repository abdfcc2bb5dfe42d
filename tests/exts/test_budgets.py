"""Each student screen, at its longest for the bundled lesson, within its budget in every language.

The end-to-end tests read the screens a real quiz shows, in a random order; this renders the worst
case of each: the longest question, explanation, wrong answer and misses the lesson has.
"""

from dataclasses import replace

import discord
import pytest

from bot.content import Lesson
from bot.exts import embeds, student_embeds
from bot.exts.buttons import render_review, render_step
from bot.i18n import LANGUAGES, Language
from bot.quiz.engine import Feedback, Missed, QuestionView, Summary
from bot.tutor import Offer, ProgressLine, ReviewPage, Step
from bot.tutor.standing import Window
from tests.fake_discord import Shown
from tests.screens import PHONE_LINE, over_budget, phone_lines, seen
from tests.standings import a_standing

ALL = pytest.mark.parametrize("lang", LANGUAGES.values(), ids=list(LANGUAGES))
# A phone shows about this many lines at once: the score must be on the first screen.
FIRST_SCREEN = 16


def shown(found: list[discord.Embed], view: discord.ui.View | None = None, content: str = "") -> Shown:
    components = view.to_components() if view is not None else []
    return Shown(0, content, [dict(e.to_dict()) for e in found], components, ephemeral=True)


def longest_wrong(lesson: Lesson, index: int) -> str:
    question = lesson.questions[index]
    return max((o for o in question.options if o != question.answer), key=len)


def feedbacks(lesson: Lesson) -> list[Feedback]:
    return [
        Feedback(False, longest_wrong(lesson, n), q.answer, q.explanation)
        for n, q in enumerate(lesson.questions)
    ]


def views(lesson: Lesson) -> list[QuestionView]:
    total = len(lesson.questions)
    return [QuestionView(n, total, q.prompt, q.options) for n, q in enumerate(lesson.questions)]


def worst(screens: list[Shown]) -> Shown:
    return max(screens, key=lambda s: (phone_lines(seen(s)), len(seen(s))))


@ALL
def test_the_lesson_card(fine_tuning, lang: Language):
    assert over_budget("lesson card", shown([embeds.lesson(fine_tuning, lang)])) is None


@ALL
def test_a_question_and_feedback_then_the_next(fine_tuning, lang: Language):
    questions = [shown(*render_step(Step(1, 1, fine_tuning, v, None), lang)) for v in views(fine_tuning)]
    assert over_budget("question", worst(questions)) is None
    longest = max(views(fine_tuning), key=lambda v: len(v.prompt) + sum(map(len, v.options)))
    after = [
        shown(*render_step(Step(1, 1, fine_tuning, longest, None, f), lang)) for f in feedbacks(fine_tuning)
    ]
    assert over_budget("feedback then question", worst(after)) is None


def _summary(lesson: Lesson, score: int, answered: int | None = None) -> Summary:
    """A try at `score` whose misses are the lesson's longest, as if asked in lesson order."""
    total = len(lesson.questions)
    answered = total if answered is None else answered
    missed = sorted(
        (
            Missed(n + 1, n + 1, q.prompt, longest_wrong(lesson, n), q.answer)
            for n, q in enumerate(lesson.questions)
        ),
        key=lambda m: -len(m.prompt + m.chosen + m.answer),
    )[: answered - score]
    return Summary(score, total, tuple(missed), answered)


def _result_only(end: Shown) -> str:
    """The result embed and the buttons under it, without the last answer's feedback above."""
    return seen(Shown(0, end.content, end.embeds[-1:], end.components, ephemeral=True))


# What the result may say on a phone, for any score: the score that counts, what next, nothing more.
RESULT_WORDS = 80


@ALL
@pytest.mark.parametrize("score", [0, 8, 15])
@pytest.mark.parametrize(
    "stands",
    [
        a_standing(attempts_used=3, attempts_left=2),  # open, tries left, an earlier try counts
        a_standing(window=Window.CLOSED),  # closed with tries left: nothing offered
        a_standing(results_visible=False, counted=None),  # test mode, score not seen yet
    ],
    ids=["open", "closed", "test-mode"],
)
def test_the_end_of_a_quiz_shows_the_score_first_in_few_words(fine_tuning, lang: Language, score, stands):
    summary = _summary(fine_tuning, score)
    offer = Offer(1, stands, asking=True)
    visible = stands.results_visible
    ends = [
        shown(
            *render_step(
                Step(1, 1, fine_tuning, None, summary, f, results_visible=visible, offer=offer), lang
            )
        )
        for f in feedbacks(fine_tuning)
    ]
    end = worst(ends)
    assert over_budget("result", end) is None
    text = seen(end)
    before = text[: text.index(end.embeds[-1]["title"])]
    assert phone_lines(before) < FIRST_SCREEN, before
    said = _result_only(end)
    assert len(said.split()) <= RESULT_WORDS, said


@ALL
@pytest.mark.parametrize("answered", [0, 8])
@pytest.mark.parametrize("earlier", [False, True], ids=["first-try", "after-a-finished-try"])
def test_a_try_the_close_stopped_says_what_was_saved(fine_tuning, lang: Language, answered, earlier):
    total = len(fine_tuning.questions)
    stands = a_standing(window=Window.CLOSED, unfinished=True, answered=answered)
    if not earlier:
        stands = replace(stands, finished=0, counted=None)
    step = Step(1, 1, fine_tuning, None, _summary(fine_tuning, 0, answered), offer=Offer(1, stands))
    end = shown(*render_step(step, lang), content=lang("says.closed"))
    assert over_budget("result", end) is None
    assert lang("result.stopped", answered=answered, total=total) in seen(end)
    assert end.labels == []


@ALL
def test_review_pages_and_progress(fine_tuning, lang: Language):
    total = len(fine_tuning.questions)
    pages = []
    for n, q in enumerate(fine_tuning.questions):
        chosen = longest_wrong(fine_tuning, n)
        page = ReviewPage(
            1, n, total, fine_tuning.title, n + 1, n + 1, q.prompt, chosen, q.answer, q.explanation
        )
        embed, view = render_review(page, lang)
        pages.append(shown([embed], view))
    assert over_budget("review page", worst(pages)) is None
    for answered in (0, 8, 15):
        for stands in (
            a_standing(attempts_left=2),
            a_standing(window=Window.CLOSED, unfinished=answered < total, answered=answered),
            a_standing(results_visible=False, counted=None, unfinished=answered < total, answered=answered),
        ):
            line = ProgressLine(fine_tuning.title, stands, 1)
            assert over_budget("progress", shown([student_embeds.progress([line], lang)])) is None


def test_phone_lines_wrap_long_lines():
    assert phone_lines("a" * PHONE_LINE) == 1
    assert phone_lines("a" * (PHONE_LINE + 1) + "\n\nb") == 4
