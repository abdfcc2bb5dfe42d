"""Deleting one person's data in one server, and retention, on a real SQLite file, read back raw.

Ids are snowflake-sized so that no count, index or seed in another column can be mistaken for them.
"""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.quiz.rules import QuizRules
from bot.storage import SQLiteDatabase
from bot.storage.personal import NOBODY
from bot.storage.records import Forgotten, Swept

GUILD, OTHER_GUILD = 1_000_000_000_000_000_001, 1_000_000_000_000_000_002
CHANNEL = 1_100_000_000_000_000_001
TEACHER, STUDENT, CLASSMATE = 1_200_000_000_000_000_001, 1_200_000_000_000_000_002, 1_200_000_000_000_000_003
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
async def db(tmp_path: Path):
    database = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
    yield database
    await database.close()


def path_of(tmp_path: Path) -> Path:
    return tmp_path / "tutor.sqlite3"


async def quiz_in(db: SQLiteDatabase, guild: int, lesson: str = "fine-tuning", teacher: int = TEACHER):
    quiz, _ = await db.open_quiz(guild, lesson, CHANNEL, teacher, version_id=None, rules=QuizRules(), now=NOW)
    return quiz


async def attempt(
    db: SQLiteDatabase, quiz, user: int, answers: int, *, count: int = 3, at: datetime = NOW, gap=DAY
):
    """An attempt begun `at`, with `answers` answers given one `gap` apart after it; finished if all given."""
    record = await db.start_attempt(
        quiz, user, seed=7, question_count=count, version_id=None, by_teacher=user == TEACHER, now=at
    )
    assert record is not None
    for position in range(answers):
        when = at + gap * (position + 1)
        assert await db.record_answer(record.id, position, position, 1, correct=position % 2 == 0, now=when)
    return record


