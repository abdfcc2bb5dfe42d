"""Spaced review without Discord: assigned by the teacher, fed by quizzes, answered once per step."""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from bot.content import Lesson, LessonLibrary
from bot.content.model import Kind
from bot.errors import UserError
from bot.live import Step as LiveStep
from bot.quiz.judging import shuffled
from bot.review import plan
from bot.tutor import Tutor
from bot.tutor.review import asked_again
from bot.tutor.review_cards import Card, Cards, Due, Reminder, SendLater
from bot.tutor.review_report import csv_text
from tests.clock import ManualClock
from tests.quiz.test_kinds import LESSON as EVERY_KIND
from tests.quiz.test_kinds import TF
from tests.tutor.conftest import ALICE, BOB, CHANNEL, OTHER_CHANNEL, TEACHER, open_quiz
from tests.tutor.review_steps import answer, reviewed_tomorrow, slot_for, take_quiz

DAY = timedelta(days=1)


async def test_only_a_teacher_assigns_and_a_student_needs_an_assignment(tutor: Tutor):
    with pytest.raises(UserError, match="Only teachers"):
        await tutor.review.assign(ALICE, CHANNEL, None, until=None, exam=None)
    with pytest.raises(UserError, match="not turned on"):
        await tutor.review.start(ALICE)
    with pytest.raises(UserError):
        await tutor.review.assign(TEACHER, CHANNEL, "no-such-lesson", until=None, exam=None)


