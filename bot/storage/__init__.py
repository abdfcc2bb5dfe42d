"""Storage: every SQL statement, behind methods named for what they guarantee; numbered migrations.

`Storage` is the interface; `open_storage(settings)` picks the engine (SQLite by default, PostgreSQL when
DATABASE_URL is set), `SQLiteDatabase` and `PostgresDatabase` each engine.
"""

from bot.storage.engines import open_storage
from bot.storage.interface import Storage
from bot.storage.migrator import MigrationError
from bot.storage.postgres import PostgresDatabase
from bot.storage.records import (
    Accommodation,
    AttemptRecord,
    AttemptState,
    AttemptWithAnswers,
    GuildSettings,
    QuizRecord,
)
from bot.storage.sqlite import SQLiteDatabase

__all__ = [
    "Accommodation",
    "AttemptRecord",
    "AttemptState",
    "AttemptWithAnswers",
    "GuildSettings",
    "MigrationError",
    "PostgresDatabase",
    "QuizRecord",
    "SQLiteDatabase",
    "Storage",
    "open_storage",
]
