"""A teacher uploads a lesson as they already have it: typed their way, as a Word file, or (refused) a PDF.

Each readable upload is previewed with every question's right option marked, then published and quizzed.
"""

from pathlib import Path

import pytest

from bot.content import Lesson
from tests.conftest import Classroom
from tests.content.teacher_forms import LETTERS, docx_bytes, teacher_text
from tests.e2e.test_lessons import add_with_key
from tests.fake_discord import Upload


@pytest.fixture
def environment_changes(lessons_folder: Path) -> dict[str, str]:
    return {"LESSONS_DIR": str(lessons_folder)}


def marked(pages, lesson: Lesson) -> list[str]:
    """The right options the answer key marks, question by question."""
    fields = [field for page in pages for embed in page.embeds for field in embed.get("fields", [])]
    assert [f["name"] for f in fields] == [f"{n}. {q.prompt}" for n, q in enumerate(lesson.questions, 1)]
    return [next(line for line in f["value"].splitlines() if line.startswith("✅")) for f in fields]


@pytest.mark.parametrize("form", ["typed", "word"])
async def test_a_lesson_as_the_teacher_has_it_is_previewed_with_its_answers_and_published(
    classroom: Classroom, fine_tuning: Lesson, form: str
):
    teacher = classroom.teacher
    # Another id than the bundled lesson's: a server's own lesson can't take a bundled id.
    if form == "typed":
        filename, data = "my-fine-tuning.txt", teacher_text(fine_tuning).encode()
    else:
        filename, data = "my-fine-tuning.docx", docx_bytes(fine_tuning)
    card, question, pages, confirm = await add_with_key(teacher, filename, data)
    assert card.content.startswith(f"Here is {filename} (3 sections, 15 questions)")
    assert question.titles == ["Question 1 of 15"]
    assert all(page.ephemeral for page in pages)
    assert pages[0].titles == ["Answer key (1/1): only you see this"]
    expected = [f"✅ **{LETTERS[q.answer_index]}) {q.answer}**" for q in fine_tuning.questions]
    assert marked(pages, fine_tuning) == expected
    assert not any(s.id in {p.id for p in pages} for s in classroom.alice.screen())

    published = await teacher.click("Publish", on=confirm)
    assert published.content.startswith(f"Published: “{fine_tuning.title}” (`my-fine-tuning`).")
    await teacher.slash("quiz start", lesson="my-fine-tuning")
    await teacher.wait_for_text("The quiz is now open")
    shown = await classroom.alice.click("Start quiz")
    assert "of 15" in shown.text
    assert classroom.fake.rejected() == []


async def test_a_pdf_is_refused_in_one_line(classroom: Classroom):
    refused = await classroom.teacher.slash(
        "lesson add", file=Upload("lesson.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf")
    )
    assert refused.ephemeral
    assert refused.content == "lesson.pdf: this is a PDF file; save it as .txt or .docx"
    assert await classroom.teacher.autocomplete("quiz start", "lesson", "lesson") == []
