"""`python -m bot`: run the bot, or check, show, preview and import lessons without Discord."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import secrets
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot import cli_review
from bot.config import POSTGRES_SCHEMES, Settings, load_settings, shown_url
from bot.content import Lesson, load_lesson, load_library, parse_plaintext, to_toml
from bot.content.loader import LESSON_SUFFIX, LessonError, decode
from bot.content.plainwriter import question_lines
from bot.errors import HostError
from bot.logs import close_logging, setup_logging
from bot.preview import heading, run_preview
from bot.report.gradebook import Gradebook

if TYPE_CHECKING:
    from bot.tutor import ReportFiles, Tutor

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
        asked = f", {lesson.asked} asked in each attempt" if lesson.asked != len(lesson.questions) else ""
        print(f"ok: {lesson.id}: {lesson.title} ({len(lesson.questions)} questions{asked})")
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
    print(heading(lesson))
    for section in lesson.sections:
        print(f"## {section.heading}\n{section.body}\n")
    for n, question in enumerate(lesson.questions, start=1):
        first, *rest = question_lines(question, lesson.language)
        print(f"{n}. {first}", *(f"   {line}" for line in rest), "", sep="\n")
    return 0


def cmd_preview(settings: Settings, args: argparse.Namespace) -> int:
    lesson = _resolve(args.lesson, settings)
    seed = args.seed if args.seed is not None else secrets.randbits(62)
    run_preview(lesson, seed, sys.stdin, sys.stdout)
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise HostError(f"cannot read {source} ({exc.strerror or exc})") from None
    lesson = parse_plaintext(decode(data, source.name), source.name, args.id)
    directory = Path(args.out) if args.out else settings.lessons_dir
    target = directory / f"{lesson.id}{LESSON_SUFFIX}"
    if target.exists() and not args.force:
        raise HostError(f"{target} already exists; add --force to replace it")
    # A TOML comment may not hold control characters, and a file name can.
    origin = "".join(c if c.isprintable() else "?" for c in source.name)
    # Written beside it, then renamed: a bot reloading the folder never reads half a file.
    partial = target.with_name(f".{target.name}.partial")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial.write_text(f"# Imported from {origin} by `python -m bot import`.\n{to_toml(lesson)}", "utf-8")
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise HostError(f"cannot write {target} ({exc.strerror or exc})") from None
    print(f"wrote {target}: {lesson.id}: {lesson.title}")
    print(f"  {len(lesson.sections)} sections, {len(lesson.questions)} questions")
    return 0


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    """The report's files (CSV, .xlsx, a gradebook's import, chart) from the database, without Discord."""
    import asyncio  # noqa: PLC0415 - only this command runs an event loop outside `run`

    count, files = asyncio.run(_build_report(settings, args))
    if args.csv and files.gradebook_csv is not None:
        Path(args.csv).write_bytes(files.gradebook_csv)
        print(f"wrote {args.csv} ({args.format}'s grade import)")
        if files.left_out:
            print(f"  {files.left_out} students left out: their school id and email are unknown")
    elif args.csv:
        Path(args.csv).write_bytes(files.students_csv)
        questions = Path(args.csv).with_name(Path(args.csv).stem + "-questions.csv")
        questions.write_bytes(files.questions_csv)
        print(f"wrote {args.csv} ({count} students) and {questions}")
    if args.xlsx:
        Path(args.xlsx).write_bytes(files.xlsx)
        print(f"wrote {args.xlsx} ({count} students, a sheet for students and one for questions)")
    if args.png and files.chart_png is not None:
        Path(args.png).write_bytes(files.chart_png)
        print(f"wrote {args.png}: {files.chart_alt}")
    elif args.png:
        print(f"did not write {args.png}: {files.chart_alt}")
    return 0


@contextlib.asynccontextmanager
async def started_tutor(settings: Settings) -> AsyncIterator[Tutor]:
    """The Tutor over the host's database, without Discord, for the commands that read it."""
    from bot.storage import open_storage  # noqa: PLC0415 - keeps check/show/preview fast to start
    from bot.tutor import Tutor  # noqa: PLC0415

    if not settings.database_url and not settings.database_path.is_file():
        raise HostError(f"no database at {settings.database_path}; set DATABASE_PATH")
    library, _ = load_library(settings.lessons_dir)
    db = await open_storage(settings)
    try:
        tutor = Tutor(library, db)
        await tutor.start()
        yield tutor
    finally:
        await db.close()


