"""Which engine keeps the data: PostgreSQL when DATABASE_URL is set, otherwise the SQLite file."""

from __future__ import annotations

import asyncpg

from bot.config import PoolOptions, Settings, shown_url
from bot.errors import HostError
from bot.storage import postgres, sqlite
from bot.storage.interface import Storage

__all__ = ["open_postgres", "open_storage", "shown_url"]


async def open_postgres(url: str, options: PoolOptions | None = None) -> postgres.PostgresDatabase:
    """Open a PostgreSQL database; a server that cannot be reached or refuses us is one HostError line."""
    try:
        return await postgres.PostgresDatabase.open(url, options)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise HostError(f"cannot open the database at {shown_url(url)} ({exc})") from None


async def open_storage(settings: Settings) -> Storage:
    """The storage the settings name, opened and migrated to this code's schema."""
    if settings.database_url:
        return await open_postgres(settings.database_url, settings.pool)
    return await sqlite.SQLiteDatabase.open(settings.database_path)
