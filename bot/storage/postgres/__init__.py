"""The PostgreSQL engine (asyncpg, a pool of connections): for several bot processes on one database."""

from bot.storage.postgres.clicks import ClickStatements
from bot.storage.postgres.engine import Engine
from bot.storage.sql.attempts import AttemptStatements
from bot.storage.sql.lessons import LessonStatements
from bot.storage.sql.live import LiveStatements
from bot.storage.sql.pending import PendingStatements
from bot.storage.sql.people import PeopleStatements
from bot.storage.sql.privacy import PrivacyStatements
from bot.storage.sql.quizzes import QuizStatements
from bot.storage.sql.review import ReviewStatements
from bot.storage.sql.review_cards import ReviewCardStatements


class PostgresDatabase(
    AttemptStatements,
    QuizStatements,
    PeopleStatements,
    PendingStatements,
    LessonStatements,
    PrivacyStatements,
    ClickStatements,
    LiveStatements,
    ReviewStatements,
    ReviewCardStatements,
    Engine,
):
    """A PostgreSQL database: the shared statements on PostgreSQL's engine. Open with `open`, close with
    `close`."""


__all__ = ["PostgresDatabase"]