async def test_missed_questions_come_back_the_next_day_and_resume_after_a_restart(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    await take_quiz(tutor, await open_quiz(tutor), missed=3)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    today = await tutor.review.start(ALICE)
    assert today.question is None  # nothing is due on the quiz's own day
    clock.advance(DAY)
    first = await tutor.review.start(ALICE)
    assert first.question is not None
    assert (first.question.step, first.question.total) == (0, 3)  # the three missed, the right ones later
    second = await answer(tutor, first, fine_tuning, right=True)
    assert second.feedback is not None
    assert second.feedback.correct
    third = await answer(tutor, second, fine_tuning, right=False)
    assert third.feedback is not None
    assert not third.feedback.correct
    # The same press again (a double click): answered once, the screen moves on to where it stands.
    again = await tutor.review.answer(
        ALICE, second.question.target, 1, slot_for(second, fine_tuning, right=False)
    )
    assert again.note is not None
    assert again.question == third.question
    # A restart: a new Tutor over the same database carries on at the third question.
    restarted = Tutor(LessonLibrary({fine_tuning.id: fine_tuning}), tutor.db, clock)
    await restarted.start()
    resumed = await restarted.review.start(ALICE)
    assert resumed.question == third.question
    done = await answer(restarted, resumed, fine_tuning, right=True)
    assert done.question is None
    assert done.answered == 3
    items = {i.id: i for i in await tutor.db.review_items(ALICE.guild_id, ALICE.user_id)}
    right_item, wrong_item = items[first.question.target], items[second.question.target]
    assert right_item.memory.due > wrong_item.memory.due == (clock.now() + DAY).date()
    # The next day: the one missed again comes first; the one recalled is not due yet.
    clock.advance(DAY)
    nextday = await tutor.review.start(ALICE)
    assert nextday.question is not None
    assert nextday.question.target == wrong_item.id
    assert nextday.question.total == 5  # the cap: the missed one and four answered right in the quiz


async def test_a_test_mode_quizs_items_wait_for_its_close(tutor: Tutor, clock: ManualClock):
    quiz = await open_quiz(tutor, feedback="after-close")
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    await take_quiz(tutor, quiz, missed=2)
    clock.advance(DAY)
    assert (await tutor.review.start(ALICE)).question is None
    assert await tutor.db.review_items(ALICE.guild_id, ALICE.user_id) == []
    clock.advance(DAY)
    record = await tutor.teaching.quiz_by_id(TEACHER.guild_id, quiz)
    await tutor.teaching.close_quiz(record)
    closed_day = clock.now().date()
    screen = await tutor.review.start(ALICE)
    items = await tutor.db.review_items(ALICE.guild_id, ALICE.user_id)
    assert len(items) == 15
    assert min(i.memory.due for i in items) == closed_day
    assert screen.question is not None
    assert screen.question.total == 5


async def test_another_class_or_student_is_not_fed_or_answered(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    await take_quiz(tutor, await open_quiz(tutor, OTHER_CHANNEL), missed=3)
    await take_quiz(tutor, await open_quiz(tutor), who=BOB, missed=3)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    clock.advance(DAY)
    assert (await tutor.review.start(ALICE)).question is None  # her quiz was in another channel
    bobs = await tutor.review.start(BOB)
    assert bobs.question is not None
    with pytest.raises(UserError, match="someone else"):
        await tutor.review.answer(ALICE, bobs.question.target, 0, 0)


async def test_the_redemption_round_feeds_review_but_never_the_score(tutor: Tutor, fine_tuning: Lesson):
    quiz = await open_quiz(tutor)
    await take_quiz(tutor, quiz, missed=2)
    (attempt,) = await tutor.db.attempts(quiz, ALICE.user_id)
    screen = await tutor.redemption.start(ALICE, attempt.record.id)
    assert screen.redemption
    assert screen.question is not None
    assert screen.question.total == 2
    screen = await answer(tutor, screen, fine_tuning, right=True)
    screen = await answer(tutor, screen, fine_tuning, right=True)
    assert screen.question is None
    assert screen.answered == 2
    (after,) = await tutor.db.attempts(quiz, ALICE.user_id)
    assert after == attempt  # the try's answers and score as they were
    items = await tutor.db.review_items(ALICE.guild_id, ALICE.user_id)
    assert sorted(i.memory.reps for i in items) == [1] * 13 + [2, 2]
    with pytest.raises(UserError, match="someone else"):
        await tutor.redemption.start(BOB, attempt.record.id)


async def test_progress_counts_mastered_questions_days_and_the_class_goal(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    await take_quiz(tutor, await open_quiz(tutor), missed=15)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    assert await tutor.review.progress(ALICE) is not None
    for _ in range(25):
        clock.advance(DAY)
        screen = await tutor.review.start(ALICE)
        while screen.question is not None:
            screen = await answer(tutor, screen, fine_tuning, right=True)
    progress = await tutor.review.progress(ALICE)
    assert progress is not None
    assert progress.mastered >= 1
    assert progress.days >= 5
    assert (progress.class_mastered, progress.class_items) == (progress.mastered, 15)


async def test_a_live_classs_end_feeds_review(tutor: Tutor, fine_tuning: Lesson, clock: ManualClock):
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    view = await tutor.live.start(TEACHER, "fine-tuning", CHANNEL, teams=0, anonymous=False)
    wrong = (fine_tuning.questions[0].answer_index + 1) % 4
    await tutor.live.answer(ALICE, view.session.id, 0, wrong)
    await tutor.live.step(TEACHER, view.session.id, 0, LiveStep.END)
    (item,) = await tutor.db.review_items(ALICE.guild_id, ALICE.user_id)
    assert (item.question_key, item.first_correct) == (fine_tuning.questions[0].key, False)


async def test_the_daily_card_waits_for_its_time_in_the_servers_zone_and_is_posted_once(
    tutor: Tutor, clock: ManualClock
):
    # 10:00 UTC on a Wednesday is 05:00 in New York: the 09:00 card there is 4 hours away.
    await tutor.teaching.set_timezone(TEACHER.guild_id, "America/New_York")
    await take_quiz(tutor, await open_quiz(tutor), missed=3)
    await take_quiz(tutor, await open_quiz(tutor, OTHER_CHANNEL), who=BOB, missed=3)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    await tutor.review.set_remind(ALICE, True)
    cards = tutor.review.cards
    assert (await cards.due()).cards == []  # nothing waits on the quiz's own day
    wake = await cards.next_run()
    assert wake is not None
    assert wake.astimezone(UTC) == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    clock.advance(wake - clock.now())
    assert (await cards.due()).cards == []  # claimed for today; nobody was waiting
    wake = await cards.next_run()
    assert wake == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    clock.advance(wake - clock.now() - timedelta(minutes=1))
    assert (await cards.due()).cards == []  # a minute early
    clock.advance(timedelta(minutes=1))
    due = await cards.due()
    assert [(c.channel_id, c.waiting, c.minutes) for c in due.cards] == [
        (CHANNEL, 1, 2)
    ]  # Bob's class is not on
    assert [(r.guild_id, r.user_id) for r in due.reminders] == [(TEACHER.guild_id, ALICE.user_id)]
    posted, reminded = await deliver(cards, due)
    assert (posted, reminded) == (due.cards, due.reminders)
    assert await cards.due() == type(due)([], [])  # once a day, whoever asks again
    assert await deliver(cards, due) == ([], [])  # a second process holding the same list sends nothing
    clock.advance(timedelta(hours=1))
    assert await cards.due() == type(due)([], [])  # sent: not again that day


async def deliver(cards: Cards, due: Due, *, dies: bool = False) -> tuple[list[Card], list[Reminder]]:
    """What `deliver` sends, recorded; `dies`: the process dies as it sends the first (nothing is sent)."""
    posted: list[Card] = []
    reminded: list[Reminder] = []

    async def post(card: Card) -> None:
        if dies:
            raise _ProcessDiedError
        posted.append(card)

    async def remind(reminder: Reminder) -> None:
        if dies:
            raise _ProcessDiedError
        reminded.append(reminder)

    with contextlib.suppress(_ProcessDiedError):
        await cards.deliver(due, post, remind)
    return posted, reminded


class _ProcessDiedError(BaseException):
    """The process dies while it sends (no handler of it runs): what it claimed stays claimed, unsent."""


async def _reminded_class(tutor: Tutor, clock: ManualClock) -> tuple[Cards, Due]:
    """Alice, reminders on, missed 3 in a quiz of a class with review; the next day's card and reminder."""
    await tutor.review.set_remind(ALICE, True)
    await take_quiz(tutor, await open_quiz(tutor), missed=3)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    clock.advance(timedelta(days=1))  # Thursday 10:00 UTC, past the 09:00 card
    return tutor.review.cards, await tutor.review.cards.due()


async def test_a_card_claimed_by_a_process_that_died_before_posting_is_posted_by_the_next_look(
    tutor: Tutor, clock: ManualClock
):
    cards, due = await _reminded_class(tutor, clock)
    assert [c.channel_id for c in due.cards] == [CHANNEL]
    assert [r.user_id for r in due.reminders] == [ALICE.user_id]
    assert await deliver(cards, due, dies=True) == ([], [])  # claimed the card, died posting it
    # A restart 10 s later finds the card claimed: it sends the reminder, not the card...
    clock.advance(timedelta(seconds=10))
    assert await deliver(cards, await cards.due()) == ([], due.reminders)
    # ...and its keeper wakes when the claim goes stale, instead of tomorrow, and posts the card then.
    wake = await cards.next_run()
    assert wake is not None
    assert wake - clock.now() == timedelta(seconds=20)
    clock.advance(wake - clock.now())
    assert await deliver(cards, await cards.due()) == (due.cards, [])
    assert (await cards.next_run() or clock.now()) - clock.now() > timedelta(hours=1)  # tomorrow's


async def test_a_claim_no_look_will_take_again_does_not_hide_a_newer_dead_one(
    tutor: Tutor, clock: ManualClock
):
    cards, due = await _reminded_class(tutor, clock)
    # The reminder is claimed, the process dies sending it, and Alice turns reminders off: no look will
    # take that claim again. The next day the card is claimed and its process dies too.
    await deliver(cards, type(due)([], due.reminders), dies=True)
    await tutor.review.set_remind(ALICE, False)
    await deliver(cards, type(due)(due.cards, []))
    clock.advance(timedelta(days=1))
    assert await deliver(cards, await cards.due(), dies=True) == ([], [])
    clock.advance(timedelta(seconds=10))
    wake = await cards.next_run()
    assert wake is not None
    assert wake - clock.now() == timedelta(seconds=20)


async def test_a_process_sending_many_does_not_see_another_send_them_again(tutor: Tutor, clock: ManualClock):
    await tutor.review.set_remind(ALICE, True)
    await tutor.review.set_remind(BOB, True)
    await take_quiz(tutor, await open_quiz(tutor), missed=3)
    await take_quiz(tutor, await open_quiz(tutor), who=BOB, missed=3)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    process_a = tutor.review.cards
    process_b = Cards(tutor.db, clock, tutor.review.feed)
    clock.advance(timedelta(days=1))
    listed_a, listed_b = await process_a.due(), await process_b.due()
    assert len(listed_a.reminders) == 2
    sent_by_a: list[Reminder] = []
    sent_by_b: list[Card | Reminder] = []

    async def slow_remind(reminder: Reminder) -> None:
        # Each direct message takes A 20 s (rate limits); B's keeper looks 31 s after A began.
        clock.advance(timedelta(seconds=20))
        sent_by_a.append(reminder)
        if len(sent_by_a) == 2:
            posted, reminded = await deliver(process_b, listed_b)
            sent_by_b.extend([*posted, *reminded])

    await process_a.deliver(listed_a, _post_nothing, slow_remind)
    # A claimed each just before sending it: B found the first sent and the second's claim live.
    assert sent_by_a == listed_a.reminders
    assert sent_by_b == []


async def test_no_reminder_once_the_servers_review_has_ended(tutor: Tutor, clock: ManualClock):
    await tutor.review.set_remind(ALICE, True)
    await take_quiz(tutor, await open_quiz(tutor), missed=3)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=clock.now().date(), exam=None)
    clock.advance(timedelta(days=1))  # past its last day
    with pytest.raises(UserError):
        await tutor.review.start(ALICE)  # she can't review...
    assert (await tutor.review.cards.due()).reminders == []  # ...so she is not told to


async def test_a_lesson_assigned_after_the_days_card_does_not_bring_a_second_card(
    tutor: Tutor, clock: ManualClock, fine_tuning: Lesson
):
    cards, due = await _reminded_class(tutor, clock)
    assert len((await deliver(cards, due))[0]) == 1
    clock.advance(timedelta(hours=2))
    await tutor.review.assign(TEACHER, CHANNEL, fine_tuning.id, until=None, exam=None)  # the same class
    assert await deliver(cards, await cards.due()) == ([], [])


async def test_a_send_that_fails_for_good_holds_up_nothing_and_one_that_may_pass_is_tried_again(
    tutor: Tutor, clock: ManualClock
):
    cards, due = await _reminded_class(tutor, clock)
    reminded: list[Reminder] = []

    async def broken(card: Card) -> None:
        raise RuntimeError("a card this server's language cannot draw")

    async def down(reminder: Reminder) -> None:
        raise SendLater  # Discord answered 503

    async def remind(reminder: Reminder) -> None:
        reminded.append(reminder)

    await cards.deliver(due, broken, down)  # the card is given up for today; the reminder waits
    assert await cards.due() == type(due)([], due.reminders)
    clock.advance(timedelta(seconds=31))
    await cards.deliver(await cards.due(), broken, remind)
    assert reminded == due.reminders


async def test_the_cards_carry_the_servers_kept_language_for_a_process_that_does_not_serve_it(
    tutor: Tutor, clock: ManualClock
):
    await tutor.deadlines.remember_locale(TEACHER.guild_id, "es-ES")
    _, due = await _reminded_class(tutor, clock)
    assert [c.locale for c in due.cards] == ["es-ES"]
    assert [r.locale for r in due.reminders] == ["es-ES"]


async def _post_nothing(card: Card) -> None:
    return None


async def test_the_weekend_has_no_card_unless_the_days_say_so(tutor: Tutor, clock: ManualClock):
    await take_quiz(tutor, await open_quiz(tutor), missed=3)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    clock.advance(timedelta(days=3))  # Saturday 10:00 UTC
    assert (await tutor.review.cards.due()).cards == []
    await tutor.review.set_settings(TEACHER, cap=None, at=None, days=frozenset(range(7)))
    assert [c.waiting for c in (await tutor.review.cards.due()).cards] == [1]


async def test_the_report_counts_students_questions_and_calibration(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    screen = await reviewed_tomorrow(tutor, clock, missed=2)
    screen = await answer(tutor, screen, fine_tuning, right=True)
    await answer(tutor, screen, fine_tuning, right=False)
    with pytest.raises(UserError, match="Only teachers"):
        await tutor.review.report(ALICE, None)
    report = await tutor.review.report(TEACHER, CHANNEL)
    [(name, row)] = report.students
    assert (name, row.done, row.due) == ("Alice", 2, 0)
    assert sum(q.asked for _, _, q in report.questions) == 2
    assert sum(q.recalled for _, _, q in report.questions) == 1
    assert report.calibration.count == 2
    assert report.effect is None
    text = csv_text(report)
    assert text.startswith("student,due_today,overdue,done_at_review\nAlice,0,0,2\n")
    assert "rmse" in text


async def test_mydata_exports_review_and_forget_deletes_it(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    await take_quiz(tutor, await open_quiz(tutor), missed=2)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    await tutor.review.set_remind(ALICE, True)
    clock.advance(DAY)
    await answer(tutor, await tutor.review.start(ALICE), fine_tuning, right=True)
    mine = await tutor.privacy.my_data(ALICE)
    assert len(mine.data.review_items) == 15
    assert [a.kind for a in mine.data.review_answers] == ["review"]
    assert mine.data.review_reminders
    held = await tutor.privacy.held_mine(ALICE, ALICE.user_id)
    assert held.reviews == 15 + 1 + 1  # items, the answer, the reminder setting
    gone = await tutor.privacy.forget_me(ALICE, ALICE.user_id)
    assert gone == held
    assert await tutor.db.review_items(ALICE.guild_id, ALICE.user_id) == []
    assert (await tutor.privacy.my_data(ALICE)).data.empty


async def test_measuring_holds_back_a_tenth_until_the_check_day_then_asks_both_arms(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    keys = [q.key for q in fine_tuning.questions]
    # A seed whose split gives Alice at least one held-back and one control item among her 15 misses.
    seed = next(
        s
        for s in range(1000)
        if {plan.arm(str(s), ALICE.user_id, k, True) for k in keys} >= {plan.Arm.HELD_BACK, plan.Arm.CONTROL}
    )
    check_day = (clock.now() + 3 * DAY).date()
    await tutor.db.assign_review(
        TEACHER.guild_id,
        CHANNEL,
        "",
        ends_on=None,
        exam_on=None,
        measure=True,
        check_on=check_day,
        seed=seed,
        now=clock.now(),
    )
    await take_quiz(tutor, await open_quiz(tutor), missed=15)
    held = {k for k in keys if plan.arm(str(seed), ALICE.user_id, k, True) is plan.Arm.HELD_BACK}
    await tutor.review.set_settings(TEACHER, cap=50, at=None, days=frozenset(range(7)))
    clock.advance(DAY)
    screen = await tutor.review.start(ALICE)
    assert screen.question is not None
    assert screen.question.total == 15 - len(held)  # the held-back ones wait
    clock.advance(2 * DAY)  # the check day
    screen = await tutor.review.start(ALICE)
    while screen.question is not None:
        screen = await answer(tutor, screen, fine_tuning, right=True)
    checks = [a for a in await tutor.db.review_answers(ALICE.guild_id, ALICE.user_id) if a.kind == "check"]
    assert {a.question_key for a in checks if a.arm == "held_back"} == held
    assert any(a.arm == "control" for a in checks)
    report = await tutor.review.report(TEACHER, None)
    assert report.effect is not None
    assert report.effect.held_back.asked == len(held)


async def test_an_exam_date_brings_items_back_on_the_eve(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    await take_quiz(tutor, await open_quiz(tutor), missed=0)  # all right: due in about 2 days, then longer
    exam = (clock.now() + 10 * DAY).date()
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=exam)
    await tutor.review.set_settings(TEACHER, cap=50, at=None, days=frozenset(range(7)))
    clock.advance(2 * DAY)
    screen = await tutor.review.start(ALICE)
    while screen.question is not None:
        screen = await answer(tutor, screen, fine_tuning, right=True)
    items = await tutor.db.review_items(ALICE.guild_id, ALICE.user_id)
    assert max(i.memory.due for i in items) <= exam - DAY  # none is first seen again after the exam


async def test_an_exam_set_later_brings_items_already_scheduled_past_it_back_on_its_eve(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    await take_quiz(tutor, await open_quiz(tutor), missed=0)
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=None)
    await tutor.review.set_settings(TEACHER, cap=50, at=None, days=frozenset(range(7)))
    clock.advance(2 * DAY)
    screen = await tutor.review.start(ALICE)
    while screen.question is not None:
        screen = await answer(tutor, screen, fine_tuning, right=True)
    exam = (clock.now() + 5 * DAY).date()
    later = [i for i in await tutor.db.review_items(ALICE.guild_id, ALICE.user_id) if i.memory.due >= exam]
    assert later  # scheduled past the exam before it was set
    await tutor.review.assign(TEACHER, CHANNEL, None, until=None, exam=exam)
    items = await tutor.db.review_items(ALICE.guild_id, ALICE.user_id)
    assert max(i.memory.due for i in items) == exam - DAY
    clock.advance(4 * DAY)
    assert (await tutor.review.start(ALICE)).question is not None  # due, and asked, on the eve


def test_a_true_false_step_keeps_the_shuffle_its_screen_was_drawn_with():
    """Review screens of true/false questions were drawn in the step's shuffled order: a tap on one sent
    before an update means after it what it showed."""
    question = EVERY_KIND.questions[TF]
    salt = next(f"{item}:0" for item in range(1, 100) if shuffled(f"{item}:0", 2) == (1, 0))
    asked = asked_again(EVERY_KIND, question, salt)
    assert asked.options == (question.options[1], question.options[0])
    assert asked.judge(0).feedback.chosen == question.options[1]


async def test_a_choice_question_keeps_the_option_order_review_always_showed(
    tutor: Tutor, fine_tuning: Lesson, clock: ManualClock
):
    # One hash of the item and its reviews so far: a student mid-review sees the same order after an update.
    screen = await reviewed_tomorrow(tutor, clock, missed=3)
    assert screen.question is not None
    item = await tutor.db.review_item(screen.question.target)
    assert item is not None
    question = next(q for q in fine_tuning.questions if q.key == item.question_key)
    order = shuffled(f"{item.id}:{item.memory.reps}", len(question.options))
    assert screen.question.options == tuple(question.options[i] for i in order)
    assert screen.question.kind is Kind.CHOICE
