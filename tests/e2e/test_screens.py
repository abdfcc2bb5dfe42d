"""Every student screen, read as a 10-year-old on a phone would, in English and in Spanish.

The student's Discord language picks what they see; the server's picks what the channel sees.
"""

import re

import pytest

from bot.exts.embeds import RIGHT, WRONG
from bot.i18n import language
from tests.e2e.helpers import answer, take_quiz
from tests.fake_discord import Person, Shown
from tests.screens import over_budget, seen

LOCALES = ["en-US", "es-ES"]
# Words that only a Spanish screen has: proof the language really changed.
SPANISH = {"lesson card": "minuto", "result": "Tu nota", "progress": "Tu progreso"}


def verdicts_in_words(shown: Shown) -> None:
    """No colour alone: red always comes with ❌, green with ✅ or a score in words."""
    for embed in shown.embeds:
        text = f"{embed.get('title', '')}\n{embed.get('description', '')}"
        if embed.get("color") == WRONG.value:
            assert "❌" in text, text
        if embed.get("color") == RIGHT.value:
            assert "✅" in text or re.search("[0-9]+ [^0-9]+ [0-9]+", embed.get("title", "")), text


def check(screen: str, shown: Shown) -> str:
    assert over_budget(screen, shown) is None, over_budget(screen, shown)
    verdicts_in_words(shown)
    return seen(shown)


async def students(classroom, locale, *names):
    return [Person(classroom.fake, classroom.fake.add_member(name), locale=locale) for name in names]


@pytest.mark.parametrize("locale", LOCALES)
async def test_the_lesson_card_for_young_readers(classroom, fine_tuning, locale):
    lang = language(locale)
    classroom.fake.set_locale(locale)  # the channel reads the server's language
    await classroom.teacher.slash("lesson post", lesson="fine-tuning")
    (reader,) = await students(classroom, locale, "Ana")
    card = reader.screen()[-1]
    text = check("lesson card", card)
    # 97 words at 100 words a minute: about a minute, not the file's "7 min".
    assert card.embeds[0]["description"] == lang("lesson_card.reading", count=1)
    assert "Reviewed" not in text
    assert str(fine_tuning.reviewed) not in text
    # No Start quiz button is on this message, so the footer says where it will appear.
    assert card.labels == []
    assert card.embeds[0]["footer"]["text"] == lang("lesson_card.footer")
    if locale.startswith("es"):
        assert SPANISH["lesson card"] in text


@pytest.mark.parametrize("locale", LOCALES)
async def test_the_end_of_a_quiz_at_0_8_and_15_and_the_review_pages(classroom, fine_tuning, locale):
    lang = language(locale)
    classroom.fake.set_locale(locale)
    card = await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    assert card.labels == [lang("button.start")]
    zero, eight, full = await students(classroom, locale, "Ana", "Ben", "Cai")

    first = await zero.click(lang("button.start"))
    check("question", first)
    assert first.titles == [lang("question.title", number=1, total=15)]
    # Feedback, then the next question, labelled so it can't be missed below the feedback.
    shown = first
    for _ in range(14):
        shown = await answer(zero, shown, fine_tuning, right=False)
        check("feedback then question", shown)
        assert shown.titles[0] == lang("feedback.wrong")
        assert shown.embeds[1]["author"]["name"] == lang("feedback.next")
        assert len(shown.buttons) == 4  # still one click per question
    ended = await answer(zero, shown, fine_tuning, right=False)
    text = check("result", ended)
    result = ended.embeds[-1]
    assert result["title"] == lang("result.title", score=0, total=15)  # the score first
    assert "🎉" not in text
    # Under 60 %: encouraging, short, and leading back to the lesson before a retry.
    assert result["description"].startswith(lang("result.low"))
    assert lang("feedback.picked", chosen="") not in result["description"]
    # A practice quiz also offers the missed questions again (spaced review); the score stays as it is.
    assert ended.labels == [
        lang("button.lesson"),
        lang("button.review"),
        lang("button.try_again"),
        lang("spaced.redo_button", count=15),
    ]
    if locale.startswith("es"):
        assert SPANISH["result"] in text

    wrong = {1, 4, 6, 9, 11, 12, 13}
    ended, _ = await take_quiz(eight, await eight.click(lang("button.start")), fine_tuning, wrong)
    check("result", ended)
    result = ended.embeds[-1]
    assert result["title"] == lang("result.title", score=8, total=15)
    assert result["description"].startswith(lang("result.low"))  # 8 of 15 is 53 %
    assert "🎉" not in seen(ended)
    numbers = lang.listed([str(n + 1) for n in sorted(wrong)])
    assert lang("result.missed", count=7, numbers=numbers) not in result["description"]

    ended, _ = await take_quiz(full, await full.click(lang("button.start")), fine_tuning, set())
    check("result", ended)
    result = ended.embeds[-1]
    assert result["title"] == lang("result.title_perfect", score=15, total=15)  # celebrated when earned
    assert result["description"].startswith(lang("result.perfect"))
    assert lang("feedback.picked", chosen="") not in result["description"]
    assert ended.labels == [lang("button.try_again"), lang("button.review")]

    # Review: one question a page, with what they picked, the answer and why; Back and Next.
    page = await zero.click(lang("button.review"), on=zero.screen()[-1])
    assert page.ephemeral
    for number in range(1, 16):
        check("review page", page)
        assert page.titles == [lang("question.title", number=number, total=15)]
        assert "❌" in page.embeds[0]["description"]
        question = fine_tuning.questions[number - 1]
        assert question.explanation in page.embeds[0]["description"]
        expected = [lang("button.back")] if number > 1 else []
        expected += [lang("button.next")] if number < 15 else []
        assert page.labels == expected
        if number < 15:
            page = await zero.click(lang("button.next"), on=page)
    perfect = await full.click(lang("button.review"), on=full.screen()[-1])
    assert perfect.embeds[0]["description"].count("✅") == 1

    progress = await zero.slash("progress")
    text = check("progress", progress)
    assert progress.ephemeral
    finished = lang("progress.finished", score=0, total=15, rule=lang("grading.best"))
    assert finished + " " + lang("progress.again_any") in text
    assert progress.labels == [lang("button.see_answers", title=fine_tuning.title)]
    if locale.startswith("es"):
        assert SPANISH["progress"] in text
    assert classroom.fake.rejected() == []


async def test_each_person_reads_their_own_language_and_the_channel_the_servers(classroom, fine_tuning):
    spanish = language("es-ES")
    classroom.fake.set_locale("es-ES")
    card = await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    assert card.labels == ["Empezar"]
    assert card.titles == ["Cuestionario: " + fine_tuning.title]
    # Alice's Discord is in English: her own quiz is in English, from the Spanish server's card.
    mine = await classroom.alice.click("Empezar")
    assert mine.titles == ["Question 1 of 15"]
    (lucia,) = await students(classroom, "es-419", "Lucía")
    hers = await lucia.click("Empezar")
    assert hers.titles == [spanish("question.title", number=1, total=15)]
    # A refusal is in the reader's language too.
    refused = await lucia.press(mine.buttons[0]["custom_id"], on=mine)
    assert refused.content == spanish("says.someone_elses")
    not_yours = await lucia.slash("quiz close", lesson="fine-tuning")
    assert not_yours.content == spanish("errors.not_teacher")

    await classroom.teacher.slash("quiz close", lesson="fine-tuning")
    closed = await classroom.alice.wait_for_text("(cerrado)")
    assert closed.id == card.id
    assert closed.titles == [spanish("closed_card.title", title=fine_tuning.title)]
    assert closed.labels == []
