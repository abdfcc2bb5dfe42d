"""People's own data through the Tutor, on a real SQLite file with a clock the tests move."""

import asyncio
import inspect
import json
from datetime import timedelta

import pytest

from bot.content import Lesson
from bot.errors import UserError
from bot.storage.personal import KEPT
from bot.storage.records import Forgotten, Swept
from bot.tutor import Step, Tutor, Who
from bot.tutor.privacy import (
    DAY,
    RETRY,
    Privacy,
    confirm_mine,
    confirm_student,
    deleted_mine,
    deleted_student,
)
from bot.tutor.teaching import RulesText
from tests.clock import ManualClock
from tests.tutor.conftest import (
    ALICE,
    BOB,
    CHANNEL,
    GUILD,
    OTHER_GUILD,
    TEACHER,
    Counted,
    finish,
    open_quiz,
    right_slot,
)

OTHER_TEACHER = Who(GUILD, 7, "Mr Okafor", is_teacher=True)


async def wrong_then_right(tutor: Tutor, step: Step, who: Who) -> Step:
    """Miss the first question asked, then answer the rest right."""
    assert step.question is not None
    slot = (right_slot(step) + 1) % len(step.question.options)
    step = await tutor.sessions.answer(
        who.guild_id, step.attempt_id, who.user_id, step.question.position, slot
    )
    return await finish(tutor, step, who)


async def test_my_data_holds_my_answers_and_not_a_classmates(tutor: Tutor, fine_tuning: Lesson):
    quiz = await open_quiz(tutor)
    await wrong_then_right(tutor, await tutor.sessions.start(ALICE, quiz), ALICE)
    await finish(tutor, await tutor.sessions.start(BOB, quiz), BOB)

    mine = await tutor.privacy.my_data(ALICE)

    document = json.loads(mine.content)
    assert document["name"]["name"] == "Alice"
    assert document["user_id"] == str(ALICE.user_id)
    (attempt,) = document["quiz_tries"]
    assert (attempt["lesson_title"], attempt["score"], attempt["out_of"]) == (fine_tuning.title, 14, 15)
    assert attempt["finished_at"] is not None
    prompts = {q.prompt: q for q in fine_tuning.questions}
    for position, answer in enumerate(attempt["answers"]):
        question = prompts[answer["question"]]
        assert answer["question_number"] == position + 1  # her own number, as her quiz showed it
        assert answer["lesson_question_number"] == fine_tuning.questions.index(question) + 1
        assert answer["right"] is (answer["your_answer"] == question.answer)
    assert [a["right"] for a in attempt["answers"]].count(False) == 1
    assert "Bob" not in mine.content.decode()
    assert "1 quiz try with 15 answers" in "\n".join(map(str, mine.summary))


async def test_my_data_reads_each_quiz_once(tutor: Tutor):
    quiz = await tutor.teaching.quiz_by_id(GUILD, await open_quiz(tutor))
    await tutor.teaching.allow(TEACHER, quiz, ALICE.user_id, 1, None)
    await finish(tutor, await tutor.sessions.start(ALICE, quiz.id))
    await tutor.sessions.retry(ALICE, quiz.id)
    counted = Counted(tutor.db)
    tutor.privacy._db = counted
    mine = (await tutor.privacy.my_data(ALICE)).data
    assert counted.calls.count("quiz") == 1  # two tries and an extra try on it
    assert len(mine.attempts) == 2
    assert mine.extras[0].lesson_title == mine.attempts[0].lesson_title


async def test_asking_for_my_data_stores_nothing(tutor: Tutor):
    stranger = Who(GUILD, 99, "Nobody yet")
    mine = await tutor.privacy.my_data(stranger)
    assert mine.data.empty
    assert await tutor.db.person(GUILD, 99) is None


async def test_in_test_mode_right_and_wrong_stay_hidden_until_the_quiz_closes(tutor: Tutor):
    quiz = await open_quiz(tutor, feedback="after-close")
    await wrong_then_right(tutor, await tutor.sessions.start(ALICE, quiz), ALICE)
    (attempt,) = json.loads((await tutor.privacy.my_data(ALICE)).content)["quiz_tries"]
    assert attempt["score"] is None
    assert {a["right"] for a in attempt["answers"]} == {None}
    assert all(a["your_answer"] for a in attempt["answers"])  # what they picked is theirs to see
    await tutor.teaching.close_quiz(await tutor.teaching.quiz_by_id(GUILD, quiz))
    (attempt,) = json.loads((await tutor.privacy.my_data(ALICE)).content)["quiz_tries"]
    assert attempt["score"] == 14


