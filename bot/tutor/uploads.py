"""A server's own lessons: a teacher uploads a file, sees a preview, and publishes or cancels it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.content import Lesson, LessonError, Problem, from_record, limits, parse_upload, to_record
from bot.content.files import NotALessonFileError
from bot.content.model import Kind
from bot.errors import UserError
from bot.i18n import ENGLISH, Language, Text, text
from bot.quiz.engine import QuestionView
from bot.storage import Storage
from bot.storage.records import ServerLesson
from bot.tutor.lessons import Lessons
from bot.tutor.screens import Who

# A preview left unanswered this long is forgotten; the teacher uploads the file again.
DRAFT_LIFETIME = timedelta(days=1)
# Enough for a year of weekly lessons, and few enough to pick from a list as you type.
MAX_SERVER_LESSONS = 50
DRAFT_GONE = text("uploads.draft_gone")
NOT_YOURS = text("uploads.not_yours")
NOT_A_TEACHER = text("errors.not_teacher")
# Room for the code block's fences and the closing "…and 12 more." in any language.
_FRAME = 60
# Longer than any problem `check` reports, short enough that several fit in one message.
_PROBLEM_LINE = 500


@dataclass(frozen=True, slots=True)
class InUse:
    """How a server's lesson is being used now: what a new version or a removal would touch."""

    open_quizzes: int
    unfinished: int  # tries under way; each finishes on the version it started on


@dataclass(frozen=True, slots=True)
class Preview:
    """A valid upload, kept as a draft until its teacher publishes or cancels it."""

    draft_id: int
    filename: str
    lesson: Lesson
    first: QuestionView  # the lesson's first question, as a student is shown it
    replaces: InUse | None  # set when the server has a lesson of this id: publishing makes a new version


@dataclass(frozen=True, slots=True)
class Published:
    lesson: Lesson
    new_version: bool


@dataclass(frozen=True, slots=True)
class Removed:
    lesson: Lesson
    in_use: InUse


