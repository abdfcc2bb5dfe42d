"""Storage: every SQL statement, behind methods named for what they guarantee; numbered migrations."""

from bot.storage.records import (
    Accommodation,
    AttemptRecord,
    AttemptState,
    AttemptWithAnswers,
    GuildSettings,
    QuizRecord,
)
from bot.storage.sqlite import Database, MigrationError

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
