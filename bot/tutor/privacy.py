"""People's own data: a copy of everything kept about them, deleting it, and deleting what is too old."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.content import Lesson
from bot.errors import UserError
from bot.i18n import Text, text
from bot.quiz import judging
from bot.report.mydata import (
    AnswerKept,
    AttemptKept,
    ExtraKept,
    LessonPublished,
    LiveAnswerKept,
    MyData,
    QuizOpened,
    ReviewAnswerKept,
    ReviewItemKept,
    UploadWaiting,
    mydata_json,
    mydata_lines,
)
from bot.storage import QuizRecord, Storage
from bot.storage.records import Accommodation, AttemptWithAnswers, Forgotten, Swept
from bot.tutor.lessons import Lessons
from bot.tutor.screens import Who

DAY = timedelta(days=1)
# After a failed sweep, the keeper tries again this much later rather than waiting a day.
RETRY = timedelta(minutes=5)

SOMEONE_ELSES = text("privacy.someone_elses")
NOT_THEIR_TEACHER = text("privacy.not_their_teacher")
NOT_A_TEACHER = text("privacy.not_a_teacher")
KEPT = text("privacy.kept")


@dataclass(frozen=True, slots=True)
class MyDataFile:
    """What /mydata sends: the file, and a message saying what is in it."""

    data: MyData
    content: bytes
    summary: tuple[Text, ...]  # one line each


class Privacy:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock, deadlines_moved: asyncio.Event) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        # Deleting someone's extra time can bring a quiz's final closing forward.
        self._deadlines_moved = deadlines_moved

    async def my_data(self, who: Who) -> MyDataFile:
        """Everything kept about this person in this server. Asking stores nothing, not even their name."""
        guild, user = who.guild_id, who.user_id
        person = await self._db.person(guild, user)
        # Each quiz is read once, however many attempts and extra times name it.
        quizzes: dict[int, QuizRecord | None] = {}
        attempts = [
            await self._attempt(attempt, await self._quiz(attempt.record.quiz_id, quizzes))
            for attempt in await self._db.student_attempts(guild, user)
        ]
        extras = [await self._extra(x, quizzes) for x in await self._db.student_accommodations(guild, user)]
        granted = await self._db.accommodations_granted_by(guild, user)
        given = [await self._extra(x, quizzes, by_them=True) for x in granted]
        opened = [
            QuizOpened(q.id, await self._lessons.title(q), q.channel_id, q.opened_at)
            for q in await self._db.quizzes_opened_by(guild, user)
        ]
        published = [
            LessonPublished(lesson.lesson_id, lesson.published_at, lesson.removed_at)
            for lesson in await self._db.lessons_published_by(guild, user)
        ]
        uploads = [UploadWaiting(d.filename, d.created_at) for d in await self._db.drafts_of(guild, user)]
        items, answers = await self._review(guild, user)
        data = MyData(
            guild_id=guild,
            user_id=user,
            exported_at=self._clock.now(),
            name=None if person is None else person[0],
            name_seen_at=None if person is None else person[1],
            attempts=tuple(attempts),
            extras=tuple(extras),
            quizzes_opened=tuple(opened),
            extras_given=tuple(given),
            lessons_published=tuple(published),
            uploads=tuple(uploads),
            review_items=items,
            review_answers=answers,
            review_reminders=await self._db.review_remind(guild, user),
            school_id=await self._db.school_id_of(guild, user),
            commands_waiting=len(await self._db.pending_of(guild, user)),
            live_answers=await self._live(guild, user, quizzes),
        )
        return MyDataFile(data, mydata_json(data), mydata_lines(data))

    async def forget_me(self, who: Who, owner_id: int) -> Forgotten:
        """Delete everything kept about the person pressing, if the button is theirs; final."""
        if who.user_id != owner_id:
            raise UserError(SOMEONE_ELSES)
        return await self._forget(who.guild_id, who.user_id)

    async def held_mine(self, who: Who, owner_id: int) -> Forgotten:
        """What deleting their own data would delete, for the person to confirm."""
        if who.user_id != owner_id:
            raise UserError(SOMEONE_ELSES)
        return await self._db.held(who.guild_id, who.user_id)

    async def held_student(self, teacher: Who, student_id: int) -> Forgotten:
        """What deleting a student's data would delete, for a teacher to confirm."""
        if not teacher.is_teacher:
            raise UserError(NOT_A_TEACHER)
        return await self._db.held(teacher.guild_id, student_id)

    async def forget_student(self, teacher: Who, asked_by: int, student_id: int) -> Forgotten:
        """A teacher deletes one student's data in this server, confirming their own request; final."""
        if teacher.user_id != asked_by:
            raise UserError(NOT_THEIR_TEACHER)
        if not teacher.is_teacher:
            raise UserError(NOT_A_TEACHER)
        return await self._forget(teacher.guild_id, student_id)

    @staticmethod
    def keep(who: Who, owner_id: int) -> Text:
        """ "Keep it": nothing is deleted, if the button is theirs."""
        if who.user_id != owner_id:
            raise UserError(SOMEONE_ELSES)
        return KEPT

    async def known_name(self, guild_id: int, user_id: int) -> str | None:
        """The name kept for someone in this server, if any."""
        person = await self._db.person(guild_id, user_id)
        return None if person is None else person[0]

    async def sweep(self, keep_for: timedelta) -> Swept:
        """Delete attempts, in every server, with no activity for longer than `keep_for`."""
        return await self._db.sweep(self._clock.now() - keep_for)

    async def keep_sweeping(
        self,
        keep_for: timedelta,
        on_sweep: Callable[[Swept], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        """Sweep now, then once a day, until cancelled."""
        while True:
            try:
                on_sweep(await self.sweep(keep_for))
                wake = self._clock.now() + DAY
            except Exception as exc:  # noqa: BLE001 - reported, then tried again; the loop must not die
                on_failure(exc)
                wake = self._clock.now() + RETRY
            await self._clock.sleep_until(wake)

    async def _forget(self, guild_id: int, user_id: int) -> Forgotten:
        gone = await self._db.forget(guild_id, user_id)
        if gone.accommodations:
            self._deadlines_moved.set()
        return gone

    async def _attempt(self, attempt: AttemptWithAnswers, quiz: QuizRecord | None) -> AttemptKept:
        record = attempt.record
        lesson = await self._lessons.version(record.version_id, record.lesson_id)
        # Test mode: right and wrong stay hidden from the student until the quiz closes for good.
        visible = quiz is None or quiz.results_visible()
        answers = []
        # In the order given, which is the order asked: one answer per position, the next one each time.
        for position, given in enumerate(attempt.answers):
            question = None
            if lesson is not None and given.question_index < len(lesson.questions):
                question = lesson.questions[given.question_index]
            # What they answered as they see it: an option, the options ticked, an order, or their own text.
            chosen = (
                given.text if question is None else judging.shown(question, given.option_index, given.text)
            )
            answers.append(
                AnswerKept(
                    question_number=position + 1,
                    lesson_question_number=given.question_index + 1,
                    question=None if question is None else question.prompt,
                    chosen=chosen,
                    right=given.correct if visible else None,
                    answered_at=given.answered_at,
                )
            )
        if lesson is not None:
            title = lesson.title
        else:
            title = record.lesson_id if quiz is None else await self._lessons.title(quiz)
        return AttemptKept(
            quiz_id=record.quiz_id,
            lesson_id=record.lesson_id,
            lesson_title=title,
            channel_id=0 if quiz is None else quiz.channel_id,
            number=record.number,
            started_at=record.started_at,
            finished_at=record.finished_at,
            score=attempt.score if visible else None,
            questions=record.question_count,
            by_teacher=record.by_teacher,
            answers=tuple(answers),
        )

    async def _live(
        self, guild: int, user: int, quizzes: dict[int, QuizRecord | None]
    ) -> tuple[LiveAnswerKept, ...]:
        """Their answers in a live class still running (at its end they become a quiz try, above)."""
        lessons: dict[int, Lesson | None] = {}
        found = []
        for given in await self._db.live_answers_of(guild, user):
            if given.session_id not in lessons:
                session = await self._db.live_session(given.session_id)
                quiz = None if session is None else await self._quiz(session.quiz_id, quizzes)
                pinned = (
                    None if quiz is None else await self._lessons.version(quiz.version_id, quiz.lesson_id)
                )
                lessons[given.session_id] = pinned
            lesson = lessons[given.session_id]
            question = None
            if lesson is not None and given.question_index < len(lesson.questions):
                question = lesson.questions[given.question_index]
            chosen = (
                given.text if question is None else judging.shown(question, given.option_index, given.text)
            )
            prompt = None if question is None else question.prompt
            found.append(
                LiveAnswerKept(given.session_id, given.position + 1, prompt, chosen, given.answered_at)
            )
        return tuple(found)

    async def _review(
        self, guild: int, user: int
    ) -> tuple[tuple[ReviewItemKept, ...], tuple[ReviewAnswerKept, ...]]:
        """The person's spaced review: each question where the scheduler has it, and every answer."""
        items = []
        kept = await self._db.review_items(guild, user)
        questions = await self._lessons.questions_by_key(guild, (item.lesson for item in kept))
        for item in kept:
            found = questions.get((item.lesson, item.question_key), (None, None))[1]
            memory = item.memory
            items.append(
                ReviewItemKept(
                    item.lesson,
                    item.question_key,
                    None if found is None else found.prompt,
                    memory.due,
                    memory.reps,
                    memory.last_correct,
                    memory.last_review,
                )
            )
        answers = tuple(
            ReviewAnswerKept(a.lesson, a.question_key, a.kind, a.correct, a.predicted, a.answered_at)
            for a in await self._db.review_answers(guild, user)
        )
        return tuple(items), answers

    async def _quiz(self, quiz_id: int, quizzes: dict[int, QuizRecord | None]) -> QuizRecord | None:
        if quiz_id not in quizzes:
            quizzes[quiz_id] = await self._db.quiz(quiz_id)
        return quizzes[quiz_id]

    async def _extra(
        self, given: Accommodation, quizzes: dict[int, QuizRecord | None], *, by_them: bool = False
    ) -> ExtraKept:
        quiz = await self._quiz(given.quiz_id, quizzes)
        title = "" if quiz is None else await self._lessons.title(quiz)
        student = given.user_id if by_them else None
        return ExtraKept(given.quiz_id, title, given.extra_attempts, given.until, student)


def _what(gone: Forgotten, *, you: bool) -> tuple[Text, ...] | Text:
    """What was (or would be) deleted, said as a list: "2 quiz tries with 15 answers and your name"."""
    whose = "you" if you else "they"
    parts = []
    if gone.attempts:
        tries = text("privacy.tries", count=gone.attempts)
        parts.append(
            text("privacy.with_answers", tries=tries, answers=text("privacy.answers", count=gone.answers))
        )
    if gone.names:
        parts.append(text(f"privacy.name_{whose}"))
    if gone.accommodations:
        parts.append(text("privacy.extras", notes=text("privacy.notes", count=gone.accommodations)))
    if gone.unlinked:
        parts.append(text(f"privacy.unlinked_{whose}", count=gone.unlinked))
    if gone.reviews:
        parts.append(text("privacy.reviews", count=gone.reviews))
    return tuple(parts) if parts else text("privacy.nothing")


def confirm_mine(held: Forgotten) -> Text:
    """The question before a person deletes their own data."""
    return text("privacy.confirm_mine", what=_what(held, you=True))


def deleted_mine(gone: Forgotten) -> Text:
    if gone.nothing:
        return text("privacy.nothing_mine")
    return text("privacy.deleted_mine", what=_what(gone, you=True))


def confirm_student(name: str, held: Forgotten) -> Text:
    """The question before a teacher deletes a student's data."""
    return text("privacy.confirm_student", name=name, what=_what(held, you=False))


def nothing_about(name: str) -> Text:
    return text("privacy.nothing_about", name=name)


def deleted_student(name: str, gone: Forgotten) -> Text:
    if gone.nothing:
        return text("privacy.nothing_left", name=name)
    return text("privacy.deleted_student", name=name, what=_what(gone, you=False))
