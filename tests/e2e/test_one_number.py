"""A student's screens agree: one number for each question, a low score leads back to the lesson, and a
button from an earlier screen of the same quiz message shows where the attempt is now."""

import json
import re

from tests.e2e.helpers import answer, number_on, open_quiz, question_on, take_quiz
from tests.screens import seen

# What the result may say on a phone, for any score (as tests/exts/test_budgets.py).
RESULT_WORDS = 80


async def test_a_shuffled_attempt_names_each_question_by_one_number_everywhere(classroom, fine_tuning):
    alice = classroom.alice
    await open_quiz(classroom.teacher, shuffle="questions")
    shown = await alice.click("Start quiz")
    number_of: dict[str, int] = {}  # prompt -> the number Alice saw it under
    wrong = {1, 4, 9}
    for position in range(15):
        assert number_on(shown) == f"Question {position + 1} of 15"
        number_of[question_on(shown, fine_tuning).prompt] = position + 1
        shown = await answer(alice, shown, fine_tuning, right=position not in wrong)
    lesson_number = {q.prompt: n + 1 for n, q in enumerate(fine_tuning.questions)}
    assert number_of != lesson_number  # shuffled: her order is not the lesson's

    # The result names her misses by her numbers.
    assert "You missed questions 2, 5 and 10" in shown.text
    # Each review page is the question she saw under its number, with the lesson's number in small print.
    page = await alice.click("Review my answers", on=shown)
    for number in range(1, 16):
        prompt = next(p for p, n in number_of.items() if n == number)
        assert page.titles == [f"Question {number} of 15"]
        assert page.embeds[0]["description"].startswith(prompt)
        assert page.embeds[0]["footer"]["text"].endswith(f"lesson question {lesson_number[prompt]}")
        if number < 15:
            page = await alice.click("Next ▶", on=page)
    # Her data file numbers her answers as her quiz did.
    mine = await alice.slash("mydata")
    (attempt,) = json.loads(mine.file("my-data.json").text)["quiz_tries"]
    for given in attempt["answers"]:
        assert given["question_number"] == number_of[given["question"]]
        assert given["lesson_question_number"] == lesson_number[given["question"]]
    # /progress names no question by any number.
    progress = await alice.slash("progress")
    assert not re.search("[Qq]uestion [0-9]", progress.text)


async def test_by_default_only_options_are_shuffled_so_the_class_shares_numbers(classroom, fine_tuning):
    shown = await classroom.alice.click("Start quiz", on=await open_quiz(classroom.teacher))
    for position in range(15):
        assert question_on(shown, fine_tuning) == fine_tuning.questions[position]
        shown = await answer(classroom.alice, shown, fine_tuning, right=True)


async def test_a_low_score_leads_back_to_the_lesson_in_few_words(classroom, fine_tuning):
    bob = classroom.bob
    await open_quiz(classroom.teacher)
    end, _ = await take_quiz(bob, await bob.click("Start quiz"), fine_tuning, set(range(15)))
    # A practice quiz also offers the misses again (spaced review), after the way back to the lesson.
    assert end.labels == [
        "Read the lesson again",
        "Review my answers",
        "Try again",
        "Try the 15 you missed again",
    ]
    result = end.embeds[-1]
    assert result["title"] == "Your score: 0 out of 15"
    said = seen(type(end)(end.id, "", [result], end.components, True))
    assert len(said.split()) <= RESULT_WORDS, said
    lesson = await bob.click("Read the lesson again", on=end)
    assert lesson.ephemeral
    assert lesson.id != end.id  # the result stays where it was
    assert lesson.titles == [fine_tuning.title]
    assert fine_tuning.sections[0].body in lesson.text


async def test_an_earlier_screens_button_shows_where_the_attempt_is_now(classroom, fine_tuning):
    alice = classroom.alice
    await open_quiz(classroom.teacher)
    end, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, {0})
    retry = next(b["custom_id"] for b in end.buttons if b["label"] == "Try again")
    review = next(b["custom_id"] for b in end.buttons if b["label"] == "Review my answers")
    first = await alice.click("Try again", on=end)
    assert number_on(first) == "Question 1 of 15"
    second = await answer(alice, first, fine_tuning, right=True)
    # A phone a screen behind: Try again pressed again after the message moved on to her new try.
    late = await alice.press(retry, second)
    assert "isn't one of your" not in late.text
    assert (late.id, number_on(late)) == (end.id, "Question 2 of 15")
    assert "Welcome back! You have answered 1 of 15." in late.text
    page = await alice.press(review, late)  # the first try's answers, in a message of their own
    assert page.titles == ["Question 1 of 15"]
    assert "❌" in page.text


async def test_a_late_tap_on_a_test_screen_left_with_no_buttons_shows_it_again(classroom, fine_tuning):
    alice = classroom.alice
    await open_quiz(classroom.teacher, feedback="after-close")
    shown, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, set(), count=14)
    last = shown.buttons[0]["custom_id"]
    end = await answer(alice, shown, fine_tuning, right=True)
    assert end.labels == []  # one try, score not out yet: nothing to press
    again = await alice.press(last, end)
    assert "isn't one of your" not in again.text
    assert "You have finished this quiz already." in again.text
    assert "All done!" in again.text