async def _build_report(settings: Settings, args: argparse.Namespace) -> tuple[int, ReportFiles]:
    async with started_tutor(settings) as tutor:
        db = tutor.db
        found = await db.quizzes(args.guild, args.channel, args.lesson, limit=1)
        if not found:
            where = f" in channel {args.channel}" if args.channel else ""
            raise HostError(f"no quiz of lesson {args.lesson!r}{where} in server {args.guild}")
        report = await tutor.reports.build(found[0])
        gradebook = None if args.format == "report" else Gradebook(args.format)
        files = await tutor.reports.files(report, gradebook=gradebook)
    return len(report.students), files


def cmd_migrate_db(settings: Settings, args: argparse.Namespace) -> int:
    """Copy the SQLite file at DATABASE_PATH into an empty PostgreSQL database."""
    import asyncio  # noqa: PLC0415

    from bot.storage.transfer import copy_to_postgres  # noqa: PLC0415

    url = args.to or settings.database_url
    if not url:
        raise HostError("say where to copy to: python -m bot migrate-db --to postgresql://user@host/database")
    if not url.startswith(POSTGRES_SCHEMES):
        raise HostError(f"--to must be a postgresql:// address, got {shown_url(url)!r}")
    if not settings.database_path.is_file():
        raise HostError(
            f"no database at {settings.database_path}; set DATABASE_PATH to the SQLite file to copy"
        )
    copied = asyncio.run(copy_to_postgres(settings.database_path, url))
    print("\n".join(copied.lines()))
    return 0


def cmd_sync(settings: Settings, _: argparse.Namespace) -> int:
    """Send the slash commands to Discord without running the bot."""
    import asyncio  # noqa: PLC0415

    count = asyncio.run(_sync(settings))
    where = (
        f"server {settings.dev_guild_id}"
        if settings.dev_guild_id
        else "every server (Discord may take a while)"
    )
    print(f"synced {count} commands to {where}")
    return 0


async def _sync(settings: Settings) -> int:
    from bot.client import make_bot, use_endpoints  # noqa: PLC0415
    from bot.internals import check_internals  # noqa: PLC0415
    from bot.storage import open_storage  # noqa: PLC0415
    from bot.tutor import Tutor  # noqa: PLC0415

    check_internals()
    token = settings.require_token()
    use_endpoints(settings)
    library, _ = load_library(settings.lessons_dir)
    db = await open_storage(settings)
    # Logging in runs setup_hook, whose cogs would start the retention sweep: sync never deletes data.
    settings = replace(settings, data_retention=None)
    try:
        async with make_bot(settings, Tutor(library, db), sync_at_start=False) as bot:
            await bot.login(token)
            return await bot.sync_commands()
    finally:
        await db.close()


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
    report = commands.add_parser("report", help="write a quiz's report (CSV files, chart) from the database")
    report.add_argument("--guild", type=int, required=True, help="the server's id")
    report.add_argument("--lesson", required=True, help="the lesson's id")
    report.add_argument("--channel", type=int, help="the class's channel id (default: the latest quiz)")
    report.add_argument(
        "--csv",
        help="CSV file to write: the students (questions go beside it, *-questions.csv), or see --format",
    )
    report.add_argument(
        "--format",
        choices=["report", *(g.value for g in Gradebook)],
        default="report",
        help="what --csv holds: the report's own layout (default), or Moodle's or Canvas's grade import",
    )
    report.add_argument("--xlsx", help="Excel workbook to write (a sheet for students, one for questions)")
    report.add_argument("--png", help="chart PNG file to write (none under 5 finished students)")
    imports = commands.add_parser("import", help="turn a lesson in the plain-text form into a lesson file")
    imports.add_argument("file", help="the plain-text lesson (.txt or .md)")
    imports.add_argument("--out", help="folder to write <id>.toml in (default: LESSONS_DIR)")
    imports.add_argument(
        "--id", help="the lesson's id if the file has no 'Id:' line (default: from its name)"
    )
    imports.add_argument("--force", action="store_true", help="replace a lesson file that already exists")
    migrate = commands.add_parser(
        "migrate-db", help="copy the SQLite database (DATABASE_PATH) into an empty PostgreSQL database"
    )
    migrate.add_argument(
        "--to", help="the PostgreSQL database, postgresql://user@host/name (default: DATABASE_URL)"
    )
    commands.add_parser("sync", help="send the slash commands to Discord (for bots run as several shards)")
    cli_review.add_parser(commands)
    return parser


_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "run": cmd_run,
    "check": cmd_check,
    "show": cmd_show,
    "preview": cmd_preview,
    "report": cmd_report,
    "import": cmd_import,
    "migrate-db": cmd_migrate_db,
    "sync": cmd_sync,
    "review-report": cli_review.cmd_review_report,
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