def table_names(raw: sqlite3.Connection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return [row[0] for row in raw.execute(query)]


def rows_of(
    raw: sqlite3.Connection, table: str, where: str = "", params: list[int] | None = None
) -> list[tuple[object, ...]]:
    # Table and column names come from sqlite_master, never from input.
    sql = f"SELECT * FROM {table}" + (f" WHERE {where}" if where else "")  # noqa: S608
    return raw.execute(sql, params or []).fetchall()


def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, as plain tuples: what "untouched" is checked against."""
    with sqlite3.connect(path) as raw:
        return {name: sorted(rows_of(raw, name), key=repr) for name in table_names(raw)}


def servers_naming(path: Path, user_id: int) -> dict[str, set[int]]:
    """For every table, the servers of the rows holding this id in any column.

    Run over whatever tables the schema has, so a table added later is checked too; a row naming the
    person that can't be traced to a server fails the test.
    """
    found: dict[str, set[int]] = {}
    with sqlite3.connect(path) as raw:
        for table in table_names(raw):
            columns = [r[1] for r in raw.execute(f"PRAGMA table_info({table})")]
            where = " OR ".join(f"{c} = ?" for c in columns)
            for row in rows_of(raw, table, where, [user_id] * len(columns)):
                values = dict(zip(columns, row, strict=True))
                if "guild_id" in values:
                    guild = values["guild_id"]
                elif "quiz_id" in values:
                    (guild,) = raw.execute(
                        "SELECT guild_id FROM quizzes WHERE id = ?", (values["quiz_id"],)
                    ).fetchone()
                elif "attempt_id" in values:
                    (guild,) = raw.execute(
                        "SELECT guild_id FROM attempts WHERE id = ?", (values["attempt_id"],)
                    ).fetchone()
                else:
                    pytest.fail(f"table {table} names a person but has no way to its server: {row}")
                found.setdefault(table, set()).add(guild)
    return found


async def a_class(db: SQLiteDatabase) -> tuple[int, int]:
    """The student, a classmate and a teacher in one server, and the student in a second server too."""
    quiz = await quiz_in(db, GUILD)
    other_lesson = await quiz_in(db, GUILD, "prompting")
    elsewhere = await quiz_in(db, OTHER_GUILD, teacher=CLASSMATE)
    for guild in (GUILD, OTHER_GUILD):
        await db.remember_name(guild, STUDENT, "Zoë “Z” O'Neil, 张", NOW)
        await db.remember_name(guild, CLASSMATE, "Chen", NOW)
    await db.remember_name(GUILD, TEACHER, "Ms Rivera", NOW)
    await attempt(db, quiz, STUDENT, 3)
    await attempt(db, quiz, STUDENT, 1)  # a retake, unfinished
    await attempt(db, other_lesson, STUDENT, 2)
    await attempt(db, quiz, CLASSMATE, 3)
    await attempt(db, quiz, TEACHER, 3)  # the teacher tried it out
    await attempt(db, elsewhere, STUDENT, 3)
    await attempt(db, elsewhere, CLASSMATE, 3)
    await db.set_accommodation(quiz.id, STUDENT, 2, NOW + DAY, TEACHER)
    await db.set_accommodation(quiz.id, CLASSMATE, 1, None, TEACHER)
    await db.set_accommodation(elsewhere.id, STUDENT, 1, None, CLASSMATE)
    return quiz.id, elsewhere.id


async def test_forgetting_deletes_exactly_that_persons_rows_in_that_server(
    db: SQLiteDatabase, tmp_path: Path
):
    await a_class(db)
    path = path_of(tmp_path)
    before = tables(path)
    assert servers_naming(path, STUDENT) == {
        "people": {GUILD, OTHER_GUILD},
        "attempts": {GUILD, OTHER_GUILD},
        "accommodations": {GUILD, OTHER_GUILD},
    }
    held = await db.held(GUILD, STUDENT)

    gone = await db.forget(GUILD, STUDENT)

    assert gone == held == Forgotten(attempts=3, answers=6, names=1, accommodations=1, unlinked=0)
    assert servers_naming(path, STUDENT) == {
        "people": {OTHER_GUILD},
        "attempts": {OTHER_GUILD},
        "accommodations": {OTHER_GUILD},
    }
    # Everything else is exactly as it was: every row of every table, for everyone else and elsewhere.
    dropped = {a[0] for a in before["attempts"] if a[1] == GUILD and a[3] == STUDENT}
    in_guild = {q[0] for q in before["quizzes"] if q[1] == GUILD}
    expected = {
        **before,
        "attempts": [a for a in before["attempts"] if a[0] not in dropped],
        "answers": [r for r in before["answers"] if r[0] not in dropped],
        "people": [p for p in before["people"] if p[:2] != (GUILD, STUDENT)],
        "accommodations": [x for x in before["accommodations"] if not (x[0] in in_guild and x[1] == STUDENT)],
    }
    assert tables(path) == expected
    assert await db.held(GUILD, STUDENT) == Forgotten()


async def test_forgetting_a_teacher_keeps_the_class_records_without_their_id(
    db: SQLiteDatabase, tmp_path: Path
):
    quiz_id, _ = await a_class(db)
    path = path_of(tmp_path)

    gone = await db.forget(GUILD, TEACHER)

    # Their own try and name go; the two quizzes they opened and two notes they gave stay, unnamed.
    assert gone == Forgotten(attempts=1, answers=3, names=1, accommodations=0, unlinked=4)
    assert servers_naming(path, TEACHER) == {}
    assert len(await db.quizzes(GUILD)) == 2
    assert {x.user_id for x in (await db.accommodations(quiz_id)).values()} == {STUDENT, CLASSMATE}
    with sqlite3.connect(path) as raw:
        assert raw.execute(
            "SELECT DISTINCT opened_by FROM quizzes WHERE guild_id = ?", (GUILD,)
        ).fetchall() == [(NOBODY,)]
    assert await db.quizzes_opened_by(GUILD, TEACHER) == []
    assert await db.accommodations_granted_by(GUILD, TEACHER) == []


async def test_forgetting_someone_with_nothing_kept_deletes_nothing(db: SQLiteDatabase, tmp_path: Path):
    await a_class(db)
    before = tables(path_of(tmp_path))
    assert await db.forget(GUILD, 1_200_000_000_000_000_099) == Forgotten()
    assert await db.forget(OTHER_GUILD + 1, STUDENT) == Forgotten()
    assert tables(path_of(tmp_path)) == before


async def test_retention_deletes_attempts_by_their_last_activity(db: SQLiteDatabase, tmp_path: Path):
    quiz = await quiz_in(db, GUILD)
    elsewhere = await quiz_in(db, OTHER_GUILD)
    old, hour = NOW - 40 * DAY, timedelta(hours=1)
    finished_long_ago = await attempt(db, quiz, STUDENT, 3, at=old, gap=hour)
    answered_lately = await attempt(
        db, quiz, CLASSMATE, 1, at=old, gap=30 * DAY
    )  # unfinished, answer 10 days ago
    never_answered = await attempt(db, elsewhere, STUDENT, 0, at=old)
    finished_lately = await attempt(db, elsewhere, CLASSMATE, 3, at=old, gap=11 * DAY)  # finished 7 days ago
    just_at_the_limit = await attempt(db, quiz, TEACHER, 0, at=NOW - 30 * DAY)
    await db.remember_name(GUILD, STUDENT, "Zoë", old)  # not seen since, nothing left: the name goes
    await db.remember_name(OTHER_GUILD, STUDENT, "Zoë", NOW - DAY)  # seen lately: the name stays
    await db.remember_name(GUILD, CLASSMATE, "Chen", old)  # an attempt is left: the name stays

    swept = await db.sweep(NOW - 30 * DAY)

    assert swept == Swept(attempts=2, names=1)
    with sqlite3.connect(path_of(tmp_path)) as raw:
        left = {r[0] for r in raw.execute("SELECT id FROM attempts")}
        answered = {r[0] for r in raw.execute("SELECT DISTINCT attempt_id FROM answers")}
        people = set(raw.execute("SELECT guild_id, user_id FROM people").fetchall())
    assert left == {answered_lately.id, finished_lately.id, just_at_the_limit.id}
    assert finished_long_ago.id not in left
    assert never_answered.id not in left
    assert answered == {
        answered_lately.id,
        finished_lately.id,
    }  # the deleted attempts' answers went with them
    assert people == {(OTHER_GUILD, STUDENT), (GUILD, CLASSMATE)}
    assert await db.sweep(NOW - 30 * DAY) == Swept(0, 0)
