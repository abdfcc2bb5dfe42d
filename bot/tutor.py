"""What the bot does, without Discord: open and close quizzes, run attempts, build reports.

The Discord layer parses an interaction, calls one method here and renders what comes back.
Everything a user did wrong arrives as a UserError with a message meant for them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bot.content import Lesson, LessonLibrary
from bot.errors import UserError
from bot.quiz.engine import AlreadyAnswered, Attempt, ChoiceError, Feedback, QuestionView, Summary
from bot.quiz.report import ClassReport, StudentLine, class_report, student_lines
from bot.storage import AttemptRecord, Database, QuizRecord

CLOSED = "This quiz is closed, so answers can't be changed or added. Your teacher can open it again."
ALREADY_ANSWERED = "You answered that one already. Here is where you are."
NOT_HERE = "That button isn't one of your quiz buttons. Press “Start quiz” in the channel to take your quiz."


@dataclass(frozen=True, slots=True)
class Step:
    """What a student's quiz message shows now."""

    attempt_id: int
    lesson: Lesson
    question: QuestionView | None
    summary: Summary | None
    feedback: Feedback | None = None
    note: str | None = None


class Tutor:
    def __init__(self, library: LessonLibrary, db: Database) -> None:
        self.library = library
        self.db = db

    def lesson(self, lesson_id: str) -> Lesson:
        try:
            return self.library[lesson_id]
        except KeyError:
            raise UserError(
                f"There is no lesson called {lesson_id!r}. Pick one from the list as you type."
            ) from None

    # -- teacher -------------------------------------------------------------------------------

    async def open_quiz(
        self, guild_id: int, lesson_id: str, channel_id: int, teacher_id: int
    ) -> tuple[Lesson, QuizRecord, bool]:
        """Open the lesson's quiz (or find it open); True if it was opened now."""
        lesson = self.lesson(lesson_id)
        quiz, opened = await self.db.open_quiz(guild_id, lesson.id, channel_id, teacher_id)
        return lesson, quiz, opened

    async def remember_card(self, quiz_id: int, channel_id: int, message_id: int) -> None:
        await self.db.add_quiz_card(quiz_id, channel_id, message_id)

    async def close_quiz(self, guild_id: int, lesson_id: str) -> tuple[Lesson, list[tuple[int, int]]]:
        """Close the lesson's quiz; returns the (channel, message) of each card that showed it."""
        lesson = self.lesson(lesson_id)
        quiz_id = await self.db.close_quiz(guild_id, lesson.id)
        if quiz_id is None:
            raise UserError(f"The quiz for “{lesson.title}” is not open, so there is nothing to close.")
        return lesson, await self.db.quiz_cards(quiz_id)

    async def report(self, guild_id: int, lesson_id: str) -> tuple[Lesson, ClassReport]:
        lesson = self.lesson(lesson_id)
        rows = await self.db.lesson_attempts(guild_id, lesson.id)
        return lesson, class_report(rows, len(lesson.questions))

    # -- student -------------------------------------------------------------------------------

    async def progress(self, guild_id: int, user_id: int) -> list[StudentLine]:
        rows = await self.db.student_attempts(guild_id, user_id)
        return sorted(student_lines(rows), key=lambda line: line.lesson_id)

    async def start(self, guild_id: int, quiz_id: int, user_id: int) -> Step:
        """Resume the student's unfinished attempt, or begin a new one if the last is finished."""
        quiz = await self.db.quiz(quiz_id)
        if quiz is None or quiz.guild_id != guild_id:
            raise UserError(NOT_HERE)
        if quiz.closed:
            raise UserError("This quiz is closed. Your teacher can open it again.")
        lesson = self.lesson(quiz.lesson_id)
        record, new = await self.db.current_or_new_attempt(
            quiz, user_id, secrets.randbits(62), len(lesson.questions)
        )
        if new:
            return self._step(record.id, Attempt(lesson, record.seed))
        attempt = await self._load(record, lesson)
        note = f"Welcome back! You have answered {attempt.answered} of {attempt.total}."
        return self._step(record.id, attempt, note=note)

    async def answer(self, guild_id: int, attempt_id: int, user_id: int, position: int, slot: int) -> Step:
        """Record the student's click on option `slot` of question `position`, then say what's next."""
        state = await self.db.attempt_state(attempt_id)
        if state is None or state.record.guild_id != guild_id:
            raise UserError(NOT_HERE)
        record, answers, quiz_open = state
        if record.user_id != user_id:
            raise UserError(
                "These buttons belong to someone else's quiz. Click “Start quiz” to take your own."
            )
        lesson = self.lesson(record.lesson_id)
        attempt = Attempt(lesson, record.seed, answers)
        if record.finished:
            return self._step(record.id, attempt, note="You have finished this quiz already.")
        if not quiz_open:
            raise UserError(CLOSED)
        try:
            choice = attempt.judge(position, slot)
        except AlreadyAnswered:
            return self._step(record.id, attempt, note=ALREADY_ANSWERED)
        except ChoiceError:
            raise UserError("That button isn't an answer to the question you're on.") from None
        if not await self.db.record_answer(
            record.id, choice.position, choice.question_index, choice.option_index, choice.correct
        ):
            # Another click on this attempt got there first; show what is stored.
            attempt = await self._load(record, lesson)
            return self._step(record.id, attempt, note=ALREADY_ANSWERED)
        after = attempt.with_choice(choice)
        return self._step(record.id, after, feedback=after.feedback(choice))

    async def _load(self, record: AttemptRecord, lesson: Lesson) -> Attempt:
        return Attempt(lesson, record.seed, await self.db.answers(record.id))

    @staticmethod
    def _step(
        attempt_id: int, attempt: Attempt, feedback: Feedback | None = None, note: str | None = None
    ) -> Step:
        question = attempt.current()
        return Step(
            attempt_id=attempt_id,
            lesson=attempt.lesson,
            question=question,
            summary=attempt.summary() if question is None else None,
            feedback=feedback,
            note=note,
        )
