"""After the close, every screen a student sees says it is closed and what was saved, and offers nothing
that would then be refused: /progress, their result and the card, in English and in Spanish.

Chen stopped at 7 of 15, Alice finished with a try left, Bob has extra time, Dan never started.
"""

import re
from datetime import timedelta

import pytest

from bot.i18n import Language, language
from tests.e2e.helpers import answer, number_on, open_quiz, take_quiz
from tests.fake_discord import Person, Shown

HOUR = timedelta(hours=1)
LOCALES = ["en-US", "es-ES"]
# Words of the English screens that a Spanish screen must not show (the lesson's own words are English,
# but none of these).
ENGLISH_WORDS = ["Start quiz", "Try again", "Keep my score", "Your score", "You answered", "closed", "True"]


# Written out, not read from the catalogue: what the screens said after the close before they were fixed.
INVITES = {
    "en": ["Press “Start quiz” to go on", "You can try", "If your teacher gave you extra time", "more try"],
    "es": [
        "Pulsa “Empezar” para seguir",
        "Puedes intentarlo",
        "Si tu profe te dio más tiempo",
        "intento más",
    ],
}


def offers(say: Language) -> list[str]:
    """What a screen may no longer say once the quiz is closed for its reader."""
    return [
        *INVITES[say.code],
        say("progress.on_way", answered=7, total=15),
        say("progress.again_any"),
        say("progress.again", count=1),
        say("result.again_any"),
        say("result.tries_left", count=1),
    ]


async def nothing_refused(person: Person, shown: Shown, say: Language) -> None:
    """No try or Start on the screen, nothing it says to do, and each button on it leads somewhere."""
    for offer in offers(say):
        assert offer not in shown.text, shown.text
    assert say("button.try_again") not in shown.labels
    assert say("button.keep") not in shown.labels
    assert say("button.start") not in shown.labels
    for label in shown.labels:
        reply = await person.click(label, on=shown)
        assert reply.embeds, f"{label!r} was refused: {reply.text}"
    if say.code == "es":
        for word in ENGLISH_WORDS:
            assert word not in shown.text, (word, shown.text)


async def students(classroom, locale: str, *names: str) -> list[Person]:
    return [Person(classroom.fake, classroom.fake.add_member(name), locale=locale) for name in names]


async def closed_card(person: Person, card: Shown, title: str) -> Shown:
    await person.wait_until(
        lambda screen: any(s.id == card.id and s.titles == [title] for s in screen), "the closed card"
    )
    return next(s for s in person.screen() if s.id == card.id)


@pytest.mark.parametrize("feedback", ["now", "after-close"])
@pytest.mark.parametrize("locale", LOCALES)
async def test_after_the_close_every_screen_says_what_was_saved_and_offers_no_try(
    classroom, fine_tuning, locale, feedback
):
    say, teacher, clock = language(locale), classroom.teacher, classroom.clock
    classroom.fake.set_locale(locale)
    chen, alice, bob, dan = await students(classroom, locale, "Chen", "Alice", "Bob", "Dan")
    card = await open_quiz(teacher, closes="in 1 hours", attempts=2, feedback=feedback)
    start = say("button.start")
    halfway, _ = await take_quiz(chen, await chen.click(start, on=card), fine_tuning, set(), count=7)
    done, _ = await take_quiz(alice, await alice.click(start, on=card), fine_tuning, {0, 1})
    assert say("button.try_again") in done.labels  # a try left while the quiz is open
    await teacher.slash("quiz allow", student=bob.member, until="in 3 hours")
    clock.advance(HOUR)

    closed = await closed_card(dan, card, say("closed_card.title", title=fine_tuning.title))
    for shown in (
        await chen.slash("progress"),
        await answer(chen, halfway, fine_tuning, right=True),  # his quiz message, a question on
        await chen.click(start, on=closed),
    ):
        await nothing_refused(chen, shown, say)
        saved = say("result.stopped", answered=7, total=15), say("progress.stopped", answered=7, total=15)
        assert any(line in shown.text for line in saved), shown.text

    progress = await alice.slash("progress")
    if feedback == "now":
        assert say("progress.finished", score=13, total=15, rule=say("grading.best")) in progress.text
    else:  # Bob's extra time runs: nobody's score is out yet
        assert say("progress.hidden_closed") in progress.text
    assert say("progress.closed") in progress.text
    await nothing_refused(alice, progress, say)
    late = await alice.click(say("button.try_again"), on=done)  # her result, a try left before the close
    assert late.id == done.id
    await nothing_refused(alice, late, say)
    await nothing_refused(alice, await alice.click(start, on=closed), say)

    # The card: closed, what is saved, and who may still start only by count; a Start from anyone else
    # shows what they saved (or that it is closed), never a try.
    when = re.findall(r"<t:[0-9]+:F>", closed.text)[0]
    assert closed.embeds[0]["description"] == say("closed_card.extra_time", when=when, count=1)
    assert "Bob" not in closed.text
    for invite in INVITES[say.code]:
        assert invite not in closed.text
    assert number_on(await bob.click(start, on=closed)) == say("question.title", number=1, total=15)
    refused = await dan.click(start, on=closed)
    assert refused.content == say("says.closed_at_deadline", when=when)

    # Bob's time runs out: the card closes for good, and test mode's scores come out.
    clock.advance(2 * HOUR)
    await dan.wait_until(
        lambda screen: any(s.id == card.id and not s.labels for s in screen), "the final close"
    )
    progress = await alice.slash("progress")
    assert say("progress.finished", score=13, total=15, rule=say("grading.best")) in progress.text
    assert progress.labels == [say("button.see_answers", title=fine_tuning.title)]
    await nothing_refused(alice, progress, say)
    assert classroom.fake.rejected() == []


async def test_test_mode_is_one_try_and_never_asks_to_keep_a_score_not_seen(classroom, fine_tuning):
    teacher, alice = classroom.teacher, classroom.alice
    card = await open_quiz(teacher, feedback="after-close")
    assert "🔁 1 try" in card.text
    end, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, set())
    assert end.labels == []
    again = await alice.click("Start quiz")
    assert again.labels == []
    assert "You have used all your tries." in again.text
    # The teacher allows two: a second try is offered, still with no Keep my score for a hidden score.
    await open_quiz(teacher, attempts=2)
    again = await alice.click("Start quiz")
    assert again.labels == ["Try again"]


async def test_start_after_two_tries_leads_with_the_score_that_counts(classroom, fine_tuning):
    teacher, alice = classroom.teacher, classroom.alice
    await open_quiz(teacher)  # grade: best
    end, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, set(range(5)))
    end, _ = await take_quiz(alice, await alice.click("Try again", on=end), fine_tuning, set(range(11)))
    again = await alice.click("Start quiz")
    assert again.embeds[-1]["title"] == "Your score: 10 out of 15"
    assert again.embeds[-1]["description"].index("This try: 4 out of 15") > 0
    # A practice quiz also offers this try's misses again (spaced review), which never change the score.
    assert again.labels == [
        "Read the lesson again",
        "Review my answers",
        "Try again",
        "Keep my score",
        "Try the 11 you missed again",
    ]
