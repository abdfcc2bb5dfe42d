"""Storage: one Database class holding every SQL statement, and numbered migrations."""

from bot.storage.database import AttemptRecord, Database, MigrationError, QuizRecord

__all__ = ["AttemptRecord", "Database", "MigrationError", "QuizRecord"]
