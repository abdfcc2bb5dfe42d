"""`python -m bot preview`: a lesson, then its quiz in the terminal through the engine the bot uses."""

from __future__ import annotations

from typing import TextIO

from bot.content import Lesson
from bot.content.model import Kind
from bot.content.reading import reading_minutes
from bot.quiz.engine import Attempt, Choice, ChoiceError, QuestionView

# What the student is asked to type, per kind; a typed answer is taken as it is.
_HOW = {
    Kind.CHOICE: "Type a number from 1 to {count}.",
    Kind.TRUE_FALSE: "Type a number from 1 to {count}.",
    Kind.CHOOSE_ALL: "Type the numbers of every right option, like 1 3 (or 0 for none).",
    Kind.ORDER: "Type the numbers in order, first to last, like 3 1 2.",
}


def heading(lesson: Lesson) -> str:
    """The lesson's title and reading time, as its card in Discord gives them (not the file's `minutes`)."""
    return f"{lesson.title}\nAbout {reading_minutes(lesson)} min to read\n"


def _judged(attempt: Attempt, question: QuestionView, text: str) -> Choice | None:
    """The answer `text` gives to `question`, or None when it cannot be one."""
    if question.kind is Kind.TYPED:
        return attempt.typed_at(question.position, text) if text else None
    numbers = text.replace(",", " ").split()
    if not all(n.isdigit() for n in numbers) or not numbers:
        return None
    slots = [int(n) - 1 for n in numbers if n != "0"]
    try:
        if question.kind is Kind.CHOOSE_ALL:
            return attempt.choose_all_at(question.position, slots)
        if question.kind is Kind.ORDER:
            return attempt.order_at(question.position, slots)
        return attempt.judge(question.position, slots[0]) if len(slots) == 1 else None
    except ChoiceError:
        return None


def _ask(attempt: Attempt, question: QuestionView, stdin: TextIO, out: TextIO) -> Choice | None:
    """The student's answer, asked again until it is one; None when the input ends."""
    while True:
        out.write("Your answer: ")
        out.flush()
        line = stdin.readline()
        if not line:
            return None
        choice = _judged(attempt, question, line.strip())
        if choice is not None:
            return choice
        print(_HOW.get(question.kind, "Type your answer.").format(count=len(question.options)), file=out)


def run_preview(lesson: Lesson, seed: int, stdin: TextIO, out: TextIO) -> None:
    """The lesson, then its quiz, answered by typing numbers (or, for a typed question, the answer)."""

    def write_line(text: str = "") -> None:
        print(text, file=out, flush=True)

    write_line(heading(lesson))
    for section in lesson.sections:
        write_line(f"{section.heading}\n{section.body}\n")
    attempt = Attempt(lesson, seed)
    while (question := attempt.current()) is not None:
        write_line(f"Question {question.number} of {question.total}\n{question.prompt}")
        for slot, option in enumerate(question.options, start=1):
            write_line(f"  {slot}) {option}")
        if question.kind is Kind.TYPED:
            write_line("  (type your answer)")
        choice = _ask(attempt, question, stdin, out)
        if choice is None:
            write_line("\nStopped before the end.")
            break
        attempt = attempt.with_choice(choice)
        result = attempt.feedback(choice)
        if result.correct:
            write_line(f"Right! {result.explanation}".rstrip() + "\n")
        else:
            write_line(f"Not quite. The right answer: {result.answer}\n{result.explanation}".rstrip() + "\n")
    summary = attempt.summary()
    if attempt.finished:
        write_line(f"You scored {summary.score} out of {summary.total}.")
    else:
        write_line(f"You answered {attempt.answered} of {summary.total} and got {summary.score} right.")
    for missed in summary.missed:
        write_line(f"  Missed {missed.number}. {missed.prompt}\n    Right answer: {missed.answer}")
