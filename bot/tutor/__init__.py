"""What the bot does, without Discord: lessons and their versions, teachers' quizzes, students' attempts.

The Discord layer parses an interaction, calls one method here and renders what comes back.
Everything a user did wrong arrives as a UserError with a message meant for them.
"""

from __future__ import annotations

from bot.clock import Clock, SystemClock
from bot.content import LessonLibrary
from bot.storage import Database
from bot.tutor.lessons import Lessons
from bot.tutor.privacy import Privacy
from bot.tutor.reports import ReportFiles, Reports
from bot.tutor.screens import ClosedQuiz, Offer, ProgressLine, ReviewPage, Step, Who
from bot.tutor.sessions import Sessions
from bot.tutor.teaching import Opened, RulesText, Teaching

__all__ = [
    "ClosedQuiz",
    "Offer",
    "Opened",
    "ProgressLine",
    "ReportFiles",
    "ReviewPage",
    "RulesText",
    "Step",
    "Tutor",
    "Who",
]


class Tutor:
    """The bot's services over one database and one clock."""

    def __init__(self, library: LessonLibrary, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.lessons = Lessons(library, db, self.clock)
        self.sessions = Sessions(self.lessons, db, self.clock)
        self.teaching = Teaching(self.lessons, db, self.clock)
        self.reports = Reports(self.lessons, db)
        self.privacy = Privacy(self.lessons, db, self.clock, self.teaching.deadlines_moved)

    @property
    def library(self) -> LessonLibrary:
        return self.lessons.library

    async def start(self) -> None:
        """Record the served lessons' versions; run once before serving clicks."""
        await self.lessons.register()
