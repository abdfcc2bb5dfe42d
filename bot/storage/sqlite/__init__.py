"""The SQLite engine (aiosqlite): the embedded default."""

from bot.storage.sqlite.attempts import AttemptStatements
from bot.storage.sqlite.clicks import ClickStatements
from bot.storage.sqlite.lessons import LessonStatements
from bot.storage.sqlite.people import PeopleStatements
from bot.storage.sqlite.privacy import PrivacyStatements
from bot.storage.sqlite.quizzes import QuizStatements


class Database(
    AttemptStatements, QuizStatements, PeopleStatements, LessonStatements, PrivacyStatements, ClickStatements
):
    """The bot's SQLite file, holding every statement the bot runs. Open with `open`, close with `close`."""


__all__ = ["Database"]
