"""A student's side of a quiz: start, answer, try again, review, and their progress."""

from __future__ import annotations

import secrets
from dataclasses import replace

from bot.clock import Clock
from bot.content import Lesson
from bot.errors import UserError
from bot.i18n import Text, text
from bot.quiz import judging
from bot.quiz.engine import AlreadyAnswered, Attempt, Choice, ChoiceError, Feedback, Given, drawn
from bot.quiz.recent import Recent
from bot.quiz.rules import ShuffleMode
from bot.storage import Storage
from bot.storage.records import Accommodation, AttemptRecord, AttemptState, AttemptWithAnswers, QuizRecord
from bot.tutor import messages
from bot.tutor.lessons import Lessons
from bot.tutor.screens import Offer, ProgressLine, ReviewPage, Step, Who
from bot.tutor.standing import Standing, Window, standing

# About 0.4 KiB each: enough for a few thousand students answering at once.
ATTEMPTS_KEPT = 4096


# An attempt as the engine plays it needs its record and its quiz's shuffle mode, both fixed for its life.
Known = tuple[AttemptRecord, ShuffleMode]
# A student's attempts on a quiz, their extra time on it, and where that leaves them now.
Where = tuple[list[AttemptWithAnswers], Accommodation | None, Standing]


class Sessions:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        # Attempts clicked or started recently, for what never changes about them (seed, student,
        # lesson version): a click is judged before its one trip to the database. Bounded.
        self._attempts = Recent[int, Known](ATTEMPTS_KEPT)

    async def start(self, who: Who, quiz_id: int) -> Step:
        """ "Start quiz": resume the unfinished attempt, show a finished one's result, or begin the first.

        Once the quiz is closed for this student it shows what they saved, and offers nothing more.
        """
        quiz, attempts, extra, now_stands = await self._where(who, quiz_id)
        if not now_stands.takes_answers:
            return await self._result(quiz, attempts[-1], now_stands)
        await self._remember(who)
        if now_stands.unfinished:
            step = await self._resume(quiz, attempts[-1], welcome=True)
        elif attempts:
            # Never a silent new attempt: first what they got, even if the reply to their last click was lost.
            step = await self._result(quiz, attempts[-1], now_stands, asking=True)
        else:
            step = await self._begin(who, quiz)
        if extra is None or not (extra.extra_attempts or extra.until):
            return step
        told = messages.extra_given(extra.extra_attempts, extra.until)
        return replace(step, note=text("says.two_notes", first=told, second=step.note) if step.note else told)

    async def retry(self, who: Who, quiz_id: int) -> Step:
        """ "Try again": a new attempt if the rules allow one, else where the student stands now."""
        quiz, attempts, _, now_stands = await self._where(who, quiz_id)
        if now_stands.may_go_on:
            return await self._resume(quiz, attempts[-1], welcome=True)
        if not now_stands.may_retry:  # closed, or no tries left: what is saved, with nothing refused
            note = messages.NO_ATTEMPTS_LEFT if now_stands.takes_answers else None
            return await self._result(quiz, attempts[-1], now_stands, note=note)
        return await self._begin(who, quiz)

    async def keep(self, who: Who, quiz_id: int) -> Step:
        """ "Keep my score": the result as it stands, with no new attempt."""
        quiz = await self._own_quiz(who, quiz_id)
        attempts, _, now_stands = await self._standing(quiz, who.user_id)
        finished = [a for a in attempts if a.record.finished]
        if not finished:
            raise UserError(messages.NOTHING_FINISHED)
        return await self._result(quiz, finished[-1], now_stands, note=messages.SCORE_KEPT)

    async def lesson(self, guild_id: int, attempt_id: int, user_id: int) -> Lesson:
        """The lesson as this student's attempt was taken on, to read again."""
        state = await self._state(guild_id, attempt_id, user_id)
        return await self._pinned(state.record)

    async def answer(self, guild_id: int, attempt_id: int, user_id: int, position: int, slot: Given) -> Step:
        """Record the student's answer to question `position` (the option `slot` clicked, the options
        ticked or put in order, or the text typed), then say what's next."""
        kept = self._attempts.get(attempt_id)
        if kept is None or (kept[0].guild_id, kept[0].user_id) != (guild_id, user_id):
            # Not clicked recently (or a click to refuse): read first, as every click once did.
            return await self._answer(await self._state(guild_id, attempt_id, user_id), position, slot)
        known, mode = kept
        lesson = await self._pinned(known)
        try:
            choice = Attempt(lesson, known.seed, mode=mode).given_at(position, slot)
        except ChoiceError:
            return await self._answer(await self._state(guild_id, attempt_id, user_id), position, slot)
        # Judged by the attempt's seed alone; the one trip to the database takes the answer only where
        # it may be taken, and brings back the state it was taken against.
        done = await self._db.answer_and_state(
            attempt_id,
            choice.position,
            choice.question_index,
            choice.option_index,
            guild_id=guild_id,
            user_id=user_id,
            seed=known.seed,
            correct=choice.correct,
            now=self._clock.now(),
            text=choice.text,
            part=judging.part_of(choice.credit or 0.0),
        )
        state = self._checked(done.state, guild_id, user_id)
        if not done.recorded:
            # A click to refuse or to answer again (or a record that was not what was remembered).
            return await self._answer(state, position, slot)
        return await self._answered(
            state, Attempt(lesson, known.seed, state.answers, mode=mode, texts=state.texts), choice
        )

    async def showing(self, guild_id: int, attempt_id: int, user_id: int, position: int) -> Step:
        """The attempt as it stands, to redraw a question's picks (a tick, a tap): nothing is recorded.

        The question being asked, or, if `position` was answered meanwhile, where the attempt is now.
        """
        state = await self._state(guild_id, attempt_id, user_id)
        if state.record.finished:
            return await self._shown(state.quiz, state.record, note=messages.FINISHED_ALREADY)
        if not state.may_answer:  # closed for them: what they saved, no question to tick that Check refuses
            return await self._shown(
                state.quiz, state.record, note=messages.closed(state.quiz, self._clock.now())
            )
        lesson = await self._pinned(state.record)
        attempt = Attempt(
            lesson, state.record.seed, state.answers, mode=state.quiz.rules.shuffle, texts=state.texts
        )
        current = attempt.current()
        if current is not None and current.position == position:
            return self._step(state.quiz, state.record, attempt)
        if attempt.answered_feedback(position) is not None:  # answered meanwhile: its answer again
            return self._again(state.quiz, state.record, attempt, position)
        raise UserError(messages.NOT_THIS_QUESTION)

    async def _answer(self, state: AttemptState, position: int, slot: Given) -> Step:
        """A click judged against the attempt's state as read: recorded if it may be, else why not."""
        record, quiz = state.record, state.quiz
        lesson = await self._pinned(record)
        attempt = Attempt(lesson, record.seed, state.answers, mode=quiz.rules.shuffle, texts=state.texts)
        if record.finished:
            return await self._shown(quiz, record, note=messages.FINISHED_ALREADY)
        try:
            choice = attempt.judge_given(position, slot)
        except AlreadyAnswered:
            return self._again(quiz, record, attempt, position)
        except ChoiceError:
            raise UserError(messages.NOT_THIS_QUESTION) from None
        if not state.may_answer:
            # Closed for them: what they saved, and nothing on offer that would be refused.
            return await self._shown(quiz, record, note=messages.closed(quiz, self._clock.now()))
        now = self._clock.now()
        if not await self._db.record_answer(
            record.id,
            choice.position,
            choice.question_index,
            choice.option_index,
            correct=choice.correct,
            now=now,
            text=choice.text,
            part=judging.part_of(choice.credit or 0.0),
        ):
            # Another click got there first, or the quiz closed in between; show what is stored.
            state = await self._state(record.guild_id, record.id, record.user_id)
            attempt = Attempt(lesson, record.seed, state.answers, attempt.shuffle, attempt.mode, state.texts)
            if attempt.answered_feedback(position) is not None:
                return self._again(state.quiz, record, attempt, position)
            raise UserError(
                messages.closed(state.quiz, now) if not state.may_answer else messages.ALREADY_ANSWERED
            )
        return await self._answered(state, attempt, choice)

    async def _answered(self, state: AttemptState, before: Attempt, choice: Choice) -> Step:
        """What a student sees once their answer is recorded: feedback, then the next question or the end."""
        record, quiz = state.record, state.quiz
        after = before.with_choice(choice)
        visible = quiz.results_visible()
        if after.finished:
            step = await self._shown(quiz, record)
            feedback = after.feedback(choice) if visible else None
            return replace(step, feedback=feedback, saved=not visible)
        return self._step(
            quiz, record, after, feedback=after.feedback(choice) if visible else None, saved=not visible
        )

    async def review(self, guild_id: int, attempt_id: int, user_id: int, page: int) -> ReviewPage:
        """One question of a finished attempt with the student's choice, the answer and why."""
        state = await self._state(guild_id, attempt_id, user_id)
        if not state.record.finished:
            raise UserError(messages.REVIEW_UNFINISHED)
        if not state.quiz.results_visible():
            raise UserError(messages.REVIEW_AFTER_CLOSE)
        lesson = await self._pinned(state.record)
        # In the order the student was asked (from a bank, only the questions its seed drew), so each
        # question keeps the number it had for them.
        order = Attempt(lesson, state.record.seed, mode=state.quiz.rules.shuffle).order
        pages = len(order)
        page = max(0, min(page, pages - 1))
        index = order[page]
        question = lesson.questions[index]
        chosen = state.answers.get(index)
        return ReviewPage(
            attempt_id=attempt_id,
            page=page,
            pages=pages,
            title=lesson.title,
            number=page + 1,
            lesson_number=index + 1,
            prompt=question.prompt,
            chosen=None if chosen is None else judging.shown(question, chosen, state.texts.get(index)),
            answer=question.answer,
            explanation=question.explanation,
        )

    async def progress(self, who: Who) -> list[ProgressLine]:
        """Each quiz the student has taken in this server: where they stand, newest first."""
        attempts = await self._db.student_attempts(who.guild_id, who.user_id)
        by_quiz: dict[int, list[AttemptWithAnswers]] = {}
        for attempt in attempts:
            by_quiz.setdefault(attempt.record.quiz_id, []).append(attempt)
        # Read once for every quiz, not once per quiz.
        extra = {x.quiz_id: x for x in await self._db.student_accommodations(who.guild_id, who.user_id)}
        now = self._clock.now()
        lines = []
        for quiz_id in sorted(by_quiz, reverse=True):
            quiz = await self._db.quiz(quiz_id)
            if quiz is None:
                continue
            group = by_quiz[quiz_id]
            stands = standing(quiz, group, extra.get(quiz_id), now)
            review = max((a for a in group if a.record.finished), key=lambda a: a.record.id, default=None)
            visible = review is not None and stands.results_visible
            title = await self._lessons.title(quiz)
            lines.append(ProgressLine(title, stands, review.record.id if visible and review else None))
        return lines

    # -- the steps ------------------------------------------------------------------------------

    async def _own_quiz(self, who: Who, quiz_id: int) -> QuizRecord:
        """The quiz a button is for, if it is this server's."""
        quiz = await self._db.quiz(quiz_id)
        if quiz is None or quiz.guild_id != who.guild_id:
            raise UserError(messages.NOT_HERE)
        return quiz

    async def _standing(self, quiz: QuizRecord, user_id: int) -> Where:
        """The student's attempts on the quiz (oldest first), their extra time if any, where they stand."""
        attempts = await self._db.attempts(quiz.id, user_id)
        extra = (await self._db.accommodations(quiz.id)).get(user_id)
        return attempts, extra, standing(quiz, attempts, extra, self._clock.now())

    async def _where(self, who: Who, quiz_id: int) -> tuple[QuizRecord, *Where]:
        """The quiz a Start or Try again button is for, and the student's _standing on it.

        Refused only when there is nothing of theirs to show: before it opens, or closed untried.
        """
        quiz = await self._own_quiz(who, quiz_id)
        attempts, extra, now_stands = await self._standing(quiz, who.user_id)
        if now_stands.window is Window.NOT_YET and quiz.rules.opens_at is not None:
            raise UserError(messages.opens_later(quiz.rules.opens_at))
        if not now_stands.takes_answers and not attempts:
            raise UserError(messages.closed(quiz, self._clock.now()))
        return quiz, attempts, extra, now_stands

    async def _remember(self, who: Who) -> None:
        # Read first: a write costs the database's one write lock, which a click should only take to answer.
        if (await self._db.names(who.guild_id, [who.user_id])).get(who.user_id) != who.name:
            await self._db.remember_name(who.guild_id, who.user_id, who.name, self._clock.now())

    async def _begin(self, who: Who, quiz: QuizRecord) -> Step:
        current = await self._lessons.current(quiz.guild_id, quiz.lesson_id)
        if current is None:
            raise UserError(messages.LESSON_GONE)
        version_id, lesson = current
        seed = secrets.randbits(62)
        record = await self._db.start_attempt(
            quiz,
            who.user_id,
            seed=seed,
            # A lesson with banks asks only what the seed draws; the last of those answers finishes it.
            question_count=len(drawn(lesson, seed)),
            version_id=version_id,
            by_teacher=who.is_teacher,
            now=self._clock.now(),
        )
        if record is None:
            attempts, _, now_stands = await self._standing(quiz, who.user_id)
            if now_stands.may_go_on:  # a second Start click at the same moment began it
                return await self._resume(quiz, attempts[-1])
            return await self._result(quiz, attempts[-1], now_stands, note=messages.NO_ATTEMPTS_LEFT)
        self._attempts.put(record.id, (record, quiz.rules.shuffle))
        return self._step(quiz, record, Attempt(lesson, record.seed, mode=quiz.rules.shuffle))

    async def _resume(self, quiz: QuizRecord, attempt: AttemptWithAnswers, *, welcome: bool = False) -> Step:
        state = await self._rebuilt(attempt, quiz.rules.shuffle)
        self._attempts.put(attempt.record.id, (attempt.record, quiz.rules.shuffle))
        note = messages.welcome_back(state.answered, state.total) if welcome else None
        return self._step(quiz, attempt.record, state, note=note)

    async def _shown(self, quiz: QuizRecord, record: AttemptRecord, note: Text | None = None) -> Step:
        """The attempt's end as it stands now: its summary and what its student may do next."""
        attempts, _, now_stands = await self._standing(quiz, record.user_id)
        shown = next(a for a in attempts if a.record.id == record.id)
        return await self._result(quiz, shown, now_stands, note=note)

    async def _result(
        self,
        quiz: QuizRecord,
        shown: AttemptWithAnswers,
        now_stands: Standing,
        note: Text | None = None,
        *,
        asking: bool = False,
    ) -> Step:
        """An attempt's summary (finished, or stopped by the close), the score that counts and what next."""
        attempt = await self._rebuilt(shown, quiz.rules.shuffle)
        return Step(
            attempt_id=shown.record.id,
            quiz_id=quiz.id,
            lesson=attempt.lesson,
            question=None,
            summary=attempt.summary(),
            note=note,
            results_visible=now_stands.results_visible,
            offer=Offer(quiz.id, now_stands, asking=asking and now_stands.may_keep),
        )

    def _again(self, quiz: QuizRecord, record: AttemptRecord, attempt: Attempt, position: int) -> Step:
        """A repeated click on an answered question: its stored feedback again, then where they are."""
        visible = quiz.results_visible()
        feedback = attempt.answered_feedback(position) if visible else None
        return self._step(
            quiz, record, attempt, feedback=feedback, saved=not visible, note=messages.ANSWERED_BEFORE
        )

    @staticmethod
    def _step(
        quiz: QuizRecord,
        record: AttemptRecord,
        attempt: Attempt,
        *,
        feedback: Feedback | None = None,
        note: Text | None = None,
        saved: bool = False,
    ) -> Step:
        question = attempt.current()
        return Step(
            attempt_id=record.id,
            quiz_id=quiz.id,
            lesson=attempt.lesson,
            question=question,
            summary=attempt.summary() if question is None else None,
            feedback=feedback,
            note=note,
            results_visible=quiz.results_visible(),
            saved=saved,
        )

    async def _state(self, guild_id: int, attempt_id: int, user_id: int) -> AttemptState:
        return self._checked(await self._db.attempt_state(attempt_id, self._clock.now()), guild_id, user_id)

    def _checked(self, state: AttemptState | None, guild_id: int, user_id: int) -> AttemptState:
        """The attempt's state if the click is its student's, in its server; else the refusal to messages."""
        if state is None or state.record.guild_id != guild_id:
            raise UserError(messages.NOT_HERE)
        if state.record.user_id != user_id:
            raise UserError(messages.SOMEONE_ELSES)
        self._attempts.put(state.record.id, (state.record, state.quiz.rules.shuffle))
        return state

    async def _rebuilt(self, stored: AttemptWithAnswers, mode: ShuffleMode) -> Attempt:
        """A stored attempt as the engine plays it: its lesson version, its seed, its answers."""
        answers = {a.question_index: a.option_index for a in stored.answers}
        texts = {a.question_index: a.text for a in stored.answers if a.text is not None}
        return Attempt(await self._pinned(stored.record), stored.record.seed, answers, mode=mode, texts=texts)

    async def _pinned(self, record: AttemptRecord) -> Lesson:
        lesson = await self._lessons.version(record.version_id, record.lesson_id)
        if lesson is None:
            raise UserError(messages.LESSON_GONE)
        return lesson
