"""`python -m bot`: run the bot, or check, show and preview lessons without Discord."""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.config import Settings, load_settings
from bot.content import Lesson, load_lesson, load_library
from bot.content.loader import LESSON_SUFFIX, LessonError
from bot.errors import HostError
from bot.logs import close_logging, setup_logging
from bot.quiz.engine import Attempt

log = logging.getLogger("bot")


def _resolve(name: str, settings: Settings) -> Lesson:
    """A lesson by file path, or by id from the lessons folder."""
    path = Path(name)
    if path.suffix == LESSON_SUFFIX or path.is_file():
        return load_lesson(path)
    library, _ = load_library(settings.lessons_dir)
    if name not in library:
        known = ", ".join(library) or "none"
        raise HostError(f"no lesson {name!r} in {settings.lessons_dir} (known: {known})")
    return library[name]


def cmd_run(settings: Settings, _: argparse.Namespace) -> int:
    token = settings.require_token()
    # Imported here: discord.py takes most of a second to import, and check/show/preview don't need it.
    from bot.client import run  # noqa: PLC0415

    handler = setup_logging(settings.log_level, secrets=[token])
    try:
        library, problems = load_library(settings.lessons_dir)
        for problem in problems:
            log.error("Lesson left out: %s", problem)
        if not library:
            raise HostError(
                f"no usable lessons in {settings.lessons_dir}; run `python -m bot check` to see why"
            )
        return run(settings, library)
    finally:
        close_logging(handler)


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    directory = Path(args.dir) if args.dir else settings.lessons_dir
    library, problems = load_library(directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    for lesson in library.values():
        print(f"ok: {lesson.id}: {lesson.title} ({len(lesson.questions)} questions)")
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    if not library:
        print(f"no lessons (*{LESSON_SUFFIX}) in {directory}", file=sys.stderr)
        return 1
    return 0


def cmd_show(settings: Settings, args: argparse.Namespace) -> int:
    lesson = _resolve(args.lesson, settings)
    if args.json:
        print(json.dumps(lesson.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{lesson.title}\n{lesson.minutes} min read · Reviewed {lesson.reviewed}\n")
    for section in lesson.sections:
        print(f"## {section.heading}\n{section.body}\n")
    for n, question in enumerate(lesson.questions, start=1):
        print(f"{n}. {question.prompt}")
        for option in question.options:
            print(f"   {'*' if option == question.answer else '-'} {option}")
        print(f"   Why: {question.explanation}\n")
    return 0


def cmd_preview(settings: Settings, args: argparse.Namespace) -> int:
    lesson = _resolve(args.lesson, settings)
    seed = args.seed if args.seed is not None else secrets.randbits(62)
    run_preview(lesson, seed, sys.stdin, sys.stdout)
    return 0


def run_preview(lesson: Lesson, seed: int, stdin: TextIO, out: TextIO) -> None:
    """The lesson, then its quiz through the same engine the bot uses, answered by typing numbers."""

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    say(f"{lesson.title}\n{lesson.minutes} min read · Reviewed {lesson.reviewed}\n")
    for section in lesson.sections:
        say(f"{section.heading}\n{section.body}\n")
    attempt = Attempt(lesson, seed)
    while (question := attempt.current()) is not None:
        say(f"Question {question.number} of {question.total}\n{question.prompt}")
        for slot, option in enumerate(question.options, start=1):
            say(f"  {slot}) {option}")
        while True:
            out.write("Your answer: ")
            out.flush()
            line = stdin.readline()
            if not line:
                say("\nStopped before the end.")
                break
            text = line.strip()
            if text.isdigit() and 1 <= int(text) <= len(question.options):
                break
            say(f"Type a number from 1 to {len(question.options)}.")
        if not line:
            break
        choice = attempt.judge(question.position, int(text) - 1)
        attempt = attempt.with_choice(choice)
        result = attempt.feedback(choice)
        if result.correct:
            say(f"Right! {result.explanation}\n")
        else:
            say(f"Not quite. The right answer: {result.answer}\n{result.explanation}\n")
    summary = attempt.summary()
    if attempt.finished:
        say(f"You scored {summary.score} out of {summary.total}.")
    else:
        say(f"You answered {attempt.answered} of {summary.total} and got {summary.score} right.")
    for missed in summary.missed:
        say(f"  Missed {missed.number}. {missed.prompt}\n    Right answer: {missed.answer}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="connect to Discord and serve the class (the default)")
    check = commands.add_parser("check", help="validate every lesson file")
    check.add_argument("dir", nargs="?", help="folder of lessons (default: LESSONS_DIR)")
    show = commands.add_parser("show", help="print one lesson")
    show.add_argument("lesson", help="a lesson id, or the path of a lesson file")
    show.add_argument("--json", action="store_true", help="print the lesson as JSON")
    preview = commands.add_parser("preview", help="read a lesson and take its quiz in the terminal")
    preview.add_argument("lesson", help="a lesson id, or the path of a lesson file")
    preview.add_argument("--seed", type=int, help="fix the shuffle of questions and options")
    return parser


_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "run": cmd_run,
    "check": cmd_check,
    "show": cmd_show,
    "preview": cmd_preview,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        return _COMMANDS[args.command or "run"](settings, args)
    except HostError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LessonError as exc:
        print(exc, file=sys.stderr)
        return 1
