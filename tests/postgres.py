"""A real PostgreSQL for the tests: the server `scripts/test` starts, and a new empty database per test.

Use the fixtures from a conftest (`tests/storage/conftest.py` re-exports them):
`postgres_url` is the server's admin database; `fresh_postgres_url` is a database of the test's own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

NOT_RUNNING = "PostgreSQL not running: TEST_DATABASE_URL is not set (scripts/test starts one)"


def in_ci(environ: Mapping[str, str]) -> bool:
    return environ.get("CI", "").lower() in {"true", "1"}


def server_url(environ: Mapping[str, str]) -> str:
    """TEST_DATABASE_URL; without it the test is skipped, or failed under CI, which must test both engines."""
    url = environ.get("TEST_DATABASE_URL", "")
    if url:
        return url
    if in_ci(environ):
        pytest.fail(f"{NOT_RUNNING}; CI needs it", pytrace=False)
    pytest.skip(NOT_RUNNING)


def with_database(url: str, name: str) -> str:
    """The same server and user, another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def _admin(server: str, statement: str) -> None:
    connection = await asyncpg.connect(server)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@asynccontextmanager
async def new_database(server: str) -> AsyncIterator[str]:
    """A new empty database on `server` for the block; dropped after, even with clients still connected."""
    # A random name keeps concurrent runs against one server (two checkouts, a shared CI server) apart.
    name = f"test_{uuid.uuid4().hex}"
    await _admin(server, f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server, name)
    finally:
        await _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's admin database (skips, or fails under CI, without one)."""
    return server_url(os.environ)


@pytest.fixture
async def fresh_postgres_url(postgres_url: str) -> AsyncIterator[str]:
    """A database of this test's own, empty, dropped after the test."""
    async with new_database(postgres_url) as url:
        yield url
