"""Every kind of question through the real client: a student answers each right, another each wrong."""

import asyncio
import csv
import io
import re
import signal
from pathlib import Path
from typing import Any

from bot.content import Lesson, Question, load_lesson
from bot.content.model import Kind
from bot.i18n import ENGLISH, LANGUAGES, Language
from bot.quiz.judging import folded
from tests.conftest import LESSONS
from tests.e2e.helpers import open_quiz, report_rows, standing
from tests.e2e.test_process import bot_process
from tests.fake_discord import FakeDiscord, Person, Shown

PLANTS = load_lesson(LESSONS / "plants-make-food.toml")
WRONG_TYPED = "a banana"
QUESTION_TITLE = re.compile(r"([\w ]+: )?\w+ [0-9]+ \w+ [0-9]+")


def asked(shown: Shown, lesson: Lesson = PLANTS) -> Question:
    """The question on the message: its prompt opens the question embed (a hint may follow it), headed
    "Question n of N" in a quiz, "Review: question n of N" or "Try again: question n of N" in review."""
    embed = next(e for e in shown.embeds if QUESTION_TITLE.fullmatch(e.get("title", "")))
    return next(q for q in lesson.questions if embed["description"].split("\n\n")[0] == q.prompt)


async def answer(
    student: Person, shown: Shown, *, right: bool, lesson: Lesson = PLANTS, lang: Language = ENGLISH
) -> Shown:
    """Answer the question on `shown` as its kind asks, right or wrong; the message after."""
    question = asked(shown, lesson)
    if question.kind is Kind.TYPED:
        typed = (
            folded(question.options[0], accents=not lesson.ignore_accents).upper() if right else WRONG_TYPED
        )
        return await student.type_answer(typed, lang("button.type_answer"), on=shown)
    if question.kind is Kind.CHOOSE_ALL:
        ticks = [question.options[i] for i in question.right] if right else [question.options[-1]]
        for label in ticks:
            shown = await student.click(label, on=shown)
        return await student.click(lang("button.check"), on=shown)
    if question.kind is Kind.ORDER:
        for label in question.options if right else reversed(question.options):
            shown = await student.click(label, on=shown)
        return await student.click(lang("button.check"), on=shown)
    wrong = next(o for o in question.options if o != question.answer)
    return await student.click(question.answer if right else wrong, on=shown)


async def test_each_kind_answered_right_and_wrong_shows_in_the_report(classroom):
    alice, bob, teacher = classroom.alice, classroom.bob, classroom.teacher
    card = await open_quiz(teacher, "plants-make-food")
    assert "7 questions" in card.text  # what each student is asked: 5, and 2 of the bank's 3
    for student, right in ((alice, True), (bob, False)):
        shown = await student.click("Start quiz")
        assert "Question 1 of 7" in shown.text  # 5 questions and 2 of the bank's 3
        kinds = set()
        for _ in range(7):
            question = asked(shown)
            kinds.add(question.kind)
            after = await answer(student, shown, right=right)
            assert after.id == shown.id  # every kind answers on the same message
            assert after.titles[0] == ("✅ Right!" if right else "❌ Not quite")
            if not right and question.kind is Kind.TYPED:
                assert f"You wrote: {WRONG_TYPED}" in after.text  # what they typed, not "picked"
            shown = after
        assert {Kind.CHOICE, Kind.TRUE_FALSE, Kind.CHOOSE_ALL, Kind.TYPED, Kind.ORDER} - kinds <= {
            Kind.CHOICE
        }
        assert f"Your score: {7 if right else 0} out of 7" in shown.text

    report = await teacher.slash("report", lesson="plants-make-food")
    assert standing(report) == {"Alice": "finished 7/7", "Bob": "finished 0/7"}
    students = report_rows(report)
    # What was typed is shown as typed; a choose-all answer lists what was ticked, an order its order.
    assert (students["Alice"]["Q3 chosen"], students["Bob"]["Q3 chosen"]) == ("OXYGEN", WRONG_TYPED)
    assert students["Bob"]["Q2 chosen"] == "Oxygen"
    assert students["Bob"]["Q5 chosen"] == " → ".join(reversed(PLANTS.questions[4].options))
    assert students["Alice"]["Q5 right (1/0)"] == "1"
    rows = list(csv.DictReader(io.StringIO(report.file("questions.csv").data.decode("utf-8-sig"))))
    assert len(rows) == len(PLANTS.questions)
    typed, every, order = rows[2], rows[1], rows[4]
    assert (typed["most chosen wrong"], typed["most chosen wrong count"], typed["facility (% right)"]) == (
        WRONG_TYPED,
        "1",
        "50.0",
    )
    # Option shares of a choose-all question: each right option ticked by Alice, the wrong one by Bob.
    ticked = {every[f"option {n}"]: every[f"option {n} count"] for n in range(1, 5)}
    assert ticked == {"Sunlight": "1", "Water": "1", "Carbon dioxide": "1", "Oxygen": "1"}
    assert order["most chosen wrong"] == students["Bob"]["Q5 chosen"]
    # The bank's questions: each analysed over the attempts that drew it, and the file says which bank.
    drawn = [row for row in rows if row["drawn from bank (answered: the attempts that drew it)"] == "leaves"]
    assert [row["number"] for row in drawn] == ["6", "7", "8"]
    assert sum(int(row["answered (each finished student once, best attempt)"]) for row in drawn) == 4


