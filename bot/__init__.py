"""A classroom tutor bot for Discord: lessons, private button quizzes, progress in SQLite."""
