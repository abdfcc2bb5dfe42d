"""Storage: every SQL statement, behind methods named for what they guarantee; numbered migrations."""

from bot.storage.database import Database, MigrationError
from bot.storage.records import (
    Accommodation,
    AttemptRecord,
    AttemptState,
    AttemptWithAnswers,
    GuildSettings,
    QuizRecord,
)

__all__ = [
    "Accommodation",
    "AttemptRecord",
    "AttemptState",
    "AttemptWithAnswers",
    "Database",
    "GuildSettings",
    "MigrationError",
    "QuizRecord",
]
