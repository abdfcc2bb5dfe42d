"""A live class without Discord: who may do what, when; the review hook; beside a self-paced quiz."""

from collections.abc import Sequence

import pytest

from bot.errors import UserError
from bot.live import Phase, Step
from bot.storage.records import AttemptWithAnswers, LiveRecord
from bot.tutor import Tutor, Who
from tests.tutor.conftest import ALICE, BOB, CHANNEL, OTHER_GUILD, TEACHER, open_quiz


async def test_a_live_class_and_a_self_paced_quiz_of_one_lesson_share_a_channel(tutor: Tutor):
    quiz_id = await open_quiz(tutor)
    view = await tutor.live.start(TEACHER, "fine-tuning", CHANNEL, teams=0, anonymous=False)
    assert view.session.quiz_id != quiz_id
    assert [q.id for q in await tutor.db.open_quizzes(TEACHER.guild_id, CHANNEL)] == [quiz_id]
    with pytest.raises(UserError, match="already running"):
        await tutor.live.start(TEACHER, "fine-tuning", CHANNEL, teams=0, anonymous=False)


async def test_answers_change_until_closed_then_are_refused_and_steps_apply_once(tutor: Tutor, fine_tuning):
    view = await tutor.live.start(TEACHER, "fine-tuning", CHANNEL, teams=0, anonymous=False)
    session = view.session.id
    assert (await tutor.live.choice(ALICE, session)).chosen is None
    await tutor.live.answer(ALICE, session, 0, 1)
    assert (await tutor.live.answer(ALICE, session, 0, 2)).chosen == 2
    assert (await tutor.live.choice(ALICE, session)).chosen == 2
    closed = await tutor.live.step(TEACHER, session, 0, Step.CLOSE)
    assert (closed.phase, closed.answered) == (Phase.CLOSED, 1)
    with pytest.raises(UserError, match="closed"):
        await tutor.live.answer(BOB, session, 0, 0)
    with pytest.raises(UserError, match="already closed"):
        await tutor.live.step(TEACHER, session, 0, Step.CLOSE)
    with pytest.raises(UserError, match="not revealed"):
        await tutor.live.result(ALICE, session, 0)
    revealed = await tutor.live.step(TEACHER, session, 0, Step.REVEAL)
    assert revealed.revealed is not None
    assert [s.count for s in revealed.revealed.options] == [0, 0, 1, 0]
    mine = await tutor.live.result(ALICE, session, 0)
    assert mine.judged is not None
    assert (mine.question, mine.judged.value) == (fine_tuning.questions[0], 2)
    with pytest.raises(UserError, match="earlier question"):
        await tutor.live.step(TEACHER, session, 1, Step.NEXT)
    await tutor.live.step(TEACHER, session, 0, Step.END)
    # Ended on question 1: the result of a question the class was never shown would tell its answer.
    with pytest.raises(UserError, match="not revealed"):
        await tutor.live.result(ALICE, session, 1)


async def test_end_tells_the_review_hook_each_students_final_answers(tutor: Tutor, fine_tuning):
    told: list[tuple[LiveRecord, Sequence[AttemptWithAnswers]]] = []

    async def review(session: LiveRecord, attempts: Sequence[AttemptWithAnswers]) -> None:
        told.append((session, attempts))

    tutor.live.review_hook = review
    view = await tutor.live.start(TEACHER, "fine-tuning", CHANNEL, teams=2, anonymous=False)
    session = view.session.id
    right = fine_tuning.questions[0].answer_index
    await tutor.live.answer(ALICE, session, 0, right)
    await tutor.live.answer(BOB, session, 0, (right + 1) % 4)
    ended = await tutor.live.step(TEACHER, session, 0, Step.END)
    assert ended.ended is not None
    assert [(s.count, s.total) for s in ended.ended.questions] == [(1, 2)]
    assert sum(t.total for t in ended.ended.teams) == 2
    [(record, attempts)] = told
    assert record.phase == "ended"
    finals = {a.record.user_id: [(r.question_index, r.option_index) for r in a.answers] for a in attempts}
    assert finals == {ALICE.user_id: [(0, right)], BOB.user_id: [(0, (right + 1) % 4)]}
    assert (await tutor.live.score(ALICE, session)).right == 1


async def test_a_session_of_another_server_is_no_session(tutor: Tutor):
    view = await tutor.live.start(TEACHER, "fine-tuning", CHANNEL, teams=0, anonymous=False)
    stranger = Who(OTHER_GUILD, 99, "Stranger", is_teacher=True)
    with pytest.raises(UserError, match="not in this server"):
        await tutor.live.answer(stranger, view.session.id, 0, 0)
    with pytest.raises(UserError, match="not in this server"):
        await tutor.live.step(stranger, view.session.id, 0, Step.END)
    with pytest.raises(UserError, match="Only teachers"):
        await tutor.live.step(ALICE, view.session.id, 0, Step.END)
