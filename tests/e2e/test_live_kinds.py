"""A live class of the bundled lesson with every kind of question and a bank, through the real client:
students answer each kind right and wrong, the teacher reveals each, and the report after End shows it."""

import csv
import io

from bot.content import load_lesson
from bot.content.model import Kind, Question
from tests.conftest import LESSONS
from tests.e2e.helpers import report_rows, standing
from tests.e2e.live_helpers import (
    WRONG_TYPED,
    answer_on,
    asked_on,
    card_of,
    counts_after,
    live_card,
    right_share,
    shares_on,
)
from tests.fake_discord import Shown

PLANTS = load_lesson(LESSONS / "plants-make-food.toml")
CHENS = "A Banana"  # Chen's wrong typed answer: the same as Bob's once folded, kept as typed


def check_revealed(card: Shown, question: Question) -> None:
    """Alice right, Bob wrong, and Chen (typed questions only) wrong: each kind's shares on the card."""
    if question.kind is Kind.CHOOSE_ALL:
        # Alice ticked the three right options, Bob only the wrong one: shares of 2, not summing to 100 %.
        assert counts_after(card, "ticked by") == [1, 1, 1, 1]
        assert right_share(card) == (50, 2)
    elif question.kind is Kind.ORDER:
        assert "✅ The right order" in card.text
        assert counts_after(card, "put it here") == [1, 2, 1]  # Bob's reverse order has the middle right
        assert right_share(card) == (50, 2)
    elif question.kind is Kind.TYPED:
        assert right_share(card) == (33, 3)
        assert "✅ The right answer" in card.text
    else:
        expected = [0] * len(question.options)
        expected[question.answer_index] += 1
        expected[next(n for n in range(len(question.options)) if n != question.answer_index)] += 1
        assert shares_on(card) == expected
    # No names, and never anyone's typed words (Alice typed the answer in capitals, where it has any).
    typed = {question.options[0].upper()} - {question.options[0]}
    for word in {"Alice", "Bob", "Chen", "banana", "Banana", *typed}:
        assert word not in card.text, word


async def test_every_kind_and_a_bank_live_then_the_report_and_its_files(classroom):
    teacher, fake = classroom.teacher, classroom.fake
    alice, bob, chen = classroom.students
    panel = await teacher.slash("live start", lesson="plants-make-food")
    card = live_card(alice)
    asked: list[Question] = []
    for position in range(7):
        now = card_of(fake, card.id)
        assert f"Question {position + 1} of 7" in now.text  # 5 questions and 2 of the bank's 3
        question = asked_on(now, PLANTS)
        asked.append(question)
        for student, right in ((alice, True), (bob, False)):
            screen = await student.click("Answer", on=card)
            after = await answer_on(student, screen, question, right=right)
            assert after.id == screen.id, "every kind answers on the student's own screen"
            assert "Saved:" in after.text
        if question.kind is Kind.TYPED:
            await chen.type_answer(CHENS, on=await chen.click("Answer", on=card))
            seen = await teacher.slash("live panel")
            assert f"2×** {WRONG_TYPED} · ❌ wrong" in seen.text, "folded: Bob's and Chen's are one answer"
            assert f"1×** {question.options[0]} · ✅ right" in seen.text
        panel = await teacher.click("Reveal", on=panel)
        await fake.wait_for(lambda: "✅ The right" in card_of(fake, card.id).text)
        revealed = card_of(fake, card.id)
        check_revealed(revealed, question)
        assert "✅ Right!" in (await alice.click("My result", on=revealed)).text
        bobs = await bob.click("My result", on=revealed)
        assert "❌ Not quite" in bobs.text
        if question.kind is Kind.TYPED:
            assert f"You wrote: {WRONG_TYPED}" in bobs.text
        if position < 6:
            panel = await teacher.click("Next", on=panel)
            await fake.wait_for(lambda p=position: f"Question {p + 2} of 7" in card_of(fake, card.id).text)
    assert {q.kind for q in asked} >= {Kind.TRUE_FALSE, Kind.CHOOSE_ALL, Kind.TYPED, Kind.ORDER}

    await teacher.click("End", on=panel)
    report = await teacher.wait_for_text("finished")
    assert standing(report) == {"Alice": "finished 7/7", "Bob": "finished 0/7", "Chen": "finished 0/7"}
    students = report_rows(report)
    # What was typed is shown as typed; a choose-all answer lists what was ticked, an order its order.
    assert [students[name]["Q3 chosen"] for name in ("Alice", "Bob", "Chen")] == [
        "OXYGEN",
        WRONG_TYPED,
        CHENS,
    ]
    assert students["Bob"]["Q2 chosen"] == "Oxygen"
    assert students["Bob"]["Q5 chosen"] == " → ".join(reversed(PLANTS.questions[4].options))
    rows = list(csv.DictReader(io.StringIO(report.file("questions.csv").data.decode("utf-8-sig"))))
    assert len(rows) == len(PLANTS.questions)
    # Bob's and Chen's typed answers are one wrong answer to the report too, as the panel folded them.
    assert (rows[2]["most chosen wrong"], rows[2]["most chosen wrong count"]) == (WRONG_TYPED, "2")
    # The bank's questions: each analysed over the students asked it; the one not drawn, over nobody.
    for row, question in zip(rows[5:], PLANTS.questions[5:], strict=True):
        assert row["drawn from bank (answered: the attempts that drew it)"] == "leaves"
        answered = 0 if question not in asked else 2 + (question.kind is Kind.TYPED)
        assert row["answered (each finished student once, best attempt)"] == str(answered), row
    ended = card_of(fake, card.id)
    assert "Live class over" in ended.text
    assert "You got 7 right out of 7 questions" in (await alice.click("My score", on=ended)).text
