"""Write a Lesson as a TOML lesson file that `load_lesson` reads back to an equal Lesson."""

from __future__ import annotations

from bot.content.model import Kind, Lesson, Question, number_text, question_key

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape(text: str, keep: str = "") -> str:
    return "".join(
        c if c in keep else _ESCAPES.get(c) or (f"\\u{ord(c):04X}" if c < " " or c == "\x7f" else c)
        for c in text
    )


def _string(text: str) -> str:
    return f'"{_escape(text)}"'


def _text(text: str) -> str:
    """Text with line breaks as a multi-line string, so a body reads in the file as it will show."""
    if "\n" not in text:
        return _string(text)
    # TOML drops the line break right after the opening quotes.
    return f'"""\n{_escape(text, keep=chr(10))}"""'


def to_toml(lesson: Lesson) -> str:
    """The lesson file's text. Only what differs from the defaults is written (a derived key is not)."""
    out = [
        f"id = {_string(lesson.id)}",
        f"title = {_string(lesson.title)}",
    ]
    given = (("minutes", lesson.minutes), ("reviewed", lesson.reviewed))
    out += [f"{name} = {value}" for name, value in given if value is not None]
    if lesson.language:
        out.append(f"language = {_string(lesson.language)}")
    out += [f"{name} = true" for name in ("partial_credit", "ignore_accents") if getattr(lesson, name)]
    for bank in lesson.banks:
        out += ["", "[[banks]]", f"name = {_string(bank.name)}", f"draw = {bank.draw}"]
    for section in lesson.sections:
        out += ["", "[[sections]]", f"heading = {_string(section.heading)}", f"body = {_text(section.body)}"]
        if section.image:
            out.append(f"image = {_string(section.image)}")
    for question in lesson.questions:
        out += ["", "[[questions]]"]
        if question.key != question_key(question.prompt):
            out.append(f"key = {_string(question.key)}")
        if question.kind is not Kind.CHOICE:
            out.append(f"type = {_string(question.kind)}")
        out.append(f"prompt = {_text(question.prompt)}")
        out += _answer(question)
        if question.bank:
            out.append(f"bank = {_string(question.bank)}")
        if question.explanation:
            out.append(f"explanation = {_text(question.explanation)}")
        if question.image:
            out.append(f"image = {_string(question.image)}")
    return "\n".join(out) + "\n"


def _list(name: str, texts: list[str] | tuple[str, ...]) -> list[str]:
    return [f"{name} = [", *(f"    {_string(t)}," for t in texts), "]"]


def _answer(question: Question) -> list[str]:
    """The options and the right answer, as the question's kind writes them."""
    if question.kind is Kind.TYPED:
        if question.tolerance is None:
            return _list("answers", question.options)
        tolerance = [f"tolerance = {number_text(question.tolerance)}"] if question.tolerance else []
        return [f"answer = {question.options[0]}", *tolerance]
    options = _list("options", question.options)
    if question.kind is Kind.ORDER:
        return options
    if question.kind is Kind.CHOOSE_ALL:
        return options + _list("answer", [question.options[i] for i in question.right])
    return [*options, f"answer = {_string(question.answer)}"]
