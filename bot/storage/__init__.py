"""Storage: every SQL statement, behind methods named for what they guarantee; numbered migrations.

`Storage` is the interface; `open_storage(settings)` picks the engine (SQLite by default, PostgreSQL when
DATABASE_URL is set). `Database` is the SQLite engine, as before.
"""

from bot.storage.engines import open_storage
from bot.storage.interface import Storage
from bot.storage.migrator import MigrationError
from bot.storage.postgres import Database as PostgresDatabase
from bot.storage.records import (
    Accommodation,
    AttemptRecord,
    AttemptState,
    AttemptWithAnswers,
    GuildSettings,
    QuizRecord,
)
from bot.storage.sqlite import Database

__all__ = [
    "Accommodation",
    "AttemptRecord",
    "AttemptState",
    "AttemptWithAnswers",
    "Database",
    "GuildSettings",
    "MigrationError",
    "PostgresDatabase",
    "QuizRecord",
    "Storage",
    "open_storage",
]
