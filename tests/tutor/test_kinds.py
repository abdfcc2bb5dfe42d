"""Every kind of question through the tutor, on a real database: answers, restarts, test mode, banks."""

import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.content import LessonLibrary, load_lesson
from bot.content.model import Kind
from bot.errors import UserError
from bot.quiz.engine import Given, Placed, Ticked, drawn
from bot.report.gradebook import Gradebook
from bot.storage import SQLiteDatabase
from bot.tutor import Step, Tutor, Who
from bot.tutor.review import ReviewScreen
from bot.tutor.teaching import RulesText
from tests.clock import ManualClock
from tests.conftest import LESSONS
from tests.tutor.conftest import ALICE, BOB, CHANNEL, TEACHER, tutor_teaching

PLANTS = load_lesson(LESSONS / "plants-make-food.toml")


@pytest.fixture
async def tutor(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Tutor]:
    async with tutor_teaching(PLANTS, tmp_path, clock) as tutor:
        yield tutor


async def _open(tutor: Tutor, **rules: object) -> int:
    opened = await tutor.teaching.open_quiz(TEACHER, PLANTS.id, CHANNEL, RulesText(**rules))  # type: ignore[arg-type]
    return opened.quiz.id


def given(step: Step | ReviewScreen, *, right: bool) -> Given:
    """The answer to the question on `step` (a quiz's or a review's), right or wrong, as the buttons
    would send it."""
    assert step.question is not None
    question = next(q for q in PLANTS.questions if q.prompt == step.question.prompt)
    shown = step.question.options
    if question.kind is Kind.TYPED:
        return f"  {question.options[0].upper()} " if right else "no idea"
    if question.kind is Kind.CHOOSE_ALL:
        ticked = [question.options[i] for i in question.right] if right else [question.options[-1]]
        return Ticked(frozenset(shown.index(o) for o in ticked))
    if question.kind is Kind.ORDER:
        order = question.options if right else question.options[::-1]
        return Placed(tuple(shown.index(o) for o in order))
    wrong = next(o for o in question.options if o != question.answer)
    return shown.index(question.answer if right else wrong)


async def take(tutor: Tutor, who: Who, quiz: int, *, right: bool) -> Step:
    step = await tutor.sessions.start(who, quiz)
    while step.question is not None:
        step = await tutor.sessions.answer(
            who.guild_id, step.attempt_id, who.user_id, step.question.position, given(step, right=right)
        )
    return step


async def test_each_kind_is_judged_in_the_core_and_a_banked_attempt_counts_what_it_drew(tutor: Tutor):
    quiz = await _open(tutor)
    right = await take(tutor, ALICE, quiz, right=True)
    wrong = await take(tutor, BOB, quiz, right=False)
    assert right.summary is not None
    assert wrong.summary is not None
    assert (right.summary.score, right.summary.total) == (7, 7)
    assert (wrong.summary.score, len(wrong.summary.missed)) == (0, 7)
    assert "no idea" in {m.chosen for m in wrong.summary.missed}
    (alice,) = await tutor.db.attempts(quiz, ALICE.user_id)
    assert alice.record.question_count == 7
    assert alice.record.finished
    texts = {a.text for a in alice.answers if a.text is not None}  # kept as typed, spaces and all
    assert {"  OXYGEN ", "  8 "} <= texts <= {"  OXYGEN ", "  8 ", "  PHOTOSYNTHESIS "}


async def test_a_half_answered_choose_all_screen_redraws_and_test_mode_hides_every_verdict(tutor: Tutor):
    quiz = await _open(tutor, feedback="after-close")
    step = await tutor.sessions.start(ALICE, quiz)
    while step.question is not None:
        position = step.question.position
        again = await tutor.sessions.showing(ALICE.guild_id, step.attempt_id, ALICE.user_id, position)
        assert again.question == step.question  # nothing recorded by a redraw
        step = await tutor.sessions.answer(
            ALICE.guild_id, step.attempt_id, ALICE.user_id, position, given(step, right=False)
        )
        assert (step.feedback, step.saved, step.results_visible) == (None, True, False)
    assert step.summary is not None