def too_big(filename: str, size: int) -> None:
    """Refuse a file over the limit by its announced size, before it is downloaded."""
    if size > limits.FILE_BYTES:
        raise UserError(
            text("uploads.too_big", file=filename, size=-(-size // 1024), most=limits.FILE_BYTES // 1024)
        )


class UploadError(UserError):
    """An uploaded file that can't be used; the Discord layer says its problems in the teacher's language."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        super().__init__(self.said(ENGLISH))

    def said(self, lang: Language) -> str:
        return upload_problems(self.filename, list(self.problems), lang)


def upload_problems(filename: str, problems: list[Problem], lang: Language = ENGLISH) -> str:
    head = text("uploads.cant_use", file=filename, count=len(problems))
    return problems_text(head, problems, lang)


def problems_text(
    head: Text, problems: list[Problem], lang: Language = ENGLISH, budget: int = limits.MESSAGE_CONTENT
) -> str:
    """`head`, then each problem as `python -m bot check` prints it (in `lang`), cut to fit `budget`."""
    # In a code block, so that a `*` or `_` shows as typed; a ``` inside would end the block early.
    lines = [p.said(lang).replace("```", "'''")[:_PROBLEM_LINE] for p in problems]
    kept: list[str] = []
    used = len(lang.render(head)) + _FRAME
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        kept.append(line)
        used += len(line) + 1
    left = len(lines) - len(kept)
    key = "uploads.problems_more" if left else "uploads.problems"
    return lang(key, head=head, lines="\n".join(kept), count=left)


class Uploads:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock

    async def upload(self, who: Who, filename: str, data: bytes) -> Preview:
        """Read an uploaded lesson file and keep it as a draft to preview; every refusal says why."""
        too_big(filename, len(data))
        try:
            lesson = parse_upload(data, filename)
        except NotALessonFileError as exc:
            raise UserError(
                text("uploads.binary", file=filename, kind=text(f"problem.kind.{exc.kind}"))
            ) from None
        except LessonError as exc:
            raise UploadError(filename, exc.problems) from None
        own = await self._db.server_lesson(who.guild_id, lesson.id)
        self._not_bundled(lesson.id, own)
        if own is not None and own.removed_at is None:
            if await self._lessons.version(own.version_id, lesson.id) == lesson:
                raise UserError(text("uploads.same", title=lesson.title, file=filename))
            replaces: InUse | None = await self.in_use(who.guild_id, lesson.id)
        else:
            replaces = None
            await self._room(who.guild_id)
        now = self._clock.now()
        await self._db.drop_drafts_before(now - DRAFT_LIFETIME)
        draft_id = await self._db.add_draft(who.guild_id, who.user_id, filename, to_record(lesson), now)
        first = lesson.questions[0]
        options = () if first.kind is Kind.TYPED else first.options
        view = QuestionView(0, len(lesson.questions), first.prompt, options, first.image, first.kind)
        return Preview(draft_id, filename, lesson, view, replaces)

    async def publish(self, who: Who, draft_id: int) -> Published:
        """Serve a previewed lesson in the uploader's server: a new lesson, or a new version of its own."""
        lesson = await self._draft(who, draft_id)
        # Checked again: the folder may have gained this id, or the server lessons, since the preview.
        own = await self._db.server_lesson(who.guild_id, lesson.id)
        self._not_bundled(lesson.id, own)
        version_id = await self._lessons.record(lesson)
        now = self._clock.now()
        if not await self._db.publish_lesson(
            who.guild_id, lesson.id, version_id, who.user_id, now, cap=MAX_SERVER_LESSONS
        ):
            raise UserError(self._full())
        await self._db.drop_draft(draft_id)
        return Published(lesson, new_version=own is not None and own.removed_at is None)

    async def cancel(self, who: Who, draft_id: int) -> Lesson:
        """Forget a preview; nothing was published."""
        lesson = await self._draft(who, draft_id)
        await self._db.drop_draft(draft_id)
        return lesson

    async def remove(self, guild_id: int, lesson_id: str) -> Removed:
        """Offer a server's lesson for no new quizzes; its open quizzes, attempts and reports stay."""
        own = await self._db.server_lesson(guild_id, lesson_id)
        if own is None and lesson_id in self._lessons.library:
            raise UserError(text("uploads.bundled", title=self._lessons.library[lesson_id].title))
        if own is None or not await self._db.remove_lesson(guild_id, lesson_id, self._clock.now()):
            raise UserError(text("uploads.no_such", lesson=lesson_id))
        lesson = await self._lessons.version(own.version_id, lesson_id)
        assert lesson is not None
        return Removed(lesson, await self.in_use(guild_id, lesson_id))

    async def in_use(self, guild_id: int, lesson_id: str) -> InUse:
        quizzes = await self._db.open_quizzes(guild_id, lesson_id=lesson_id)
        return InUse(len(quizzes), await self._db.unfinished_attempts(guild_id, lesson_id))

    async def _draft(self, who: Who, draft_id: int) -> Lesson:
        # The uploader was a teacher at upload; asked again on Publish and Cancel, as the role may have gone.
        if not who.is_teacher:
            raise UserError(NOT_A_TEACHER)
        draft = await self._db.draft(draft_id)
        if draft is None or draft.guild_id != who.guild_id:
            raise UserError(DRAFT_GONE)
        if draft.user_id != who.user_id:
            raise UserError(NOT_YOURS)
        if draft.created_at < self._clock.now() - DRAFT_LIFETIME:
            await self._db.drop_draft(draft_id)
            raise UserError(DRAFT_GONE)
        return from_record(draft.content)

    def _not_bundled(self, lesson_id: str, own: ServerLesson | None) -> None:
        # A server keeps publishing versions of its own lesson even if the folder gained its id later.
        if lesson_id in self._lessons.library and (own is None or own.removed_at is not None):
            raise UserError(
                text("uploads.id_taken", lesson=lesson_id, title=self._lessons.library[lesson_id].title)
            )

    async def _room(self, guild_id: int) -> None:
        # Asked only for a lesson the server does not serve: every one it does serve takes a place.
        if len(await self._db.server_lessons(guild_id)) >= MAX_SERVER_LESSONS:
            raise UserError(self._full())

    @staticmethod
    def _full() -> Text:
        return text("uploads.full", most=MAX_SERVER_LESSONS)
