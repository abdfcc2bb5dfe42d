"""Write a Lesson in the plain-text form, which `parse_plaintext` reads back to an equal Lesson.

For a teacher who keeps lessons in a word processor: every kind of question is written as the form
reads it (content/plainwords.py). Text the form cannot hold on one line (a prompt with a line break)
is the TOML file's to keep; `to_plaintext` writes it joined by spaces.
"""

from __future__ import annotations

from bot.content.model import Kind, Lesson, Question, number_text, question_key
from bot.content.plainwords import word


def _line(text: str) -> str:
    return " ".join(text.split())


def _title(text: str) -> str:
    return text[:1].upper() + text[1:]


def to_plaintext(lesson: Lesson) -> str:
    """The lesson as plain text: headers, title, sections under `## ` headings, then the quiz."""
    lang = lesson.language
    out = [f"Id: {lesson.id}"] + ([f"Language: {lang}"] if lang else [])
    for name in ("partial_credit", "ignore_accents"):
        if getattr(lesson, name):
            out.append(f"{_title(word(name, lang))}: {word('yes', lang)}")
    out += [f"{_title(word('bank', lang))}: {b.name}, {word('draw', lang)} {b.draw}" for b in lesson.banks]
    out.append(f"# {_line(lesson.title)}")
    times = [f"{lesson.minutes} min"] if lesson.minutes else []
    times += [f"{_title(word('reviewed', lang))} {lesson.reviewed}"] if lesson.reviewed else []
    if times:
        out.append(" · ".join(times))
    for section in lesson.sections:
        out += ["", f"## {_line(section.heading)}", section.body]
        if section.image:
            out.append(f"Image: {section.image}")
    out += ["", _title(word("quiz", lang))]
    for question in lesson.questions:
        out += ["", *question_lines(question, lang)]
    return "\n".join(out) + "\n"


def question_lines(question: Question, lang: str | None = None) -> list[str]:
    prompt = _line(question.prompt)
    prefix = {Kind.TRUE_FALSE: "true_false", Kind.ORDER: "order"}.get(question.kind)
    out = [f"{_title(word(prefix, lang))}: {prompt}" if prefix else prompt]
    answer = _title(word("accepted", lang))
    if question.kind is Kind.TYPED and question.tolerance is not None:
        tolerance = f" ± {number_text(question.tolerance)}" if question.tolerance else ""
        out.append(f"{answer}: {question.options[0]}{tolerance}")
    elif question.kind is Kind.TYPED:
        out += [f"{answer}: {text}" for text in question.options]
    elif question.kind is Kind.CHOOSE_ALL:
        out += [f"- [{'x' if i in question.right else ' '}] {o}" for i, o in enumerate(question.options)]
    elif question.kind is Kind.ORDER:
        out += [f"- {option}" for option in question.options]
    else:
        marks = ["*" if i == question.answer_index else "-" for i in range(len(question.options))]
        out += [f"{mark} {option}" for mark, option in zip(marks, question.options, strict=True)]
    if question.explanation:
        out.append(f"Why: {_line(question.explanation)}")
    if question.key != question_key(question.prompt):
        out.append(f"Key: {question.key}")
    if question.image:
        out.append(f"Image: {question.image}")
    if question.bank:
        out.append(f"{_title(word('bank', lang))}: {question.bank}")
    return out
