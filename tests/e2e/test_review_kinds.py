"""Spaced review and the redemption round ask every kind of question through the real client: students
who missed a choose-all, an order, a typed and a true/false question in a quiz of the lesson of every kind
get them in review days later, and answer them with the toggles and Check, taps and Check, and the answer
box, right and wrong, told which in words; a practice try's missed questions of every kind come again in
its redemption round."""

from datetime import timedelta

from bot.content.model import Kind
from bot.i18n import ENGLISH
from tests.e2e.helpers import open_quiz
from tests.e2e.test_kinds import QUESTION_TITLE, WRONG_TYPED, answer, asked, ready_to_check
from tests.fake_discord import Person, Shown

DAY = timedelta(days=1)
EVERY_KIND = {Kind.TRUE_FALSE, Kind.CHOOSE_ALL, Kind.TYPED, Kind.ORDER}


def heading(shown: Shown) -> str | None:
    """The question's heading on the message ("Review: question n of N"), None once it asks no more."""
    return next((t for t in shown.titles if QUESTION_TITLE.fullmatch(t)), None)


async def miss_everything(student: Person) -> Shown:
    """A try at the quiz on the channel's card, every answer wrong; its result."""
    shown = await student.click("Start quiz")
    for _ in range(7):
        shown = await answer(student, shown, right=False)
    assert "Your score: 0 out of 7" in shown.text
    return shown


async def tick_and_untick(student: Person, shown: Shown) -> Shown:
    """A choose-all question's first option ticked and unticked: the step redrawn, nothing answered."""
    option = asked(shown).options[0]
    ticked = await student.click(option, on=shown)
    assert (ticked.id, heading(ticked)) == (shown.id, heading(shown))
    assert [b["emoji"]["name"] for b in ticked.buttons if b.get("label") == option] == ["☑️"]
    return await student.click(option, on=ticked)


async def tapped_late(student: Person, before: Shown, after: Shown, custom_id: str | None = None) -> Shown:
    """A second tap on a one-tap answer (or on Check) from the screen before (a phone a screen behind),
    whatever the next question's kind: answered once, and the student sees where the round stands."""
    late = await student.press(custom_id or before.buttons[0]["custom_id"], before)
    assert "You answered that one already" in late.text
    assert heading(late) == heading(after)
    return late


async def answer_all(
    student: Person, shown: Shown, *, right: bool, alternate: bool = False
) -> tuple[set[Kind], Shown]:
    """Each question on the message answered as its kind asks (right, wrong, or in turn), each verdict
    read in words; the kinds asked, and the message at the end."""
    kinds = set()
    while heading(shown) is not None:
        question = asked(shown)
        kinds.add(question.kind)
        hint = f"question.hint.{question.kind}"
        if hint in ENGLISH.messages:  # how to answer, on every question that takes more than a tap
            assert ENGLISH(hint) in shown.text
        if question.kind is Kind.CHOOSE_ALL:
            shown = await tick_and_untick(student, shown)
        check = None
        if question.kind in (Kind.CHOOSE_ALL, Kind.ORDER) and right:
            shown = await ready_to_check(student, shown, question)
            check = next(b["custom_id"] for b in shown.buttons if b.get("label") == "Check")
            after = await student.click("Check", on=shown)
        else:
            after = await answer(student, shown, right=right)
        assert after.id == shown.id  # one private message that updates
        assert after.titles[0] == ("✅ Right!" if right else "❌ Not quite")
        if question.kind is Kind.TYPED and not right:
            assert f"You wrote: {WRONG_TYPED}" in after.text
        if question.kind in (Kind.CHOICE, Kind.TRUE_FALSE) or check is not None:
            after = await tapped_late(student, shown, after, check)
        shown, right = after, right ^ alternate
    return kinds, shown


async def test_missed_questions_of_every_kind_come_back_in_review_days_later(classroom):
    teacher, alice, bob, clock = classroom.teacher, classroom.alice, classroom.bob, classroom.clock
    await open_quiz(teacher, "plants-make-food")
    await miss_everything(alice)
    await miss_everything(bob)
    await teacher.slash("review settings", cap=10)
    await teacher.slash("review assign")
    clock.advance(2 * DAY)
    for student, right in ((alice, True), (bob, False)):
        shown = await student.slash("review start")
        assert "Review: question 1 of 7" in shown.text
        kinds, done = await answer_all(student, shown, right=right)
        assert kinds >= EVERY_KIND
        assert "You answered 7 questions today" in done.text
    report = await teacher.slash("review report")
    assert "Alice: 0 due, 0 overdue, 7 done" in report.text
    assert "Bob: 0 due, 0 overdue, 7 done" in report.text


async def test_the_redemption_round_asks_a_practice_trys_misses_of_every_kind(classroom):
    teacher, alice, bob = classroom.teacher, classroom.alice, classroom.bob
    await open_quiz(teacher, "plants-make-food")
    # Right and wrong in turn: Alice from right, Bob from wrong.
    for student, first_right in ((alice, True), (bob, False)):
        result = await miss_everything(student)
        shown = await student.click("Try the 7 you missed again", on=result)
        assert "Try again: question 1 of 7" in shown.text
        kinds, done = await answer_all(student, shown, right=first_right, alternate=True)
        assert kinds >= EVERY_KIND
        assert "don't change your score" in done.text
        progress = await student.slash("progress")
        assert "Your score: 0 out of 7" in progress.text
