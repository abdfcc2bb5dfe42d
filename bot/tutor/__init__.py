"""What the bot does, without Discord: lessons and their versions, teachers' quizzes, students' attempts.

The Discord layer parses an interaction, calls one method here and renders what comes back.
Everything a user did wrong arrives as a UserError with a message meant for them.
"""

from __future__ import annotations

from pathlib import Path

from bot.clock import Clock, SystemClock
from bot.content import LessonLibrary
from bot.storage import Storage
from bot.tutor.classes import Classes
from bot.tutor.deadlines import Deadlines
from bot.tutor.lessons import Lessons, Reloaded
from bot.tutor.live import Live
from bot.tutor.privacy import Privacy
from bot.tutor.redemption import Redemption
from bot.tutor.reports import ReportFiles, Reports
from bot.tutor.review import Review
from bot.tutor.screens import ClosedQuiz, Offer, ProgressLine, ReviewPage, Step, Who
from bot.tutor.sessions import Sessions
from bot.tutor.teaching import Opened, RulesText, Teaching
from bot.tutor.uploads import InUse, Preview, Published, Removed, Uploads

__all__ = [
    "ClosedQuiz",
    "InUse",
    "Offer",
    "Opened",
    "Preview",
    "ProgressLine",
    "Published",
    "Reloaded",
    "Removed",
    "ReportFiles",
    "ReviewPage",
    "RulesText",
    "Step",
    "Tutor",
    "Who",
]


class Tutor:
    """The bot's services over one database and one clock."""

    def __init__(
        self, library: LessonLibrary, db: Storage, clock: Clock | None = None, folder: Path | None = None
    ) -> None:
        """`folder` is where `library` was read from, to read again on `/lesson reload`; None if nowhere."""
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.lessons = Lessons(library, db, self.clock, folder)
        self.uploads = Uploads(self.lessons, db, self.clock)
        self.sessions = Sessions(self.lessons, db, self.clock)
        self.teaching = Teaching(self.lessons, db, self.clock)
        self.deadlines = Deadlines(self.lessons, db, self.clock)
        self.classes = Classes(db)
        self.reports = Reports(self.lessons, db)
        self.live = Live(self.lessons, db, self.clock)
        self.review = Review(self.lessons, db, self.clock)
        self.redemption = Redemption(self.lessons, db, self.clock, self.review.feed)
        # A live class's End feeds spaced review, as a self-paced quiz's tries do.
        self.live.review_hook = self.review.feed.live_ended
        self.privacy = Privacy(self.lessons, db, self.clock, self.teaching.deadlines_moved)

    @property
    def library(self) -> LessonLibrary:
        return self.lessons.library

    async def start(self) -> None:
        """Record the served lessons' versions; run once before serving clicks."""
        await self.lessons.register()