async def test_deleting_my_data_is_final_and_leaves_classmates_alone(tutor: Tutor):
    quiz = await open_quiz(tutor)
    await finish(tutor, await tutor.sessions.start(ALICE, quiz), ALICE)
    await tutor.sessions.retry(ALICE, quiz)  # a retake left unfinished
    await finish(tutor, await tutor.sessions.start(BOB, quiz), BOB)
    record = await tutor.teaching.quiz_by_id(GUILD, quiz)
    await tutor.teaching.allow(TEACHER, record, ALICE.user_id, 1, None)
    bob_before = await tutor.privacy.my_data(BOB)

    with pytest.raises(UserError, match="someone else"):
        await tutor.privacy.held_mine(BOB, ALICE.user_id)
    with pytest.raises(UserError, match="someone else"):
        await tutor.privacy.forget_me(BOB, ALICE.user_id)
    held = await tutor.privacy.held_mine(ALICE, ALICE.user_id)
    assert held == Forgotten(attempts=2, answers=15, names=1, accommodations=1)
    assert str(confirm_mine(held)) == (
        "Are you sure? This deletes everything I keep about you in this server: "
        "2 quiz tries with 15 answers, your name and 1 note of extra tries or time. "
        "Your teacher won't see your scores any more. This can't be undone."
    )
    tutor.teaching.deadlines_moved.clear()

    gone = await tutor.privacy.forget_me(ALICE, ALICE.user_id)

    assert gone == held
    assert tutor.teaching.deadlines_moved.is_set()  # her extra time no longer holds the quiz open
    done = str(deleted_mine(gone))
    assert done.startswith("Done. I deleted 2 quiz tries with 15 answers, your name and 1 note")
    assert (await tutor.privacy.my_data(ALICE)).data.empty
    assert await tutor.sessions.progress(ALICE) == []
    nothing = await tutor.privacy.forget_me(ALICE, ALICE.user_id)
    assert str(deleted_mine(nothing)).startswith("There was nothing")
    assert (await tutor.privacy.my_data(BOB)).content == bob_before.content
    report = await tutor.reports.build(record)
    assert [row.name for row in report.students] == ["Bob"]
    again = await tutor.sessions.start(ALICE, quiz)  # a fresh start, as if for the first time
    assert again.question is not None
    assert (await tutor.db.attempt_state(again.attempt_id, tutor.clock.now())).record.number == 1


async def test_only_the_teacher_who_asked_can_forget_a_student(tutor: Tutor):
    quiz = await open_quiz(tutor)
    await finish(tutor, await tutor.sessions.start(ALICE, quiz), ALICE)
    with pytest.raises(UserError, match="Only teachers"):
        await tutor.privacy.held_student(BOB, ALICE.user_id)
    with pytest.raises(UserError, match="Only teachers"):
        await tutor.privacy.forget_student(BOB, BOB.user_id, ALICE.user_id)
    with pytest.raises(UserError, match="Only the teacher who asked"):
        await tutor.privacy.forget_student(OTHER_TEACHER, TEACHER.user_id, ALICE.user_id)
    held = await tutor.privacy.held_student(TEACHER, ALICE.user_id)
    assert str(confirm_student("Alice", held)) == (
        "This deletes everything I keep about **Alice** in this server: 1 quiz try with 15 answers and their "
        "name. Reports will no longer show them. This can't be undone."
    )
    gone = await tutor.privacy.forget_student(TEACHER, TEACHER.user_id, ALICE.user_id)
    assert gone == Forgotten(attempts=1, answers=15, names=1)
    assert str(deleted_student("Alice", gone)) == (
        "Done. I deleted **Alice**'s data from this server: 1 quiz try with 15 answers and their name. "
        "This is final."
    )
    assert (await tutor.privacy.my_data(ALICE)).data.empty


async def test_forgetting_in_one_server_keeps_the_other(tutor: Tutor):
    here = await open_quiz(tutor)
    there = (
        await tutor.teaching.open_quiz(Who(OTHER_GUILD, 4, "Ms Rivera", True), "fine-tuning", 44, RulesText())
    ).quiz
    alice_there = Who(OTHER_GUILD, ALICE.user_id, "Alice")
    await finish(tutor, await tutor.sessions.start(ALICE, here), ALICE)
    await finish(tutor, await tutor.sessions.start(alice_there, there.id), alice_there)
    await tutor.privacy.forget_me(ALICE, ALICE.user_id)
    assert len(json.loads((await tutor.privacy.my_data(alice_there)).content)["quiz_tries"]) == 1


