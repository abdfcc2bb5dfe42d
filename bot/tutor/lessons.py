"""The lessons each server is served, the folder's and its own, and every version that quizzes and
attempts were pinned to."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock
from bot.content import Lesson, LessonLibrary, Question
from bot.content.loader import Problem, read_folder
from bot.content.record import from_record, record_hash, to_record
from bot.errors import UserError
from bot.i18n import text
from bot.storage import QuizRecord, Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reloaded:
    """What re-reading the lessons folder changed. Lesson ids, sorted."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    gone: tuple[str, ...]  # their files were deleted, or no longer hold that id
    kept: tuple[str, ...]  # their files are broken now, so their last good version is still served
    problems: tuple[Problem, ...]
    served: int


class Lessons:
    def __init__(self, library: LessonLibrary, db: Storage, clock: Clock, folder: Path | None = None) -> None:
        self.library = library  # the folder's lessons, served to every server
        self.folder = folder
        self._db = db
        self._clock = clock
        self._current: dict[str, int] = {}
        # Versions never change once recorded, so each is parsed from the database at most once.
        self._versions: dict[int, Lesson] = {}
        self._reloading = asyncio.Lock()

    async def register(self, library: LessonLibrary | None = None) -> None:
        """Record the content of every lesson of the folder as a version, and serve `library` from now on."""
        library = self.library if library is None else library
        current: dict[str, int] = {}
        for lesson in library.values():
            record = to_record(lesson)
            known = await self._db.latest_version(lesson.id)
            if known is not None and known.hash == record_hash(record):
                # Read, not written: a start or reload of unchanged files takes no write lock.
                version_id = known.id
                self._versions[version_id] = lesson
            else:
                version_id = await self.record(lesson, record)
                await self._db.pin_unversioned(lesson.id, version_id)
            current[lesson.id] = version_id
        # Swapped in one step after every await: a click in between sees the old lessons or the new, whole.
        self.library, self._current = library, current

    async def reload(self) -> Reloaded:
        """Re-read the folder: new and changed files are served; a broken file's lesson keeps its last good
        version. Clicks go on meanwhile: every attempt is pinned to its version."""
        if self.folder is None:
            raise UserError(text("lessons.no_folder"))
        async with self._reloading:
            # Reading files is blocking I/O; clicks are served meanwhile.
            read = await asyncio.to_thread(read_folder, self.folder)
            lessons, files = dict(read.lessons), dict(read.files)
            kept = []
            old = self.library
            for lesson_id, lesson in old.items():
                if lesson_id not in lessons and old.files.get(lesson_id) in read.broken:
                    lessons[lesson_id], files[lesson_id] = lesson, old.files[lesson_id]
                    kept.append(lesson_id)
            await self.register(LessonLibrary(lessons, files))
        return Reloaded(
            added=tuple(sorted(set(lessons) - set(old))),
            changed=tuple(sorted(i for i in lessons if i in old and old[i] != lessons[i])),
            gone=tuple(sorted(set(old) - set(lessons))),
            kept=tuple(sorted(kept)),
            problems=tuple(read.problems),
            served=len(lessons),
        )

    async def record(self, lesson: Lesson, record: str | None = None) -> int:
        """The version id of this content, recording it the first time it is seen."""
        record = to_record(lesson) if record is None else record
        version_id = await self._db.lesson_version(lesson.id, record_hash(record), record, self._clock.now())
        self._versions[version_id] = lesson
        return version_id

    async def served(self, guild_id: int, *, own_only: bool = False) -> dict[str, Lesson]:
        """Every lesson a server's teachers can pick, by id: the folder's and the server's own (or only
        the server's own)."""
        own = {
            row.lesson_id: await self._content(row.version_id)
            for row in await self._db.server_lessons(guild_id)
        }
        if own_only:
            return dict(sorted(own.items()))
        # A server's own lesson wins over a folder lesson given its id later: its quizzes are of the server's.
        return dict(sorted({**self.library, **own}.items()))

    async def search(
        self, guild_id: int, text: str, limit: int = 25, *, own_only: bool = False
    ) -> list[Lesson]:
        """The server's lessons whose id or title contains `text`, for autocomplete."""
        return LessonLibrary(await self.served(guild_id, own_only=own_only)).search(text, limit)

    async def named(self, guild_id: int, lesson_id: str) -> tuple[int | None, Lesson]:
        """A lesson served to a server, for a teacher who named it, and its version id."""
        found, removed = await self._pick(guild_id, lesson_id)
        if found is not None and not removed:
            return found
        raise UserError(text("lessons.removed" if removed else "lessons.no_such", lesson=lesson_id))

    async def lesson(self, guild_id: int, lesson_id: str) -> Lesson:
        """A lesson served to a server, for a teacher who named it."""
        return (await self.named(guild_id, lesson_id))[1]

    async def current(self, guild_id: int, lesson_id: str) -> tuple[int | None, Lesson] | None:
        """The content a new try at a server's quiz of this lesson starts on, and its version id; None if
        the lesson is gone. A removed server lesson still serves the quizzes opened before."""
        return (await self._pick(guild_id, lesson_id))[0]

    async def _pick(self, guild_id: int, lesson_id: str) -> tuple[tuple[int | None, Lesson] | None, bool]:
        """What a lesson id means in a server, and whether that is a lesson the server removed.

        The server's own lesson first, then the folder's, then (for quizzes opened before) a removed own one:
        the same order for the teacher who names it and for the students who start its quiz.
        """
        own = await self._db.server_lesson(guild_id, lesson_id)
        if own is not None and own.removed_at is None:
            return (own.version_id, await self._content(own.version_id)), False
        if lesson_id in self.library:
            return (self._current.get(lesson_id), self.library[lesson_id]), False
        if own is not None:
            return (own.version_id, await self._content(own.version_id)), True
        return None, False

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

    async def _content(self, version_id: int) -> Lesson:
        lesson = await self.version(version_id, "")
        assert lesson is not None, "a server lesson's version is kept by a foreign key"
        return lesson

    async def questions_by_key(
        self, guild_id: int, lesson_ids: Iterable[str]
    ) -> dict[tuple[str, str], tuple[Lesson, Question]]:
        """The questions of these lessons as the server serves them now, each with its lesson, by (lesson
        id, question key): how spaced review finds an item's question. Each lesson is read once."""
        found: dict[tuple[str, str], tuple[Lesson, Question]] = {}
        for lesson_id in set(lesson_ids):
            current = await self.current(guild_id, lesson_id)
            if current is not None:
                lesson = current[1]
                found |= {(lesson_id, q.key): (lesson, q) for q in lesson.questions}
        return found

    async def of_quiz(self, quiz: QuizRecord) -> Lesson | None:
        """What a quiz shows: the lesson as served now, else the version it was opened with."""
        current = await self.current(quiz.guild_id, quiz.lesson_id)
        if current is not None:
            return current[1]
        return await self.version(quiz.version_id, quiz.lesson_id)

    async def title(self, quiz: QuizRecord) -> str:
        lesson = await self.of_quiz(quiz)
        return quiz.lesson_id if lesson is None else lesson.title


async def reload_lessons(lessons: Lessons) -> Reloaded:
    """Read the lessons folder again, and log what changed and every problem for the host."""
    reloaded = await lessons.reload()
    for problem in reloaded.problems:
        log.warning("Lesson file problem: %s", problem)
    log.info(
        "Lessons read again: %d served; new %s, changed %s, gone %s, kept as before %s",
        reloaded.served,
        list(reloaded.added),
        list(reloaded.changed),
        list(reloaded.gone),
        list(reloaded.kept),
    )
    return reloaded
