"""Playing a live class: the teacher's panel and the public card, a student's private answer screen."""

from __future__ import annotations

import re

from bot.content import Question
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
