"""The /lesson messages: a preview and a reload report fit Discord's limits, and pictures are shown."""

from dataclasses import replace

from bot.content import Question, Section, limits
from bot.content.problems import problem
from bot.exts import embeds
from bot.exts.answer_key import answer_key
from bot.exts.lessons import confirm_text, preview_question, publish_view, reload_text
from bot.i18n import LANGUAGES
from bot.quiz.engine import QuestionView
from bot.tutor import InUse, Preview, Reloaded
from tests.exts.test_embeds import biggest_lesson, problems

PICTURE = "https://example.org/" + "p" * (limits.IMAGE_URL - 20)


def preview_of(replaces: InUse | None = None) -> Preview:
    lesson = biggest_lesson()
    first = lesson.questions[0]
    view = QuestionView(0, len(lesson.questions), first.prompt, first.options, PICTURE)
    return Preview(987654321, "big.toml", lesson, view, replaces)


def test_the_biggest_preview_fits_in_its_three_messages():
    preview = preview_of(InUse(open_quizzes=12, unfinished=345))
    card = embeds.lesson(preview.lesson)
    assert (
        problems([card], content="Here is big.toml (5 sections, 30 questions) as your class will see it.")
        == {}
    )
    question, options = preview_question(preview.first, preview.lesson)
    assert problems([question], options, "Its first question, as a student sees it:") == {}
    assert len(options.children) == limits.MAX_OPTIONS
    assert all(getattr(item, "disabled", False) for item in options.children)
    assert problems([], publish_view(preview), confirm_text(preview)) == {}


def test_the_confirmation_says_what_a_new_version_touches():
    new = confirm_text(preview_of())
    assert new.startswith(f"Publish “{biggest_lesson().title[:199]}…” for this server?")
    assert "other servers don't see it" in new
    one = confirm_text(preview_of(InUse(open_quizzes=1, unfinished=1)))
    assert one.startswith("This server has a lesson `big` already. Publishing makes this its new version")
    assert one.endswith(
        "1 try is under way on the current version; each finishes on the version it started on. "
        "1 quiz of it is open."
    )
    none = confirm_text(preview_of(InUse(open_quizzes=0, unfinished=0)))
    assert none.endswith("No tries are under way on the current version.")
    (row,) = publish_view(preview_of(InUse(0, 0))).to_components()
    assert [b["label"] for b in row["components"]] == ["Publish new version", "Cancel"]


def test_pictures_show_in_the_lesson_card_and_the_question():
    lesson = biggest_lesson()
    sections = (
        Section("No picture", "Text."),
        Section("A", "B", "https://example.org/a.png"),
        Section("C", "D", "https://example.org/c.png"),
    )
    card = embeds.lesson(replace(lesson, sections=sections))
    assert card.image.url == "https://example.org/a.png"  # one picture an embed: the first given
    assert embeds.lesson(replace(lesson, sections=sections[:1])).image.url is None
    first: Question = lesson.questions[0]
    question, _ = preview_question(
        QuestionView(0, 1, first.prompt, first.options, "https://example.org/q.png"), lesson
    )
    assert question.image.url == "https://example.org/q.png"
    plain, _ = preview_question(QuestionView(0, 1, first.prompt, first.options), lesson)
    assert plain.image.url is None


def test_a_reload_report_fits_one_message_however_many_problems():
    many = tuple(problem(f"lesson-{n:03}.toml", "title", "missing", 2) for n in range(300))
    ids = tuple(f"lesson-{n:03}" for n in range(40))
    text = reload_text(Reloaded(added=ids, changed=ids, gone=ids, kept=ids, problems=many, served=80))
    assert len(text) <= limits.MESSAGE_CONTENT
    assert text.endswith(" more.")
    quiet = reload_text(Reloaded((), (), (), (), (), served=1))
    assert quiet == "I read the lessons folder again; 1 lesson from it is served now.\nNothing changed."


def test_the_answer_key_marks_every_right_option_and_pages_fit(fine_tuning):
    pages = answer_key(fine_tuning)
    assert len(pages) == 1
    fields = pages[0].fields
    assert len(fields) == 15
    for field, question in zip(fields, fine_tuning.questions, strict=True):
        assert field.name == f"{fine_tuning.questions.index(question) + 1}. {question.prompt}"
        assert f"✅ **{'ABCDE'[question.answer_index]}) " in (field.value or "")
        assert (field.value or "").count("✅") == 1
    big = answer_key(biggest_lesson(), LANGUAGES["es"])
    assert len(big) > 1
    assert sum(len(page.fields) for page in big) == 30
    assert all(problems([page]) == {} for page in big)
    assert big[0].title == f"Respuestas correctas (1/{len(big)}): solo las ves tú"
