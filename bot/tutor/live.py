"""A live class, without Discord: the teacher paces one lesson's questions, students answer privately.

A live session is a quiz: its own quiz row, closed to self-paced tries from the start, so a self-paced
quiz of the same lesson in the same channel runs beside it untouched. On End each student who answered
gets one finished attempt of that quiz, over the questions asked, with their answers as they stood when
each question closed (bot/storage/sql/live.py); reports read it as any other quiz.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.clock import Clock
from bot.content import Lesson, Question
from bot.content.model import Kind
from bot.errors import UserError
from bot.i18n import text as say
from bot.live import Phase, Share, Step, StepRefused, next_state, option_shares, team_of, team_results
from bot.live.session import allowed
from bot.storage import Storage
from bot.storage.records import AttemptWithAnswers, LiveAnswer, LiveRecord
from bot.tutor.lessons import Lessons
from bot.tutor.screens import Who

MAX_TEAMS = 10
# Told each student's final live answers at End, one attempt per student: spaced review plugs in here.
ReviewHook = Callable[[LiveRecord, Sequence[AttemptWithAnswers]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Revealed:
    """What the class sees once a question is revealed: each option's share, and each team's share right."""

    options: list[Share]
    teams: list[Share]


@dataclass(frozen=True, slots=True)
class Ended:
    """The class's result per question asked (share right, lesson order), and each team's over them all."""

    questions: list[Share]
    teams: list[Share]


@dataclass(frozen=True, slots=True)
class LiveView:
    """A live session as its public card and the teacher's panel show it."""

    session: LiveRecord
    lesson: Lesson
    answered: int  # answers to the question on screen
    taking_part: int  # students who answered anything this session
    answered_by: tuple[str, ...]  # who answered it, by name, for the teacher's panel; none when anonymous
    revealed: Revealed | None = None
    ended: Ended | None = None

    @property
    def phase(self) -> Phase:
        return Phase(self.session.phase)

    @property
    def question(self) -> Question:
        return self.lesson.questions[self.session.position]

    @property
    def steps(self) -> frozenset[Step]:
        return allowed(self.phase, self.session.position, self.session.question_count)


@dataclass(frozen=True, slots=True)
class Choice:
    """A student's private screen for one question: its options and what they chose, if any."""

    session_id: int
    position: int
    question: Question
    chosen: int | None
    team: int | None  # 1..teams, when the session has teams
    total: int  # the lesson's questions


@dataclass(frozen=True, slots=True)
class _Kept:
    """What every click of a session needs and never changes: read once per session and process."""

    guild_id: int
    teams: int
    lesson: Lesson


@dataclass(frozen=True, slots=True)
class Score:
    right: int
    answered: int
    asked: int
    team: int | None


async def _no_review(session: LiveRecord, attempts: Sequence[AttemptWithAnswers]) -> None:
    return None


# What a live class asks: one tap on one of the options. Other kinds and banks are for self-paced quizzes.
LIVE_KINDS = (Kind.CHOICE, Kind.TRUE_FALSE)


