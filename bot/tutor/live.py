"""A live class, without Discord: the teacher paces one lesson's questions, students answer privately.

A live session is a quiz: its own quiz row, closed to self-paced tries from the start, so a self-paced
quiz of the same lesson in the same channel runs beside it untouched. On End each student who answered
gets one finished attempt of that quiz, over the questions asked, with their answers as they stood when
each question closed (bot/storage/sql/live.py); reports read it as any other quiz.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.content import Lesson
from bot.content.model import Kind
from bot.errors import UserError
from bot.i18n import text as say
from bot.live import (
    Phase,
    Share,
    Step,
    StepRefused,
    Typed,
    common_typed,
    next_state,
    shares_of,
    team_of,
    team_results,
)
from bot.quiz import judging
from bot.quiz.asking import Asked
from bot.quiz.engine import ChoiceError, Given, drawn
from bot.quiz.recent import Recent
from bot.storage import Storage
from bot.storage.records import AttemptWithAnswers, LiveAnswer, LiveRecord
from bot.tutor.lessons import Lessons
from bot.tutor.live_views import Choice, Ended, LiveView, Result, Revealed, Score, asked_at
from bot.tutor.screens import Who

__all__ = ["Choice", "Ended", "Live", "LiveView", "Result", "Revealed", "Score"]

MAX_TEAMS = 10
# Live classes whose lesson and draw a process keeps at hand: far more than run at once on one process.
KEPT_SESSIONS = 256
# What answers keep of a typed answer (answers.answer_text): the box takes less, so this only guards.
TEXT_KEPT = 400
# Told each student's final live answers at End, one attempt per student: spaced review plugs in here.
ReviewHook = Callable[[LiveRecord, Sequence[AttemptWithAnswers]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Kept:
    """What every click of a session needs and never changes: read once per session and process."""

    guild_id: int
    teams: int
    lesson: Lesson
    drawn: tuple[int, ...]  # the lesson's questions the session asks, drawn once by its seed
    # Each question as asked, made once: a burst of answers to it all judge against the same one.
    asks: dict[int, Asked] = field(default_factory=dict)

    def asked(self, session_id: int, position: int) -> Asked:
        found = self.asks.get(position)
        if found is None:
            found = self.asks[position] = asked_at(self.lesson, self.drawn, session_id, position)
        return found


async def _no_review(session: LiveRecord, attempts: Sequence[AttemptWithAnswers]) -> None:
    return None


class Live:
    def __init__(self, lessons: Lessons, db: Storage, clock: Clock) -> None:
        self._lessons = lessons
        self._db = db
        self._clock = clock
        # By session: read once, rebuilt from the database when forgotten; bounded, as classes end.
        self._kept = Recent[int, _Kept](KEPT_SESSIONS)
        self.review_hook: ReviewHook = _no_review

    # -- the teacher ---------------------------------------------------------------------------

    async def start(
        self, who: Who, lesson_id: str, channel_id: int, *, teams: int, anonymous: bool
    ) -> LiveView:
        """Open a live session at the lesson's first question; refused if the channel has one running."""
        if not 0 <= teams <= MAX_TEAMS or teams == 1:
            raise UserError(say("live.teams_range", most=MAX_TEAMS))
        version_id, lesson = await self._lessons.named(who.guild_id, lesson_id)
        # One draw for the whole class: everyone is on the same question of the public card.
        seed = secrets.randbits(62)
        asked = drawn(lesson, seed)
        await self._db.remember_name(who.guild_id, who.user_id, who.name, self._clock.now())
        session = await self._db.start_live(
            who.guild_id,
            channel_id,
            lesson.id,
            who.user_id,
            version_id=version_id,
            question_count=len(asked),
            teams=teams,
            anonymous=anonymous,
            now=self._clock.now(),
            seed=seed,
        )
        if session is None:
            raise UserError(say("live.running_already", channel=f"<#{channel_id}>"))
        self._kept.put(session.id, _Kept(session.guild_id, session.teams, lesson, asked))
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

    async def choice(self, who: Who, session_id: int, position: int | None = None) -> Choice:
        """The question on screen (the one at `position`, if named) with the student's answer so far;
        refused once answers are closed, or once the class has moved on from `position`."""
        session = await self._session(who, session_id)
        if session.phase != Phase.OPEN or position not in (None, session.position):
            raise UserError(say("live.closed"))
        if position is None:
            # Their name, for the report after End: each time they open the question, never per tick.
            await self._db.remember_name(who.guild_id, who.user_id, who.name, self._clock.now())
        mine = await self._db.live_answers(session.id, session.position, who.user_id)
        given = (mine[0].option_index, mine[0].text) if mine else (None, None)
        return await self._choice(who, session.id, session.position, *given)

    async def answer(self, who: Who, session_id: int, position: int, given: Given) -> Choice:
        """Take or change the student's answer to question `position`, only while it is open: any kind,
        judged in the core; a new answer replaces the one before."""
        kept = await self._keep(who, session_id)
        if not 0 <= position < len(kept.drawn):
            raise UserError(say("live.closed"))
        try:
            judged = kept.asked(session_id, position).judge(given)
        except ChoiceError:
            raise UserError(say("live.no_such_option")) from None
        typed = None if judged.text is None else judged.text[:TEXT_KEPT]
        taken = await self._db.live_answer(
            session_id,
            position,
            who.user_id,
            judged.value,
            question_index=kept.drawn[position],
            correct=judged.correct,
            part=judging.part_of(judged.credit),
            text=typed,
            by_teacher=who.is_teacher,
            now=self._clock.now(),
        )
        if not taken:
            raise UserError(say("live.closed"))
        return await self._choice(who, session_id, position, judged.value, typed)

    async def result(self, who: Who, session_id: int, position: int) -> Result:
        """After a reveal: the question and the student's answer to it, judged."""
        session = await self._session(who, session_id)
        kept = await self._keep(who, session_id)
        # Never a question the class was not shown: its right answer would be told before it is asked.
        if not 0 <= position <= min(session.position, len(kept.drawn) - 1):
            raise UserError(say("live.not_revealed"))
        if session.phase == Phase.ENDED:
            found = [
                (answer.option_index, answer.text)
                for attempt in await self._db.attempts(session.quiz_id, who.user_id)
                for answer in attempt.answers
                if answer.question_index == kept.drawn[position]
            ]
        elif (session.position, session.phase) == (position, Phase.REVEALED) or session.position > position:
            mine = await self._db.live_answers(session.id, position, who.user_id)
            found = [(a.option_index, a.text) for a in mine]
        else:
            raise UserError(say("live.not_revealed"))
        asked = kept.asked(session_id, position)
        return Result(position, asked, asked.judge_value(*found[0]) if found else None)

    async def score(self, who: Who, session_id: int) -> Score:
        """After End: the student's own score over the questions asked, part marks counted."""
        session = await self._session(who, session_id)
        if session.phase != Phase.ENDED:
            raise UserError(say("live.not_ended"))
        attempts = await self._db.attempts(session.quiz_id, who.user_id)
        answers = [answer for attempt in attempts for answer in attempt.answers]
        team = team_of(session.id, who.user_id, session.teams) if session.teams else None
        right = sum(answer.correct for answer in answers)
        points = judging.points(right, (answer.part for answer in answers))
        return Score(right, points, len(answers), session.position + 1, team)

    # -- what the card shows -------------------------------------------------------------------

    async def view_of(self, session_id: int) -> LiveView | None:
        """The session as it stands now (for the card keeper); None if it is gone."""
        session = await self._db.live_session(session_id)
        return None if session is None else await self.view(session)

    async def view(self, session: LiveRecord) -> LiveView:
        kept = await self._kept_for(session)
        lesson, asked = kept.lesson, kept.drawn
        if session.phase == Phase.ENDED:
            return LiveView(session, lesson, asked, 0, 0, (), ended=await self._ended(session, asked))
        answers = await self._db.live_answers(session.id, session.position)
        answered, taking_part = await self._db.live_counts(session.id, session.position)
        by = () if session.anonymous else await self._names(session.guild_id, answers)
        question = lesson.questions[asked[session.position]]
        revealed = None
        if session.phase == Phase.REVEALED:
            options, right = shares_of(question, [(a.option_index, a.correct) for a in answers])
            revealed = Revealed(
                options, right, self._teams(session, ((a.user_id, a.correct) for a in answers))
            )
        typed: tuple[Typed, ...] = ()
        if question.kind is Kind.TYPED:
            given = ((a.text or "", a.correct) for a in answers)
            typed = tuple(common_typed(given, accents=not lesson.ignore_accents))
        return LiveView(session, lesson, asked, answered, taking_part, by, revealed, typed=typed)

    async def _names(self, guild_id: int, answers: Sequence[LiveAnswer]) -> tuple[str, ...]:
        ids = [a.user_id for a in answers if not a.by_teacher]
        known = await self._db.names(guild_id, ids)
        return tuple(sorted(known.get(user_id, f"<@{user_id}>") for user_id in ids))

    async def _ended(self, session: LiveRecord, asked: tuple[int, ...]) -> Ended:
        attempts = await self._db.attempts(session.quiz_id)
        answers = [(a.record.user_id, r) for a in attempts for r in a.answers]
        per_question = []
        for position in range(session.position + 1):
            given = [r for _, r in answers if r.question_index == asked[position]]
            per_question.append(Share(sum(r.correct for r in given), len(given)))
        return Ended(per_question, self._teams(session, ((user, r.correct) for user, r in answers)))

    @staticmethod
    def _teams(session: LiveRecord, answers: Iterable[tuple[int, bool]]) -> list[Share]:
        return team_results(session.id, session.teams, answers) if session.teams else []

    async def _choice(
        self, who: Who, session_id: int, position: int, chosen: int | None, typed: str | None
    ) -> Choice:
        kept = await self._keep(who, session_id)
        team = team_of(session_id, who.user_id, kept.teams) if kept.teams else None
        asked = kept.asked(session_id, position)
        return Choice(session_id, position, asked, chosen, typed, team, len(kept.drawn))

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
            # The version the session started on, as an attempt keeps its own: a lesson changed since
            # must not change the questions of a class under way, nor what End writes.
            lesson = None if quiz is None else await self._lessons.version(quiz.version_id, quiz.lesson_id)
            if lesson is None:
                raise UserError(say("live.no_such_session"))
            # The same draw as at start: the seed is the session's, the lesson its version's.
            asked = drawn(lesson, session.seed)
            kept = _Kept(session.guild_id, session.teams, lesson, asked)
            self._kept.put(session.id, kept)
        return kept
