"""`python -m bot` as a teacher or host runs it: check, show --json, preview, import, and run's refusals."""

import asyncio
import csv
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.content import load_lesson
from bot.quiz.rules import QuizRules
from bot.storage import SQLiteDatabase
from bot.storage.records import Swept
from tests.clock import ManualClock
from tests.conftest import LESSONS, ROOT
from tests.content.test_plaintext import MARKED, VOLCANOES
from tests.content.test_validation import GOOD

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def run(
    *args: str, cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "DEV_GUILD", "LESSONS_", "DATABASE_"))
    }
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=60,
        check=False,
    )


def test_check_passes_on_the_bundled_lessons(tmp_path: Path):
    result = run("check", str(LESSONS), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ok: fine-tuning" in result.stdout


def test_check_names_every_problem_and_fails(tmp_path: Path):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.toml").write_text(
        GOOD.replace('answer = "Melted rock"', 'answer = "Lava"').replace("volcanoes", "bad"),
        encoding="utf-8",
    )
    result = run("check", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert "bad.toml: question 1: answer: 'Lava' is not one of the options" in result.stderr
    assert "ok: volcanoes" in result.stdout


def test_check_names_a_file_nested_too_deep_in_one_line(tmp_path: Path):
    (tmp_path / "deep.toml").write_text("x = " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    result = run("check", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "deep.toml: line 1: nests brackets or braces more than 32 deep; a lesson never needs that many",
        "1 problem(s) found",
    ]


def test_check_uses_lessons_dir_from_dotenv(tmp_path: Path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "v.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".env").write_text("LESSONS_DIR=lessons\n", encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ok: volcanoes" in result.stdout


def test_show_json_has_exactly_the_documented_shape(tmp_path: Path, fine_tuning):
    result = run("show", "fine-tuning", "--json", cwd=tmp_path, env={"LESSONS_DIR": str(LESSONS)})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["id", "title", "minutes", "sections", "questions"]
    assert data["id"] == "fine-tuning"
    assert data["minutes"] == 7
    assert all(list(s) == ["heading", "body"] for s in data["sections"])
    assert len(data["questions"]) == 15
    for shown, question in zip(data["questions"], fine_tuning.questions, strict=True):
        assert list(shown) == ["prompt", "options", "answer", "explanation"]
        assert shown["options"] == list(question.options)
        assert shown["answer"] == question.answer
        assert shown["answer"] in shown["options"]


def test_show_gives_the_reading_time_the_lesson_card_gives(tmp_path: Path, fine_tuning):
    result = run("show", "fine-tuning", cwd=tmp_path, env={"LESSONS_DIR": str(LESSONS)})
    assert result.returncode == 0, result.stderr
    # The card's "About 1 minute" comes from the text; the file's `minutes = 7` is not what a student reads.
    assert result.stdout.startswith(f"{fine_tuning.title}\nAbout 1 min to read\n")
    assert "7 min" not in result.stdout


def test_show_by_path_and_unknown_lesson(tmp_path: Path):
    assert run("show", str(LESSONS / "fine-tuning.toml"), "--json", cwd=tmp_path).returncode == 0
    missing = run("show", "volcanoes", cwd=tmp_path, env={"LESSONS_DIR": str(LESSONS)})
    assert missing.returncode == 2
    assert "no lesson 'volcanoes'" in missing.stderr


def test_preview_takes_the_whole_quiz_in_the_terminal(tmp_path: Path, fine_tuning):
    answers = "\n".join(["9", "hello"] + ["1"] * 15) + "\n"
    result = run(
        "preview",
        "fine-tuning",
        "--seed",
        "3",
        cwd=tmp_path,
        stdin=answers,
        env={"LESSONS_DIR": str(LESSONS)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert fine_tuning.title in out
    assert "The big idea" in out
    assert "Type a number from 1 to 4." in out
    assert "Question 15 of 15" in out
    assert "You scored" in out
    assert out.count("Right!") + out.count("Not quite.") == 15


def test_preview_stopped_early_keeps_the_count(tmp_path: Path):
    result = run("preview", str(LESSONS / "fine-tuning.toml"), "--seed", "3", cwd=tmp_path, stdin="1\n2\n")
    assert result.returncode == 0
    assert "You answered 2 of 15" in result.stdout


def test_run_without_a_token_prints_one_line_and_fails(tmp_path: Path):
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_with_a_bad_env_value_prints_one_line_and_fails(tmp_path: Path):
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc\nDEV_GUILD_ID=class-5b\n", encoding="utf-8")
    result = run("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: DEV_GUILD_ID must be a server id (digits only), got 'class-5b'."


def test_run_with_no_usable_lessons_fails_clearly(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = run(cwd=tmp_path, env={"DISCORD_TOKEN": "abc", "LESSONS_DIR": "empty"})
    assert result.returncode == 2
    assert "no usable lessons in empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_writes_the_plain_text_lesson_as_a_lesson_file(tmp_path: Path, fine_tuning):
    result = run("import", str(MARKED), "--out", "lessons", "--id", "fine-tuning", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "lessons" / "fine-tuning.toml"
    assert result.stdout.splitlines() == [
        f"wrote {Path('lessons') / 'fine-tuning.toml'}: fine-tuning: {fine_tuning.title}",
        "  3 sections, 15 questions",
    ]
    lesson = load_lesson(written)
    assert [q.answer for q in lesson.questions] == [q.answer for q in fine_tuning.questions]
    assert written.read_text(encoding="utf-8").startswith(f"# Imported from {MARKED.name}")
    assert [p.name for p in written.parent.iterdir()] == ["fine-tuning.toml"]


def test_import_writes_to_lessons_dir_and_never_replaces_a_file_unless_forced(tmp_path: Path):
    source = tmp_path / "volcanoes.txt"
    source.write_text(VOLCANOES, encoding="utf-8")
    env = {"LESSONS_DIR": "mine"}
    assert run("import", str(source), cwd=tmp_path, env=env).returncode == 0
    target = tmp_path / "mine" / "volcanoes.toml"
    target.write_text("kept", encoding="utf-8")
    refused = run("import", str(source), cwd=tmp_path, env=env)
    assert refused.returncode == 2
    assert (
        refused.stderr.strip()
        == f"error: {Path('mine') / 'volcanoes.toml'} already exists; add --force to replace it"
    )
    assert target.read_text(encoding="utf-8") == "kept"
    assert run("import", str(source), "--force", cwd=tmp_path, env=env).returncode == 0
    assert load_lesson(target).id == "volcanoes"


def test_import_names_every_problem_by_line_and_writes_nothing(tmp_path: Path):
    source = tmp_path / "volcanoes.txt"
    text = VOLCANOES.replace("Cold ice", "Sand").replace("https://e.org/p", "http://e.org/p")
    source.write_text(text, encoding="utf-8")
    result = run("import", str(source), "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "volcanoes.txt: line 20: question 1: options: option 3: 'Sand' appears twice",
        "volcanoes.txt: line 27: question 2: image: must be a link starting with https:// and without spaces",
    ]
    assert not (tmp_path / "out").exists()


def test_import_of_a_missing_file_is_one_line(tmp_path: Path):
    result = run("import", "nope.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: cannot read nope.txt (No such file or directory)"


def _bot_database(path: Path) -> bytes:
    """The bytes of a real, used bot database: several pages, at the current schema."""

    async def fill() -> None:
        db = await SQLiteDatabase.open(path)
        for n in range(300):
            await db.open_quiz(1, f"lesson-{n}", 2, 3, version_id=None, rules=QuizRules(), now=NOW)
        await db.close()

    asyncio.run(fill())
    return path.read_bytes()


def _scrambled(data: bytes) -> bytes:
    noise = random.Random(5)
    mixed = bytearray(data)
    for at in range(4096, len(mixed), 7):  # after the first page, so that it still looks like SQLite
        mixed[at] = noise.randrange(256)
    return bytes(mixed)


def _broken_databases(tmp_path: Path) -> dict[str, Path]:
    good = _bot_database(tmp_path / "good.sqlite3")
    cases = {
        "garbage": (tmp_path / "garbage.sqlite3", random.Random(1).randbytes(9000)),
        "truncated": (tmp_path / "truncated.sqlite3", good[: len(good) // 2]),
        "scrambled": (tmp_path / "scrambled.sqlite3", _scrambled(good)),
    }
    for path, data in cases.values():
        path.write_bytes(data)
    (tmp_path / "folder.sqlite3").mkdir()
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as raw:
        raw.execute("PRAGMA user_version = 99")
    return {
        **{name: path for name, (path, _) in cases.items()},
        "a folder": tmp_path / "folder.sqlite3",
        "under a file": tmp_path / "a-file" / "tutor.sqlite3",
        "newer": newer,
    }


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("garbage", "it is not a SQLite database. Move it aside"),
        ("truncated", "it is damaged. Restore it from a backup"),
        ("scrambled", "it is damaged. Restore it from a backup"),
        ("a folder", "it is a folder, not a file. Set DATABASE_PATH to a file name"),
        ("under a file", "is a file, not a folder. Set DATABASE_PATH to a file in a folder"),
        ("newer", "the database is at version 99 but this bot knows only"),
    ],
)
def test_run_with_an_unusable_database_prints_one_line_and_fails(tmp_path: Path, case: str, says: str):
    database = _broken_databases(tmp_path)[case]
    env = {"DISCORD_TOKEN": "abc", "LESSONS_DIR": str(LESSONS), "DATABASE_PATH": str(database)}
    result = run(cwd=tmp_path, env=env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: database {database}: "), result.stderr
    assert says in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_run_with_a_database_folder_the_bot_cannot_write_prints_one_line(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    # Root may write any folder that is not immutable; others are kept out by its mode.
    chattr = shutil.which("chattr") if os.geteuid() == 0 else None
    if os.geteuid() != 0:
        folder.chmod(0o555)
    elif (
        chattr is None or subprocess.run([chattr, "+i", folder], capture_output=True, check=False).returncode
    ):
        pytest.skip("running as root where chattr +i is not available: no folder is unwritable")
    try:
        env = {"DISCORD_TOKEN": "abc", "LESSONS_DIR": str(LESSONS), "DATABASE_PATH": "locked/tutor.sqlite3"}
        result = run(cwd=tmp_path, env=env)
    finally:
        if chattr is not None:
            subprocess.run([chattr, "-i", folder], check=True)
        folder.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: database locked/tutor.sqlite3: it cannot be opened. Check that")
    assert result.stderr.strip().count("\n") == 0, result.stderr


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda env: env.mkdir(), ".env is a folder, not a file"),
        (lambda env: env.write_bytes(b"DISCORD_TOKEN=\xff\n"), ".env is not UTF-8 text"),
        (lambda env: env.write_text("DISCORD_TOKEN=\nabc.def.ghi\n", encoding="utf-8"), ".env line 2 is not"),
    ],
)
def test_run_with_a_broken_env_file_prints_one_line_and_fails(tmp_path: Path, make, says: str):
    make(tmp_path / ".env")
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {says}"), result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_report_writes_the_csv_files_the_workbook_and_the_chart_from_the_database(
    tmp_path: Path, fine_tuning
):
    from bot.content import LessonLibrary
    from bot.tutor import RulesText, Tutor, Who

    async def a_class() -> None:
        db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
        tutor = Tutor(LessonLibrary({fine_tuning.id: fine_tuning}), db)
        await tutor.start()
        teacher = Who(1, 9, "Ms Rivera", is_teacher=True)
        quiz = (await tutor.teaching.open_quiz(teacher, "fine-tuning", 2, RulesText())).quiz
        names = ('O\'Brien, "Jo"', "李雷", "Ann", "Ben", "Cal")  # five: enough finished to chart
        for user, name in enumerate(names, start=5):
            step = await tutor.sessions.start(Who(1, user, name), quiz.id)
            while step.question is not None:
                step = await tutor.sessions.answer(1, step.attempt_id, user, step.question.position, 0)
        await db.close()

    asyncio.run(a_class())
    result = run(
        "report",
        "--guild",
        "1",
        "--lesson",
        "fine-tuning",
        "--csv",
        "class.csv",
        "--png",
        "chart.png",
        "--xlsx",
        "class.xlsx",
        cwd=tmp_path,
        env={"DATABASE_PATH": "tutor.sqlite3", "LESSONS_DIR": str(LESSONS)},
    )
    assert result.returncode == 0, result.stderr
    assert "wrote class.csv (5 students)" in result.stdout
    rows = list(csv.DictReader(io.StringIO((tmp_path / "class.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(row["name"] for row in rows) == sorted(['O\'Brien, "Jo"', "李雷", "Ann", "Ben", "Cal"])
    assert (tmp_path / "class-questions.csv").read_text(encoding="utf-8-sig").count("\n") == 16
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "class.xlsx").read_bytes().startswith(b"PK")  # a zip, as every .xlsx is
    canvas = run(
        *("report", "--guild", "1", "--lesson", "fine-tuning", "--format", "canvas", "--csv", "canvas.csv"),
        cwd=tmp_path,
        env={"DATABASE_PATH": "tutor.sqlite3", "LESSONS_DIR": str(LESSONS)},
    )
    assert canvas.returncode == 0, canvas.stderr
    lines = list(csv.reader(io.StringIO((tmp_path / "canvas.csv").read_text(encoding="utf-8"))))
    assert lines[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert lines[1] == ["Points Possible", "", "", "", "", "15"]
    assert len(lines) == 7  # the header, the points and the five students
    missing = run(
        "report",
        "--guild",
        "7",
        "--lesson",
        "fine-tuning",
        "--csv",
        "x.csv",
        cwd=tmp_path,
        env={"DATABASE_PATH": "tutor.sqlite3", "LESSONS_DIR": str(LESSONS)},
    )
    assert missing.returncode == 2
    assert missing.stderr.strip() == "error: no quiz of lesson 'fine-tuning' in server 7"


async def test_sync_deletes_nothing_whatever_the_retention(
    fake, tmp_path: Path, fine_tuning, monkeypatch: pytest.MonkeyPatch
):
    from bot.cli import _sync
    from bot.config import load_settings
    from bot.content import LessonLibrary
    from bot.tutor import RulesText, Tutor, Who
    from bot.tutor.privacy import Privacy
    from tests.conftest import bot_environment

    database = tmp_path / "tutor.sqlite3"
    db = await SQLiteDatabase.open(database)
    long_ago = ManualClock(datetime(2020, 1, 6, 10, 0, tzinfo=UTC))
    tutor = Tutor(LessonLibrary({fine_tuning.id: fine_tuning}), db, long_ago)
    teacher = Who(fake.guild_id, 9, "Ms Rivera", is_teacher=True)
    quiz = (await tutor.teaching.open_quiz(teacher, "fine-tuning", 2, RulesText())).quiz
    step = await tutor.sessions.start(Who(fake.guild_id, 5, "Alice"), quiz.id)
    while step.question is not None:
        step = await tutor.sessions.answer(fake.guild_id, step.attempt_id, 5, step.question.position, 0)
    await db.close()
    # Years past a one-day retention: the bot would delete the try at start; sync only sends commands.
    swept = []
    sweep = Privacy.sweep

    async def sweep_seen(self: Privacy, keep_for: timedelta) -> Swept:
        swept.append(keep_for)  # the sweep may be cancelled before it deletes: seen even so
        return await sweep(self, keep_for)

    monkeypatch.setattr(Privacy, "sweep", sweep_seen)
    env = {**bot_environment(fake, database), "DATA_RETENTION_DAYS": "1"}
    assert await _sync(load_settings(env, env_file=None)) > 0
    assert swept == []
    with sqlite3.connect(database) as raw:
        assert raw.execute("SELECT COUNT(*) FROM attempts").fetchone() == (1,)


def test_review_report_writes_the_csv_from_the_database(tmp_path: Path, fine_tuning):
    from bot.content import LessonLibrary
    from bot.tutor import RulesText, Tutor, Who

    async def a_class() -> None:
        db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
        tutor = Tutor(LessonLibrary({fine_tuning.id: fine_tuning}), db)
        await tutor.start()
        teacher = Who(1, 9, "Ms Rivera", is_teacher=True)
        quiz = (await tutor.teaching.open_quiz(teacher, "fine-tuning", 2, RulesText())).quiz
        step = await tutor.sessions.start(Who(1, 5, "Ann"), quiz.id)
        while step.question is not None:
            step = await tutor.sessions.answer(1, step.attempt_id, 5, step.question.position, 0)
        await tutor.review.assign(teacher, 2, None, until=None, exam=None)
        await db.close()

    asyncio.run(a_class())
    result = run(
        *("review-report", "--guild", "1", "--channel", "2", "--csv", "review.csv"),
        cwd=tmp_path,
        env={"DATABASE_PATH": "tutor.sqlite3", "LESSONS_DIR": str(LESSONS)},
    )
    assert result.returncode == 0, result.stderr
    assert "1 students with review items" in result.stdout
    written = (tmp_path / "review.csv").read_text(encoding="utf-8")
    assert written.startswith("student,due_today,overdue,done_at_review\nAnn,0,0,0\n")