async def test_a_spanish_student_types_without_accents_in_a_lesson_that_ignores_them(classroom):
    plantas = load_lesson(LESSONS / "plantas-fabrican-comida.toml")
    spanish = LANGUAGES["es"]
    lucia = Person(classroom.fake, classroom.students[2].user, locale="es-ES")
    await open_quiz(classroom.teacher, plantas.id)
    shown = await lucia.click("Start quiz")  # the card is in the server's language; her screens in hers
    typed = []
    for _ in range(7):
        question = asked(shown, plantas)
        typed += [question] if question.kind is Kind.TYPED else []
        shown = await answer(lucia, shown, right=True, lesson=plantas, lang=spanish)
        assert shown.titles[0] == spanish("feedback.right")
    assert len(typed) >= 2  # "OXIGENO" and "8" at least, typed without accents
    assert "Tu nota: 7 de 7" in shown.text


MULTI_TAP = {Kind.CHOOSE_ALL, Kind.ORDER}


async def _until(student: Person, shown: Shown, kinds: set[Kind]) -> Shown:
    """Answer right until the question on screen is of one of `kinds`."""
    while asked(shown).kind not in kinds:
        shown = await answer(student, shown, right=True)
    return shown


async def _killed(process: asyncio.subprocess.Process, fake: FakeDiscord) -> None:
    process.send_signal(signal.SIGKILL)
    await process.wait()
    await fake.wait_for(lambda: not fake.connected)


# Begun before a crash: a first pick on a choose-all or order question, or an answer box opened.
Pending = tuple[Question, Shown, dict[str, Any] | None]


async def _begin(student: Person, shown: Shown) -> Pending:
    question = asked(shown)
    if question.kind is Kind.TYPED:
        box, opened_on = await student.open_modal("Type my answer", on=shown)
        return question, opened_on, box
    first = question.options[question.right[0] if question.kind is Kind.CHOOSE_ALL else 0]
    return question, await student.click(first, on=shown), None


async def _complete(student: Person, pending: Pending) -> Shown:
    """After the crash: the rest of the picks and Check, or the box submitted."""
    question, shown, box = pending
    if box is not None:
        # Opened before the crash, submitted after it: routed by its custom_id, judged in the core.
        return await student.submit(box, shown, question.options[0])
    # The message from before the crash carries the first pick in its buttons: it goes on from there.
    rest = [question.options[i] for i in question.right[1:]] if question.kind is Kind.CHOOSE_ALL else None
    for label in rest if rest is not None else question.options[1:]:
        shown = await student.click(label, on=shown)
    return await student.click("Check", on=shown)


async def completed_then_the_other_begun(
    student: Person, pending: Pending, process: asyncio.subprocess.Process, log: Path
) -> Pending:
    """In the bot started after a crash: what was begun completed (right), then the other begun (a box
    if a pick came first, else a pick: the lesson has both kinds still to ask), and the bot killed."""
    shown = await _complete(student, pending)
    assert shown.titles[0] == "✅ Right!", log.read_text()  # noqa: ASYNC240 - read only to show a failure
    other = MULTI_TAP if pending[0].kind is Kind.TYPED else {Kind.TYPED}
    pending = await _begin(student, await _until(student, shown, other))
    await _killed(process, student.fake)
    return pending


