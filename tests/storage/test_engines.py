"""DATABASE_URL picks PostgreSQL, otherwise the SQLite file; a password never reaches a message."""

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import HostError
from bot.storage import PostgresDatabase, SQLiteDatabase, open_storage
from bot.storage.engines import shown_url


def test_a_password_is_never_shown():
    assert shown_url("postgresql://tutor:s3cret@db:5432/tutor") == "postgresql://tutor:***@db:5432/tutor"
    assert shown_url("postgresql://tutor@db/tutor") == "postgresql://tutor@db/tutor"


async def test_the_settings_pick_the_engine(tmp_path: Path, fresh_postgres_url: str):
    lite = await open_storage(load_settings({"DATABASE_PATH": str(tmp_path / "t.sqlite3")}, env_file=None))
    assert isinstance(lite, SQLiteDatabase)
    await lite.close()
    pg = await open_storage(load_settings({"DATABASE_URL": fresh_postgres_url}, env_file=None))
    assert isinstance(pg, PostgresDatabase)
    await pg.close()


async def test_an_unreachable_server_is_one_line_without_the_password():
    settings = load_settings({"DATABASE_URL": "postgresql://tutor:s3cret@127.0.0.1:9/x"}, env_file=None)
    with pytest.raises(
        HostError, match=r"cannot open the database at postgresql://tutor:\*\*\*@127.0.0.1:9/x"
    ) as info:
        await open_storage(settings)
    assert "s3cret" not in str(info.value)
