"""Playing a live class: the teacher's panel and the public card, a student's private answer screen."""

from __future__ import annotations

import re

from bot.content import Lesson, Question
from bot.content.model import Kind
from tests.fake_discord import FakeDiscord, Person, Shown


def card_of(fake: FakeDiscord, card_id: int) -> Shown:
    """The public card as it is now."""
    return Shown.of(fake.messages[card_id])


def live_card(person: Person) -> Shown:
    """The newest public live card on the person's screen."""
    return next(s for s in reversed(person.screen()) if not s.ephemeral and "Live class" in s.text)


def label(question: Question, option: int) -> str:
    return f"{chr(ord('A') + option)} · {question.options[option]}"


async def pick(student: Person, card: Shown, question: Question, option: int) -> Shown:
    """Press Answer on the card, then an option on the private screen it opens."""
    screen = await student.click("Answer", on=card)
    assert screen.ephemeral
    return await student.click(label(question, option), on=screen)


def count_on(card: Shown) -> tuple[int, int]:
    """The card's "n of N answered"."""
    found = re.search(r"([0-9]+) of ([0-9]+) answered", card.text)
    assert found, card.text
    return int(found[1]), int(found[2])


def shares_on(card: Shown) -> list[int]:
    """Each option's count on a revealed card, in the options' order."""
    return [int(n) for n in re.findall(r"[0-9]+ % \(([0-9]+)\)", card.text)]


WRONG_TYPED = "a banana"


def asked_on(shown: Shown, lesson: Lesson) -> Question:
    """The question on a card or a private screen: its prompt opens the question's embed."""
    embed = next(e for e in shown.embeds if re.fullmatch(r"\w+ [0-9]+ \w+ [0-9]+", e.get("title", "")))
    return next(q for q in lesson.questions if embed["description"].split("\n\n")[0] == q.prompt)


async def answer_on(student: Person, screen: Shown, question: Question, *, right: bool) -> Shown:
    """Answer on the private screen as the question's kind asks, right or wrong; the screen after."""
    if question.kind is Kind.TYPED:
        typed = question.options[0].upper() if right else WRONG_TYPED
        return await student.type_answer(typed, "Type my answer", on=screen)
    if question.kind is Kind.CHOOSE_ALL:
        for option in [question.options[i] for i in question.right] if right else [question.options[-1]]:
            screen = await student.click(option, on=screen)
        return await student.click("Check", on=screen)
    if question.kind is Kind.ORDER:
        for item in question.options if right else reversed(question.options):
            screen = await student.click(item, on=screen)
        return await student.click("Check", on=screen)
    wrong = next(n for n in range(len(question.options)) if n != question.answer_index)
    return await student.click(label(question, question.answer_index if right else wrong), on=screen)


def counts_after(card: Shown, words: str) -> list[int]:
    """Each count on a revealed card whose share is led (or followed) by `words`: "ticked by", "put it
    here"."""
    before = re.findall(rf"{words} [0-9]+ % \(([0-9]+)\)", card.text)
    after = re.findall(rf"[0-9]+ % {words} \(([0-9]+)\)", card.text)
    return [int(n) for n in before or after]


def right_share(card: Shown) -> tuple[int, int]:
    """The card's "p % right (n answers)": (percent, answers)."""
    found = re.search(r"([0-9]+) % right \(([0-9]+) answers\)", card.text)
    assert found, card.text
    return int(found[1]), int(found[2])
