"""Storage fixtures: every engine, on a real SQLite file and a real PostgreSQL (see tests/postgres.py)."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import PostgresDatabase, SQLiteDatabase, Storage
from tests.postgres import fresh_postgres_url, new_database, postgres_url, server_url

__all__ = ["fresh_postgres_url", "postgres_url"]
ENGINES = ["sqlite", "postgres"]


@pytest.fixture(params=ENGINES)
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    """The storage on each engine in turn: the same tests, the same answers."""
    if request.param == "sqlite":
        database = await SQLiteDatabase.open(tmp_path / "data" / "tutor.sqlite3")
        yield database
        await database.close()
        return
    # Not `fresh_postgres_url`: an async fixture cannot ask for another async fixture by name.
    async with new_database(server_url(os.environ)) as url:
        postgres = await PostgresDatabase.open(url)
        yield postgres
        await postgres.close()
