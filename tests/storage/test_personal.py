"""The declaration of every place a person is kept (bot/storage/personal.py) is complete, and forget,
held, /mydata's reads and the sweep follow it, on both engines."""

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.quiz.rules import QuizRules
from bot.report.model import SchoolId
from bot.storage import SQLiteDatabase, Storage
from bot.storage.interface import Storage as StorageProtocol
from bot.storage.personal import KEPT, NOBODY, OnForget, Retention
from bot.storage.records import Forgotten
from bot.storage.sql.dialect import sql
from tests.storage.review_rows import reviewed
from tests.storage.schema import sqlite_schema

GUILD, OTHER, CHANNEL = 10, 11, 20
PERSON, STUDENT = 1_234_567_890_123_456_789, 40
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def _names_a_person(column: str) -> bool:
    return column == "user_id" or column.endswith("_by")


async def test_every_column_that_names_a_person_is_declared(tmp_path: Path):
    path = tmp_path / "tutor.sqlite3"
    await (await SQLiteDatabase.open(path)).close()
    declared = {(kept.table, kept.column) for kept in KEPT}
    in_schema = {
        (name, column)
        for name, table in sqlite_schema(path).items()
        for column in table.columns
        if _names_a_person(column)
    }
    assert in_schema <= declared, f"declare these in bot/storage/personal.py: {in_schema - declared}"


def test_each_entry_names_a_storage_method_and_a_field_of_forgotten():
    counted = {field.name for field in fields(Forgotten)}
    for kept in KEPT:
        assert kept.counted_as in counted, kept
        assert callable(getattr(StorageProtocol, kept.exported_by, None)), kept


async def _everything_about(db: Storage, person: int) -> None:
    """A row of every kind the declaration names, about `person`, in GUILD and in OTHER."""
    for guild in (GUILD, OTHER):
        quiz, _ = await db.open_quiz(
            guild, "fine-tuning", CHANNEL, person, version_id=None, rules=QuizRules(), now=NOW
        )
        attempt = await db.start_attempt(
            quiz, person, seed=1, question_count=2, version_id=None, by_teacher=True, now=NOW
        )
        assert attempt is not None
        assert await db.record_answer(attempt.id, 0, 0, 0, correct=True, now=NOW)
        await db.remember_name(guild, person, "Ms Rivera", NOW)
        await db.set_accommodation(quiz.id, person, 1, None, person)  # extra time they gave themselves
        await db.set_accommodation(quiz.id, STUDENT, 1, NOW + timedelta(days=1), person)
        version = await db.lesson_version("volcanoes", f"hash-{guild}", "{}", NOW)
        assert await db.publish_lesson(guild, "volcanoes", version, person, NOW, cap=50)
        await db.add_draft(guild, person, "volcanoes.toml", "{}", NOW)
        await db.add_pending(guild, person, "time-choice", "{}", NOW)
        await db.replace_school_ids(guild, {person: SchoolId("S-7", "rivera@school.example")})
        live = await db.start_live(
            guild,
            CHANNEL,
            "fine-tuning",
            person,
            version_id=None,
            question_count=1,
            teams=0,
            anonymous=False,
            now=NOW,
        )
        assert live is not None
        assert await db.live_answer(
            live.id, 0, person, 0, question_index=0, correct=True, text="mine", by_teacher=True, now=NOW
        )
        await reviewed(db, guild, person, NOW)


async def _rows(db: Storage, guild: int, person: int) -> dict[tuple[str, str], int]:
    found = {}
    for kept in KEPT:
        row = await db._read_one(  # type: ignore[attr-defined]
            sql(f"SELECT COUNT(*) FROM {kept.table} WHERE {kept.where}"),  # noqa: S608 - names from KEPT
            guild=guild,
            user=person,
        )
        found[kept.table, kept.column] = int(row[0])
    return found


async def test_forget_leaves_nothing_any_entry_names_and_held_counted_it_all(db: Storage):
    await _everything_about(db, PERSON)
    before = await _rows(db, GUILD, PERSON)
    assert all(before.values()), f"the scenario misses a kind: {before}"
    for kept in KEPT:  # /mydata reads every kind
        assert await getattr(db, kept.exported_by)(GUILD, PERSON), kept.exported_by

    held = await db.held(GUILD, PERSON)
    gone = await db.forget(GUILD, PERSON)
    assert gone == held
    assert sum(getattr(gone, f.name) for f in fields(Forgotten)) == sum(before.values())
    assert set((await _rows(db, GUILD, PERSON)).values()) == {0}
    assert all((await _rows(db, OTHER, PERSON)).values()), "another server's rows stay"
    for kept in KEPT:
        assert not await getattr(db, kept.exported_by)(GUILD, PERSON), kept.exported_by
    unlinked = [k for k in KEPT if k.on_forget is OnForget.UNLINK]
    for kept in unlinked:  # the class's records stay, naming nobody
        row = await db._read_one(  # type: ignore[attr-defined]
            sql(f"SELECT COUNT(*) FROM {kept.table} WHERE {kept.column} = :nobody"),  # noqa: S608
            nobody=NOBODY,
        )
        assert int(row[0]) >= 1, kept


async def test_the_sweep_deletes_what_the_declaration_says_it_does(db: Storage):
    await _everything_about(db, PERSON)
    swept = await db.sweep(NOW + timedelta(days=1))
    after = await _rows(db, GUILD, PERSON)
    for kept in KEPT:
        if kept.retention in (
            Retention.LAST_ACTIVITY,
            Retention.WITH_ATTEMPT,
            Retention.NOT_SEEN,
            Retention.REVIEWED,
        ):
            assert after[kept.table, kept.column] == 0, kept
    assert (swept.attempts, swept.names) == (2, 2)
    assert swept.reviews == 4  # an item and its answer, in each of the two servers