async def test_a_redraw_of_an_answered_question_says_where_the_attempt_is(tutor: Tutor):
    quiz = await _open(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    assert step.question is not None
    first = step.question.position
    after = await tutor.sessions.answer(
        ALICE.guild_id, step.attempt_id, ALICE.user_id, first, given(step, right=True)
    )
    late = await tutor.sessions.showing(ALICE.guild_id, step.attempt_id, ALICE.user_id, first)
    assert late.question == after.question
    assert late.note is not None
    with pytest.raises(UserError):
        await tutor.sessions.showing(ALICE.guild_id, step.attempt_id, BOB.user_id, first)


async def test_a_tick_after_the_close_shows_what_was_saved_not_the_question(tutor: Tutor):
    quiz = await _open(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    assert step.question is not None
    await tutor.db.close_quiz(quiz, tutor.clock.now())
    late = await tutor.sessions.showing(
        ALICE.guild_id, step.attempt_id, ALICE.user_id, step.question.position
    )
    assert late.question is None  # nothing left to tick that Check would refuse
    assert late.note is not None


async def test_the_review_shows_what_was_typed(tutor: Tutor):
    quiz = await _open(tutor)
    done = await take(tutor, BOB, quiz, right=False)
    typed = PLANTS.questions.index(next(q for q in PLANTS.questions if q.kind is Kind.TYPED))
    page = await tutor.sessions.review(BOB.guild_id, done.attempt_id, BOB.user_id, typed)
    assert (page.chosen, page.answer) == ("no idea", "oxygen")


async def test_a_live_class_of_a_lesson_with_every_kind_and_a_bank_starts(tutor: Tutor):
    view = await tutor.live.start(TEACHER, PLANTS.id, CHANNEL, teams=0, anonymous=False)
    assert view.session.question_count == PLANTS.asked == 7  # 5, and 2 of the bank's 3, for everyone
    assert view.drawn == drawn(PLANTS, view.session.seed)


async def test_my_data_gives_each_answer_as_the_student_gave_it(tutor: Tutor):
    quiz = await _open(tutor)
    await take(tutor, BOB, quiz, right=False)
    (attempt,) = json.loads((await tutor.privacy.my_data(BOB)).content)["quiz_tries"]
    given = {answer["question"]: answer["your_answer"] for answer in attempt["answers"]}
    by_kind = {q.kind: q for q in PLANTS.questions if q.prompt in given}
    assert given[by_kind[Kind.TYPED].prompt] == "no idea"
    assert given[by_kind[Kind.CHOOSE_ALL].prompt] == "Oxygen"
    assert given[by_kind[Kind.ORDER].prompt] == " → ".join(reversed(by_kind[Kind.ORDER].options))


async def test_the_review_pages_are_the_questions_the_attempt_drew(tutor: Tutor):
    quiz = await _open(tutor)
    done = await take(tutor, ALICE, quiz, right=True)
    (attempt,) = await tutor.db.attempts(quiz, ALICE.user_id)
    answered = sorted(a.question_index for a in attempt.answers)
    pages = [await tutor.sessions.review(ALICE.guild_id, done.attempt_id, ALICE.user_id, n) for n in range(7)]
    # Numbered as the student was asked them; each names the lesson question it is.
    assert [p.number for p in pages] == list(range(1, 8))
    assert sorted(p.lesson_number - 1 for p in pages) == answered
    assert {p.pages for p in pages} == {7}
    assert all(p.chosen for p in pages)


@pytest.fixture
async def partial(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Tutor]:
    db = await SQLiteDatabase.open(tmp_path / "partial.sqlite3")
    tutor = Tutor(LessonLibrary({PLANTS.id: replace(PLANTS, partial_credit=True)}), db, clock)
    await tutor.start()
    yield tutor
    await db.close()


async def test_partial_credit_counts_a_part_mark_in_the_score_the_result_and_the_report(partial: Tutor):
    quiz = await _open(partial)
    step = await partial.sessions.start(ALICE, quiz)
    while step.question is not None:
        answer = given(step, right=True)
        if isinstance(answer, Ticked):  # two of the three right options: 2/3 of a mark
            answer = Ticked(frozenset(sorted(answer.slots)[:2]))
        step = await partial.sessions.answer(
            ALICE.guild_id, step.attempt_id, ALICE.user_id, step.question.position, answer
        )
    assert step.summary is not None
    assert (step.summary.score, len(step.summary.missed)) == (6.67, 1)
    (stored,) = await partial.db.attempts(quiz, ALICE.user_id)
    assert stored.score == 6.67
    assert sorted(a.part for a in stored.answers if a.part) == [667]
    report = await partial.reports.build(await partial.teaching.quiz_by_id(ALICE.guild_id, quiz))
    (row,) = report.students
    assert (row.counted.points, row.counted.total) == (6.67, 7)
    files = await partial.reports.files(report)
    assert "6.67" in files.students_csv.decode("utf-8-sig")


async def test_without_partial_credit_a_part_right_answer_earns_nothing(tutor: Tutor):
    quiz = await _open(tutor)
    step = await tutor.sessions.start(ALICE, quiz)
    while step.question is not None:
        answer = given(step, right=True)
        if isinstance(answer, Ticked):
            answer = Ticked(frozenset(sorted(answer.slots)[:2]))
        step = await tutor.sessions.answer(
            ALICE.guild_id, step.attempt_id, ALICE.user_id, step.question.position, answer
        )
    assert step.summary is not None
    assert step.summary.score == 6
    (stored,) = await tutor.db.attempts(quiz, ALICE.user_id)
    assert (stored.score, [a.part for a in stored.answers if a.part]) == (6, [])


async def test_a_banked_lesson_is_graded_out_of_the_questions_each_attempt_asks(tutor: Tutor):
    quiz = await _open(tutor)
    await take(tutor, ALICE, quiz, right=True)
    report = await tutor.reports.build(await tutor.teaching.quiz_by_id(ALICE.guild_id, quiz))
    assert (report.out_of, len(report.questions)) == (7, 8)
    files = await tutor.reports.files(report, gradebook=Gradebook.CANVAS)
    assert files.gradebook_csv is not None
    rows = list(csv.reader(io.StringIO(files.gradebook_csv.decode("utf-8-sig"))))
    assert rows[1][-1] == "7"  # Points Possible
    assert rows[2][-1] == "7"  # Alice's full marks


async def test_review_and_the_redemption_round_ask_every_kind(tutor: Tutor):
    quiz = await _open(tutor)
    done = await take(tutor, BOB, quiz, right=False)
    record = await tutor.teaching.quiz_by_id(BOB.guild_id, quiz)
    await tutor.review.feed.quiz(record, await tutor.db.attempts(quiz), None)
    kinds = {q.key: q.kind for q in PLANTS.questions}
    items = await tutor.db.review_items(BOB.guild_id, BOB.user_id)
    assert len(items) == 7  # each question Bob was asked, typed, choose-all and order too
    assert {kinds[i.question_key] for i in items} >= {
        Kind.TRUE_FALSE,
        Kind.CHOOSE_ALL,
        Kind.TYPED,
        Kind.ORDER,
    }
    redo = await tutor.redemption.start(BOB, done.attempt_id)
    assert redo.question is not None
    assert redo.question.total == len(items)
