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
from bot.exts.report_card import report_embeds
from bot.i18n import LANGUAGES, Language, text
from bot.quiz.engine import Feedback, Missed, QuestionView, Summary
from bot.report.analysis import build_report
from bot.report.model import AnswerData, QuestionInfo, ReportInput
from bot.tutor import Offer, ProgressLine, ReviewPage, Step
from bot.tutor.standing import Window
from tests.fake_discord import Shown
from tests.report.sample import big_class
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


def lesson_class(lesson: Lesson, students: int) -> ReportInput:
    """The big sample class taking `lesson`'s quiz: its prompts and options, long notes and names."""
    big = big_class(students, len(lesson.questions))
    questions = tuple(
        QuestionInfo(f"q{n}", n, q.prompt, q.options, q.answer)
        for n, q in enumerate(lesson.questions, start=1)
    )
    by_key = {q.key: q for q in questions}

    def chosen(answer: AnswerData) -> AnswerData:
        question = by_key[answer.key]
        wrong = [o for o in question.options if o != question.answer]
        text = question.answer if answer.correct else wrong["BCD".index(answer.chosen) % len(wrong)]
        return replace(answer, chosen=text)

    attempts = tuple(replace(a, answers=tuple(chosen(x) for x in a.answers)) for a in big.attempts)
    note = text("report.extra.both", first=text("report.extra.tries", count=2), second=text(
        "report.extra.until", when="Friday 4 December 2026, 17:00 (America/Argentina/Buenos_Aires)"
    ))  # fmt: skip
    people = tuple(
        replace(p, name=p.name + " Wolfeschlegelsteinhausenbergerdorff", note=note if n % 3 == 0 else None)
        for n, p in enumerate(big.people)
    )
    return replace(big, title=lesson.title, questions=questions, attempts=attempts, people=people)


@ALL
@pytest.mark.parametrize("students", [12, 1000])
def test_the_report_card_is_read_at_a_glance(fine_tuning, lang: Language, students):
    report = build_report(lesson_class(fine_tuning, students))
    card = shown(report_embeds(report, lang))
    assert over_budget("report card", card) is None
    words = len(seen(card).split())
    # The card was about 680 words before it opened with the three lists; this is the worst case:
    # every list full, and a long extra-time note on a third of the students.
    assert words < 450, words
    assert not card.embeds[-1]["footer"]["text"].endswith("…")  # the help line is whole
    # A prompt cut to fit ends with a whole word of it: the next character of the prompt is no letter.
    prompts = [" ".join(q.prompt.split()) for q in fine_tuning.questions]
    for line in card.embeds[-1]["description"].split("\n"):
        if line.endswith("…"):
            start = line[:-1]
            prompt = next(p for p in prompts if p.startswith(start))
            assert not prompt[len(start)].isalnum(), (start, prompt)
