"""The lessons served now, and every version of them that quizzes and attempts were pinned to."""

from __future__ import annotations

from bot.clock import Clock
from bot.content import Lesson, LessonLibrary
from bot.content.record import content_hash, from_record, to_record
from bot.errors import UserError
from bot.storage import QuizRecord, Storage


class Lessons:
    def __init__(self, library: LessonLibrary, db: Storage, clock: Clock) -> None:
        self.library = library
        self._db = db
        self._clock = clock
        self._current: dict[str, int] = {}
        # Versions never change once recorded, so each is parsed from the database at most once.
        self._versions: dict[int, Lesson] = {}

    async def register(self, library: LessonLibrary | None = None) -> None:
        """Record the content of every served lesson as a version, and serve `library` from now on."""
        library = self.library if library is None else library
        current: dict[str, int] = {}
        for lesson in library.values():
            version_id = await self._db.lesson_version(
                lesson.id, content_hash(lesson), to_record(lesson), self._clock.now()
            )
            await self._db.pin_unversioned(lesson.id, version_id)
            current[lesson.id] = version_id
            self._versions[version_id] = lesson
        self.library, self._current = library, current

    def lesson(self, lesson_id: str) -> Lesson:
        """A served lesson, for a teacher who named it."""
        try:
            return self.library[lesson_id]
        except KeyError:
            raise UserError(
                f"There is no lesson called {lesson_id!r}. Pick one from the list as you type."
            ) from None

    def current(self, lesson_id: str) -> tuple[int | None, Lesson] | None:
        """The served content of a lesson and its version id; None if the lesson is no longer served."""
        lesson = self.library.get(lesson_id)
        return None if lesson is None else (self._current.get(lesson_id), lesson)

    async def version(self, version_id: int | None, lesson_id: str) -> Lesson | None:
        """The content an attempt or quiz was pinned to, whatever has happened to the file since."""
        if version_id is None:
            return self.library.get(lesson_id)
        if version_id not in self._versions:
            stored = await self._db.version(version_id)
            if stored is None:
                return None
            self._versions[version_id] = from_record(stored.content)
        return self._versions[version_id]

    async def of_quiz(self, quiz: QuizRecord) -> Lesson | None:
        """What a quiz shows: the lesson as served now, else the version it was opened with."""
        current = self.current(quiz.lesson_id)
        if current is not None:
            return current[1]
        return await self.version(quiz.version_id, quiz.lesson_id)

    async def title(self, quiz: QuizRecord) -> str:
        lesson = await self.of_quiz(quiz)
        return quiz.lesson_id if lesson is None else lesson.title
