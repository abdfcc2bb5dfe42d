"""Shared fixtures: the bundled lessons, a temp database, and a classroom on a Discord stand-in."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.client import serve
from bot.config import load_settings
from bot.content import Lesson, load_library
from tests.clock import ManualClock
from tests.fake_discord import FakeDiscord, Person

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "data" / "lessons"


@pytest.fixture(scope="session")
def fine_tuning() -> Lesson:
    library, problems = load_library(LESSONS)
    assert not problems
    return library["fine-tuning"]


@pytest.fixture
def lessons_folder(tmp_path: Path) -> Path:
    """A folder holding a copy of the fine-tuning lesson, the test's own to change, rename and break.

    Only that lesson: the tests count the lessons served and read, and were written for it alone."""
    (tmp_path / "lessons").mkdir()
    shutil.copy(LESSONS / "fine-tuning.toml", tmp_path / "lessons")
    return tmp_path / "lessons"


@dataclass
class Classroom:
    fake: FakeDiscord
    teacher: Person
    students: list[Person]
    database: Path
    clock: ManualClock

    @property
    def alice(self) -> Person:
        return self.students[0]

    @property
    def bob(self) -> Person:
        return self.students[1]


def bot_environment(fake: FakeDiscord, database: Path) -> dict[str, str]:
    """The environment a host would set, pointing the bot at the stand-in."""
    return {
        "DISCORD_TOKEN": fake.token,
        "DATABASE_PATH": str(database),
        "LESSONS_DIR": str(LESSONS),
        "DEV_GUILD_ID": str(fake.guild_id),
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def environment_changes(request: pytest.FixtureRequest) -> dict[str, str]:
    """Overrides of the bot's environment for one test (parametrize indirectly to change it)."""
    return dict(getattr(request, "param", {}))


@pytest.fixture
async def classroom(
    fake: FakeDiscord, tmp_path: Path, environment_changes: dict[str, str]
) -> AsyncIterator[Classroom]:
    """The real bot, in this process, connected to the stand-in, with a teacher and three students."""
    async with running_classroom(fake, tmp_path, environment_changes) as room:
        yield room


@contextlib.asynccontextmanager
async def running_classroom(
    fake: FakeDiscord, tmp_path: Path, environment_changes: dict[str, str] | None = None
) -> AsyncIterator[Classroom]:
    """The classroom fixture, for a test that sets the stand-in up before the bot connects."""
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    students = [Person(fake, fake.add_member(name)) for name in ("Alice", "Bob", "Chen")]
    database = tmp_path / "tutor.sqlite3"
    environment = {**bot_environment(fake, database), **(environment_changes or {})}
    settings = load_settings(environment, env_file=None)
    library, _ = load_library(settings.lessons_dir)
    clock = ManualClock()
    task = asyncio.create_task(serve(settings, library, clock))
    try:
        await fake.wait_connected()
    except TimeoutError:
        if task.done():
            task.result()
        raise
    try:
        yield Classroom(fake, teacher, students, database, clock)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
