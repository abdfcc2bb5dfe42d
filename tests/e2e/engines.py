"""Both engines for a real bot process: a scenario asks for `engine` and passes it to bot_process."""

from collections.abc import AsyncIterator

import pytest

from tests.postgres import new_database, postgres_url

__all__ = ["engine", "postgres_url"]


@pytest.fixture(params=["sqlite", "postgres"])
async def engine(request: pytest.FixtureRequest) -> AsyncIterator[dict[str, str]]:
    """The bot's environment for its database: the SQLite file beside it, or a PostgreSQL database of the
    test's own (dropped after)."""
    if request.param == "sqlite":
        yield {}
        return
    async with new_database(request.getfixturevalue("postgres_url")) as url:
        yield {"DATABASE_URL": url}
