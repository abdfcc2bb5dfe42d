"""A second chance inside a practice quiz: "Try the N you missed again", at the end of a finished try.

Its answers never touch the try's score or the quiz's item analysis (they are not the quiz's answers:
they go to the review log, with the try's id as their round), but they feed the review schedule as any
review does. The round asks the try's missed questions in lesson order, one step each, and is rebuilt
from the log on every press, so it resumes after a restart and a double press is answered once.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.content import Lesson
from bot.content.model import Kind
from bot.errors import UserError
from bot.i18n import Text
from bot.quiz.engine import Feedback, Given
from bot.quiz.rules import FeedbackMode
from bot.storage import Storage
from bot.storage.records import AnswerRow, AttemptWithAnswers
from bot.tutor import messages
from bot.tutor.lessons import Lessons
from bot.tutor.review import ANSWERED_BEFORE, ReviewQuestion, ReviewScreen, asked_again, asking_again, judged
from bot.tutor.review_feed import Feed
from bot.tutor.screens import Who

ONE_TAP = frozenset({Kind.CHOICE, Kind.TRUE_FALSE})


def missed(attempt: AttemptWithAnswers, lesson: Lesson) -> list[AnswerRow]:
    """The try's missed questions (a partly right answer among them): those answered with one tap first,
    then the others, each in lesson order.

    A round's step n is the n-th of this list, and rounds begun when only one-tap questions were asked
    again must keep their steps: the kinds added since come after them."""
    asked = (a for a in attempt.answers if not a.correct and a.question_index < len(lesson.questions))
    return sorted(
        asked, key=lambda a: (lesson.questions[a.question_index].kind not in ONE_TAP, a.question_index)
    )


def offered(attempt: AttemptWithAnswers, feedback: FeedbackMode) -> bool:
    """Whether a finished try is a practice try, whose misses may be tried again."""
    return feedback is FeedbackMode.NOW and attempt.record.finished


class Redemption:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock, feed: Feed) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        self._feed = feed

    async def start(self, who: Who, attempt_id: int) -> ReviewScreen:
        attempt, lesson = await self._attempt(who, attempt_id)
        return await self._next(who, attempt, lesson)

    async def answer(self, who: Who, attempt_id: int, step: int, given: Given) -> ReviewScreen:
        attempt, lesson = await self._attempt(who, attempt_id)
        asked = missed(attempt, lesson)
        done = await self._done(who, attempt_id)
        if step < done:
            return await self._next(who, attempt, lesson, note=ANSWERED_BEFORE)
        if step > done or step >= len(asked):
            raise UserError(messages.NOT_THIS_QUESTION)
        question = lesson.questions[asked[step].question_index]
        feedback = judged(asked_again(lesson, question, _salt(attempt_id, step)), given)
        item = next(
            (
                i
                for i in await self._db.review_items(who.guild_id, who.user_id)
                if (i.lesson, i.question_key) == (attempt.record.lesson_id, question.key)
            ),
            None,
        )
        if item is not None and not await self._feed.answered(
            item, round_=attempt_id, step=step, kind="redemption", correct=feedback.correct
        ):
            return await self._next(who, attempt, lesson, note=ANSWERED_BEFORE)
        return await self._next(who, attempt, lesson, feedback=feedback)

    async def showing(self, who: Who, attempt_id: int, step: int) -> ReviewScreen:
        """The round as it stands, to redraw a step's picks (a tick, a tap): nothing is logged. The step
        asked, or, if it was answered meanwhile, where the round is now."""
        attempt, lesson = await self._attempt(who, attempt_id, feed=False)
        return asking_again(await self._next(who, attempt, lesson), attempt_id, step)

    async def _next(
        self,
        who: Who,
        attempt: AttemptWithAnswers,
        lesson: Lesson,
        *,
        feedback: Feedback | None = None,
        note: Text | None = None,
    ) -> ReviewScreen:
        asked = missed(attempt, lesson)
        done = await self._done(who, attempt.record.id)
        if done >= len(asked):
            return ReviewScreen(True, None, feedback, done, note)
        question = lesson.questions[asked[done].question_index]
        asked_now = asked_again(lesson, question, _salt(attempt.record.id, done))
        shown = ReviewQuestion.of(attempt.record.id, done, len(asked), asked_now)
        return ReviewScreen(True, shown, feedback, done, note)

    async def _done(self, who: Who, attempt_id: int) -> int:
        """Steps of this round answered, on any day: the round is one sitting, but may cross midnight."""
        logged = await self._db.review_answers(who.guild_id, who.user_id)
        return sum(1 for a in logged if a.round == attempt_id)

    async def _attempt(
        self, who: Who, attempt_id: int, *, feed: bool = True
    ) -> tuple[AttemptWithAnswers, Lesson]:
        """The student's own finished practice try, and its lesson; with `feed`, its review items made
        (review or not) so that an answer has its item to log against. A tick or a tap needs none."""
        state = await self._db.attempt_state(attempt_id, self._clock.now())
        if state is None or state.record.guild_id != who.guild_id:
            raise UserError(messages.NOT_HERE)
        if state.record.user_id != who.user_id:
            raise UserError(messages.SOMEONE_ELSES)
        attempts = await self._db.attempts(state.quiz.id, who.user_id)
        attempt = next(a for a in attempts if a.record.id == attempt_id)
        if not offered(attempt, state.quiz.rules.feedback):
            raise UserError(messages.REVIEW_UNFINISHED)
        lesson = await self._lessons.version(attempt.record.version_id, attempt.record.lesson_id)
        if lesson is None:
            raise UserError(messages.LESSON_GONE)
        if feed:
            await self._feed.quiz(state.quiz, attempts, None)
        return attempt, lesson


def _salt(attempt_id: int, step: int) -> str:
    """What fixes a step's option order: the same screen after a restart."""
    return f"redo:{attempt_id}:{step}"