async def test_picks_and_an_open_answer_box_survive_a_killed_bot(fake: FakeDiscord, tmp_path: Path):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    alice = Person(fake, fake.add_member("Alice"))
    database, log = tmp_path / "tutor.sqlite3", tmp_path / "bot.log"

    async with bot_process(fake, database, log) as first:
        await fake.wait_connected(timeout=30)
        await open_quiz(teacher, "plants-make-food")
        shown = await _until(alice, await alice.click("Start quiz"), {*MULTI_TAP, Kind.TYPED})
        pending = await _begin(alice, shown)
        await _killed(first, fake)

    async with bot_process(fake, database, log) as second:
        await fake.wait_connected(timeout=30)
        pending = await completed_then_the_other_begun(alice, pending, second, log)

    async with bot_process(fake, database, log):
        await fake.wait_connected(timeout=30)
        shown = await _complete(alice, pending)
        assert shown.titles[0] == "✅ Right!", log.read_text()
        while "Your score" not in shown.text:
            shown = await answer(alice, shown, right=True)
        assert "Your score: 7 out of 7" in shown.text
        report = await teacher.slash("report", lesson="plants-make-food")
        assert standing(report)["Alice"] == "finished 7/7"


async def test_a_late_check_or_tap_from_an_earlier_screen_shows_the_stored_answer(classroom):
    """A phone a screen behind: a second Check (or an option tapped) arrives after the message moved on to
    a question of another kind. It stands for the message, and the core says it was answered already."""
    alice, teacher = classroom.alice, classroom.teacher
    await open_quiz(teacher, "plants-make-food")
    shown = await alice.click("Start quiz")
    pressed_late = 0
    for _ in range(7):
        question = asked(shown)
        if question.kind in (Kind.CHOOSE_ALL, Kind.ORDER):
            before = await ready_to_check(alice, shown, question)
            check = next(b["custom_id"] for b in before.buttons if b.get("label") == "Check")
            shown = await alice.click("Check", on=before)
        elif question.kind is Kind.TYPED:
            shown = await answer(alice, shown, right=True)
            continue
        else:
            check = next(b["custom_id"] for b in shown.buttons if b.get("label") == question.answer)
            shown = await answer(alice, shown, right=True)
        again = await alice.press(check, shown)
        assert "You answered that one already" in again.text or "finished this quiz" in again.text, again.text
        assert "isn't one of your" not in again.text
        pressed_late += 1
        shown = again
    assert pressed_late >= 3
    report = await teacher.slash("report", lesson="plants-make-food")
    assert standing(report) == {"Alice": "finished 7/7"}


async def ready_to_check(student: Person, shown: Shown, question: Question) -> Shown:
    """A choose-all or order question with its right answer ticked or placed, Check not pressed yet."""
    labels = (
        [question.options[i] for i in question.right]
        if question.kind is Kind.CHOOSE_ALL
        else question.options
    )
    for label in labels:
        shown = await student.click(label, on=shown)
    return shown


async def test_two_quick_ticks_a_redraw_apart_are_drawn_not_refused(classroom):
    """On a phone the second of two quick ticks comes from the screen before the first redrew it: it is
    drawn from its own picks (the student sees what is ticked before pressing Check), never refused."""
    alice = classroom.alice
    await open_quiz(classroom.teacher, "plants-make-food")
    shown = await alice.click("Start quiz")
    while asked(shown).kind is not Kind.CHOOSE_ALL:
        shown = await answer(alice, shown, right=True)
    question = asked(shown)
    first, second = question.options[0], question.options[1]
    stale = next(b["custom_id"] for b in shown.buttons if b.get("label") == second)
    ticked = await alice.click(first, on=shown)
    again = await alice.press(stale, ticked)
    assert "isn't one of your" not in again.text
    assert asked(again) == question
    marks = {b["label"]: b["emoji"]["name"] for b in again.buttons if b.get("label") in (first, second)}
    assert marks == {first: "⬜", second: "☑️"}  # what the late tick's own screen held, now shown