async def test_retention_deletes_what_is_older_than_the_setting(tutor: Tutor, clock: ManualClock):
    quiz = await open_quiz(tutor)
    await finish(tutor, await tutor.sessions.start(ALICE, quiz), ALICE)
    clock.advance(20 * DAY)
    await finish(tutor, await tutor.sessions.start(BOB, quiz), BOB)
    clock.advance(11 * DAY)

    swept = await tutor.privacy.sweep(timedelta(days=30))

    # Alice's try and name go; so does the teacher's name (no tries, not seen for 31 days). Bob stays.
    assert swept == Swept(attempts=1, names=2)
    assert (await tutor.privacy.my_data(ALICE)).data.empty
    assert len((await tutor.privacy.my_data(BOB)).data.attempts) == 1


async def test_the_keeper_sweeps_at_start_then_daily_and_retries_after_a_failure(
    tutor: Tutor, clock: ManualClock
):
    quiz = await open_quiz(tutor)
    await finish(tutor, await tutor.sessions.start(ALICE, quiz), ALICE)
    swept: asyncio.Queue[Swept] = asyncio.Queue()
    keeper = asyncio.create_task(tutor.privacy.keep_sweeping(2 * DAY, swept.put_nowait, _raise))
    try:
        assert await asyncio.wait_for(swept.get(), 5) == Swept(0, 0)  # at start
        clock.advance(DAY)
        assert await asyncio.wait_for(swept.get(), 5) == Swept(0, 0)
        clock.advance(DAY + timedelta(seconds=1))
        assert await asyncio.wait_for(swept.get(), 5) == Swept(attempts=1, names=2)
        assert swept.empty()
    finally:
        keeper.cancel()

    failures: asyncio.Queue[Exception] = asyncio.Queue()
    # A period too long for the calendar makes the sweep fail: reported, and tried again shortly.
    broken = asyncio.create_task(
        tutor.privacy.keep_sweeping(timedelta.max, swept.put_nowait, failures.put_nowait)
    )
    try:
        assert isinstance(await asyncio.wait_for(failures.get(), 5), OverflowError)
        clock.advance(RETRY)
        assert isinstance(await asyncio.wait_for(failures.get(), 5), OverflowError)
    finally:
        broken.cancel()


def _raise(exc: Exception) -> None:
    raise exc


async def test_my_data_shows_the_schools_id_for_me_and_forgetting_takes_it(tutor: Tutor):
    await tutor.classes.import_school_ids(
        TEACHER, b"discord,id number,email\nalice,S-7,alice@school.example\n", {"alice": ALICE.user_id}
    )
    document = json.loads((await tutor.privacy.my_data(ALICE)).content)
    assert document["school_id"] == {"id_number": "S-7", "email": "alice@school.example"}
    assert json.loads((await tutor.privacy.my_data(BOB)).content)["school_id"] is None
    await tutor.privacy.forget_me(ALICE, ALICE.user_id)
    assert json.loads((await tutor.privacy.my_data(ALICE)).content)["school_id"] is None


async def test_my_data_holds_my_answers_in_a_live_class_still_running_and_not_a_classmates(
    tutor: Tutor, fine_tuning: Lesson
):
    view = await tutor.live.start(TEACHER, "fine-tuning", CHANNEL, teams=0, anonymous=False)
    session = view.session.id
    await tutor.live.choice(ALICE, session)
    await tutor.live.answer(ALICE, session, 0, 1)
    await tutor.live.answer(BOB, session, 0, 2)

    mine = await tutor.privacy.my_data(ALICE)

    (answer,) = json.loads(mine.content)["live_class_answers"]
    first = fine_tuning.questions[0]
    assert answer["question"] == first.prompt
    assert answer["your_answer"] == first.options[1]
    assert answer["question_number"] == 1
    assert "right" not in answer  # the class may not have been shown the answer yet
    assert "Bob" not in mine.content.decode()
    assert "1 answer in a live class still running" in "\n".join(map(str, mine.summary))


def test_my_data_reads_every_kind_the_declaration_of_personal_data_names():
    """bot/storage/personal.py names the Storage method /mydata reads each kind with: it must read it."""
    source = inspect.getsource(Privacy)
    for kept in KEPT:
        assert f"self._db.{kept.exported_by}(" in source, kept.exported_by