class Live:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        self._kept: dict[int, _Kept] = {}  # by session
        self.review_hook: ReviewHook = _no_review

    # -- the teacher ---------------------------------------------------------------------------

    async def start(
        self, who: Who, lesson_id: str, channel_id: int, *, teams: int, anonymous: bool
    ) -> LiveView:
        """Open a live session at the lesson's first question; refused if the channel has one running."""
        if not 0 <= teams <= MAX_TEAMS or teams == 1:
            raise UserError(say("live.teams_range", most=MAX_TEAMS))
        version_id, lesson = await self._lessons.named(who.guild_id, lesson_id)
        if lesson.banks or any(q.kind not in LIVE_KINDS for q in lesson.questions):
            # A live class shows each question's options as one tap each, to everyone, in lesson order.
            raise UserError(say("live.kinds", lesson=lesson.title))
        await self._db.remember_name(who.guild_id, who.user_id, who.name, self._clock.now())
        session = await self._db.start_live(
            who.guild_id,
            channel_id,
            lesson.id,
            who.user_id,
            version_id=version_id,
            question_count=len(lesson.questions),
            teams=teams,
            anonymous=anonymous,
            now=self._clock.now(),
        )
        if session is None:
            raise UserError(say("live.running_already", channel=f"<#{channel_id}>"))
        self._kept[session.id] = _Kept(session.guild_id, session.teams, lesson)
        return await self.view(session)

    async def abandon(self, session_id: int) -> None:
        """End a session whose card could not be posted: nobody could have answered it."""
        await self._db.end_live(session_id, self._clock.now())

    async def card_sent(self, session_id: int, message_id: int) -> None:
        await self._db.set_live_card(session_id, message_id)

    async def panel(self, who: Who, channel_id: int) -> LiveView:
        """The channel's running session, for a teacher who lost their panel."""
        session = await self._db.running_live(who.guild_id, channel_id)
        if session is None:
            raise UserError(say("live.none_running", channel=f"<#{channel_id}>"))
        return await self.view(session)

    async def step(self, who: Who, session_id: int, position: int, step: Step) -> LiveView:
        """Apply the teacher's step to the session, if it still stands where the panel showed it."""
        if not who.is_teacher:
            raise UserError(say("errors.not_teacher"))
        session = await self._session(who, session_id)
        if session.position != position and session.phase != Phase.ENDED:
            raise UserError(say("live.panel_old"))
        try:
            phase, to = next_state(Phase(session.phase), session.position, session.question_count, step)
        except StepRefused as refused:
            raise UserError(say(refused.why)) from None
        if step is Step.END:
            ended = await self._db.end_live(session.id, self._clock.now())
            if ended is None:
                raise UserError(say("live.ended"))
            await self.review_hook(ended, await self._db.attempts(ended.quiz_id))
            return await self.view(ended)
        moved = await self._db.move_live(session, phase.value, to)
        if moved is None:  # pressed twice, or from another panel: the card shows where it stands
            raise UserError(say("live.moved_on"))
        return await self.view(moved)

    # -- students ------------------------------------------------------------------------------

    async def choice(self, who: Who, session_id: int) -> Choice:
        """The question on screen with the student's answer so far; refused once answers are closed."""
        session = await self._session(who, session_id)
        if session.phase != Phase.OPEN:
            raise UserError(say("live.closed"))
        # Their name, for the report after End: once each time they open the question, never per answer.
        await self._db.remember_name(who.guild_id, who.user_id, who.name, self._clock.now())
        mine = await self._db.live_answers(session.id, session.position, who.user_id)
        return await self._choice(who, session.id, session.position, mine[0].option_index if mine else None)

    async def answer(self, who: Who, session_id: int, position: int, option: int) -> Choice:
        """Take or change the student's answer to question `position`, only while it is open."""
        lesson = (await self._keep(who, session_id)).lesson
        if not 0 <= position < len(lesson.questions):
            raise UserError(say("live.closed"))
        question = lesson.questions[position]
        if not 0 <= option < len(question.options):
            raise UserError(say("live.no_such_option"))
        taken = await self._db.live_answer(
            session_id,
            position,
            who.user_id,
            option,
            question_index=position,
            correct=option == question.answer_index,
            by_teacher=who.is_teacher,
            now=self._clock.now(),
        )
        if not taken:
            raise UserError(say("live.closed"))
        return await self._choice(who, session_id, position, option)

    async def result(self, who: Who, session_id: int, position: int) -> tuple[Question, int | None]:
        """After a reveal: the question and the option the student chose (None: they did not answer)."""
        session = await self._session(who, session_id)
        if session.phase == Phase.ENDED:
            found = [
                answer.option_index
                for attempt in await self._db.attempts(session.quiz_id, who.user_id)
                for answer in attempt.answers
                if answer.question_index == position
            ]
        elif (session.position, session.phase) == (position, Phase.REVEALED) or session.position > position:
            found = [a.option_index for a in await self._db.live_answers(session.id, position, who.user_id)]
        else:
            raise UserError(say("live.not_revealed"))
        return (await self._keep(who, session_id)).lesson.questions[position], found[0] if found else None

    async def score(self, who: Who, session_id: int) -> Score:
        """After End: the student's own score over the questions asked."""
        session = await self._session(who, session_id)
        if session.phase != Phase.ENDED:
            raise UserError(say("live.not_ended"))
        attempts = await self._db.attempts(session.quiz_id, who.user_id)
        answers = [answer for attempt in attempts for answer in attempt.answers]
        team = team_of(session.id, who.user_id, session.teams) if session.teams else None
        right = sum(answer.correct for answer in answers)
        return Score(right, len(answers), session.position + 1, team)

    # -- what the card shows -------------------------------------------------------------------

    async def view_of(self, session_id: int) -> LiveView | None:
        """The session as it stands now (for the card keeper); None if it is gone."""
        session = await self._db.live_session(session_id)
        return None if session is None else await self.view(session)

    async def view(self, session: LiveRecord) -> LiveView:
        lesson = (await self._kept_for(session)).lesson
        if session.phase == Phase.ENDED:
            return LiveView(session, lesson, 0, 0, (), ended=await self._ended(session))
        answers = await self._db.live_answers(session.id, session.position)
        answered, taking_part = await self._db.live_counts(session.id, session.position)
        by = () if session.anonymous else await self._names(session.guild_id, answers)
        revealed = None
        if session.phase == Phase.REVEALED:
            question = lesson.questions[session.position]
            revealed = Revealed(
                option_shares(len(question.options), (a.option_index for a in answers)),
                self._teams(session, ((a.user_id, a.correct) for a in answers)),
            )
        return LiveView(session, lesson, answered, taking_part, by, revealed)

    async def _names(self, guild_id: int, answers: Sequence[LiveAnswer]) -> tuple[str, ...]:
        ids = [a.user_id for a in answers if not a.by_teacher]
        known = await self._db.names(guild_id, ids)
        return tuple(sorted(known.get(user_id, f"<@{user_id}>") for user_id in ids))

    async def _ended(self, session: LiveRecord) -> Ended:
        attempts = await self._db.attempts(session.quiz_id)
        answers = [(a.record.user_id, r) for a in attempts for r in a.answers]
        per_question = []
        for position in range(session.position + 1):
            given = [r for _, r in answers if r.question_index == position]
            per_question.append(Share(sum(r.correct for r in given), len(given)))
        return Ended(per_question, self._teams(session, ((user, r.correct) for user, r in answers)))

    @staticmethod
    def _teams(session: LiveRecord, answers: Iterable[tuple[int, bool]]) -> list[Share]:
        return team_results(session.id, session.teams, answers) if session.teams else []

    async def _choice(self, who: Who, session_id: int, position: int, chosen: int | None) -> Choice:
        kept = await self._keep(who, session_id)
        team = team_of(session_id, who.user_id, kept.teams) if kept.teams else None
        lesson = kept.lesson
        return Choice(session_id, position, lesson.questions[position], chosen, team, len(lesson.questions))

    async def _session(self, who: Who, session_id: int) -> LiveRecord:
        session = await self._db.live_session(session_id)
        if session is None or session.guild_id != who.guild_id:
            raise UserError(say("live.no_such_session"))
        return session

    async def _keep(self, who: Who, session_id: int) -> _Kept:
        """The session's server, teams and lesson version, read once; a session of another server is none."""
        kept = self._kept.get(session_id)
        if kept is None:
            session = await self._db.live_session(session_id)
            if session is None:
                raise UserError(say("live.no_such_session"))
            kept = await self._kept_for(session)
        if kept.guild_id != who.guild_id:
            raise UserError(say("live.no_such_session"))
        return kept

    async def _kept_for(self, session: LiveRecord) -> _Kept:
        kept = self._kept.get(session.id)
        if kept is None:
            quiz = await self._db.quiz(session.quiz_id)
            lesson = None if quiz is None else await self._lessons.of_quiz(quiz)
            if lesson is None:
                raise UserError(say("live.no_such_session"))
            kept = self._kept[session.id] = _Kept(session.guild_id, session.teams, lesson)
        return kept
