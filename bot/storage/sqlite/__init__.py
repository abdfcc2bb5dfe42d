"""The SQLite engine (aiosqlite): the embedded default."""

from bot.storage.sql.attempts import AttemptStatements
from bot.storage.sql.lessons import LessonStatements
from bot.storage.sql.live import LiveStatements
from bot.storage.sql.pending import PendingStatements
from bot.storage.sql.people import PeopleStatements
from bot.storage.sql.privacy import PrivacyStatements
from bot.storage.sql.quizzes import QuizStatements
from bot.storage.sql.review import ReviewStatements
from bot.storage.sql.review_cards import ReviewCardStatements
from bot.storage.sqlite.clicks import ClickStatements
from bot.storage.sqlite.live_clicks import LiveClickStatements


class SQLiteDatabase(
    AttemptStatements,
    QuizStatements,
    PeopleStatements,
    PendingStatements,
    LessonStatements,
    PrivacyStatements,
    ClickStatements,
    LiveClickStatements,
    LiveStatements,
    ReviewStatements,
    ReviewCardStatements,
):
    """The bot's SQLite file: the shared statements on SQLite's engine. Open with `open`; `close`."""


__all__ = ["SQLiteDatabase"]
