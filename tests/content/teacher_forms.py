"""Lessons written the way teachers write them, made from a Lesson, for the tests that read them back."""

from bot.content import Lesson

LETTERS = "ABCDE"


def teacher_text(lesson: Lesson, *, heading: str = "Quiz", answers: str = "Answers") -> str:
    """A title, "10 min", sections, a `Quiz` heading, numbered questions with A) B) C) options and no
    blank lines between them, then one `Answers: 1A 2B` line."""
    lines = [lesson.title, "10 min", ""]
    for section in lesson.sections:
        lines += [section.heading, section.body, ""]
    lines.append(heading)
    for n, question in enumerate(lesson.questions, start=1):
        lines.append(f"{n}. {question.prompt}")
        lines += [f"{LETTERS[i]}) {option}" for i, option in enumerate(question.options)]
    key = " ".join(f"{n}{LETTERS[q.answer_index]}" for n, q in enumerate(lesson.questions, start=1))
    lines += ["", f"{answers}: {key}", ""]
    return "\n".join(lines)


def docx_bytes(lesson: Lesson) -> bytes:
    """The lesson as a Word file: a title, paragraphs, and each question's options as a lettered list."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(lesson.title, level=1)
    document.add_paragraph("7 min · Reviewed 2026")
    for section in lesson.sections:
        document.add_heading(section.heading, level=2)
        for line in section.body.splitlines():
            document.add_paragraph(line)
    document.add_heading("End-of-lesson check", level=2)
    for question in lesson.questions:
        document.add_paragraph(question.prompt, style="List Number")
        for i, option in enumerate(question.options):
            document.add_paragraph(f"{LETTERS[i]}) {option}")
    key = " ".join(f"{n}{LETTERS[q.answer_index]}" for n, q in enumerate(lesson.questions, start=1))
    document.add_paragraph(f"Answers: {key}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
