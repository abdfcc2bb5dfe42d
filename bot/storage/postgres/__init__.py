"""The PostgreSQL engine (asyncpg, a pool of connections): for several bot processes on one database."""

from bot.storage.postgres.attempts import AttemptStatements
from bot.storage.postgres.clicks import ClickStatements
from bot.storage.postgres.lessons import LessonStatements
from bot.storage.postgres.people import PeopleStatements
from bot.storage.postgres.privacy import PrivacyStatements
from bot.storage.postgres.quizzes import QuizStatements


class Database(
    AttemptStatements, QuizStatements, PeopleStatements, LessonStatements, PrivacyStatements, ClickStatements
):
    """A PostgreSQL database holding every statement the bot runs. Open with `open`, close with `close`."""


__all__ = ["Database"]
