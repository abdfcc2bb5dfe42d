"""A Tutor on a real SQLite file, with a clock the tests move."""

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.content import Lesson, LessonLibrary
from bot.storage import SQLiteDatabase, Storage
from bot.tutor import Step, Tutor, Who
from bot.tutor.teaching import RulesText
from tests.clock import ManualClock

GUILD, OTHER_GUILD, CHANNEL, OTHER_CHANNEL = 1, 2, 3, 33
TEACHER = Who(GUILD, 4, "Ms Rivera", is_teacher=True)
ALICE = Who(GUILD, 5, "Alice")
BOB = Who(GUILD, 6, "Bob")
HOUR = timedelta(hours=1)


class Counted:
    """The real storage, counting the calls a click makes."""

    def __init__(self, db: Storage) -> None:
        self.db = db
        self.calls: list[str] = []

    def __getattr__(self, name: str):
        self.calls.append(name)
        return getattr(self.db, name)


@contextlib.asynccontextmanager
async def tutor_teaching(lesson: Lesson, tmp_path: Path, clock: ManualClock) -> AsyncIterator[Tutor]:
    """A started Tutor with one lesson, on a real SQLite file in `tmp_path`."""
    db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
    tutor = Tutor(LessonLibrary({lesson.id: lesson}), db, clock)
    await tutor.start()
    try:
        yield tutor
    finally:
        await db.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def tutor(tmp_path: Path, fine_tuning: Lesson, clock: ManualClock) -> AsyncIterator[Tutor]:
    db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
    tutor = Tutor(LessonLibrary({fine_tuning.id: fine_tuning}), db, clock)
    await tutor.start()
    yield tutor
    await db.close()


async def open_quiz(tutor: Tutor, channel: int = CHANNEL, **rules: object) -> int:
    opened = await tutor.teaching.open_quiz(TEACHER, "fine-tuning", channel, RulesText(**rules))  # type: ignore[arg-type]
    return opened.quiz.id


def right_slot(step: Step) -> int:
    assert step.question is not None
    question = next(q for q in step.lesson.questions if q.prompt == step.question.prompt)
    return step.question.options.index(question.answer)


async def finish(tutor: Tutor, step: Step, who: Who = ALICE, *, right: bool = True) -> Step:
    while step.question is not None:
        slot = right_slot(step) if right else (right_slot(step) + 1) % len(step.question.options)
        step = await tutor.sessions.answer(
            who.guild_id, step.attempt_id, who.user_id, step.question.position, slot
        )
    return step
