"""A live class: its session (question on screen, phase) and students' answers, changeable until closed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.storage.records import LiveAnswer, LiveRecord
from bot.storage.sql.dialect import sql
from bot.storage.sql.runner import Runner
from bot.storage.sql.values import time_of, time_or_none

_COLUMNS = (
    "s.id, s.guild_id, s.channel_id, s.quiz_id, s.question_count, s.position, s.phase, s.teams,"
    " s.anonymous, s.card_message_id, s.started_at, s.ended_at, s.seed"
)
_RETURNED = _COLUMNS.replace("s.", "")

# The live session's quiz: closed to self-paced tries from the start (it never takes them, and so never
# meets a self-paced quiz of the same lesson at quizzes_one_open); End sets its close time.
_QUIZ = sql(
    "INSERT INTO quizzes (guild_id, lesson_id, channel_id, opened_by, opened_at, version_id,"
    " closed_at, settled_at)"
    " VALUES (:guild, :lesson, :channel, :teacher, :now::timestamptz, :version, :now, :now) RETURNING id"
)
_DROP_QUIZ = sql("DELETE FROM quizzes WHERE id = :quiz")
_START = sql(
    "INSERT INTO live_sessions (guild_id, channel_id, quiz_id, question_count, teams, anonymous, started_at,"
    " seed) VALUES (:guild, :channel, :quiz, :count, :teams, :anonymous::boolean, :now::timestamptz,"
    " :seed::bigint)"
    f" ON CONFLICT DO NOTHING RETURNING {_RETURNED}"
)
_SESSION = sql(f"SELECT {_COLUMNS} FROM live_sessions s WHERE s.id = :session")
_RUNNING = sql(
    f"SELECT {_COLUMNS} FROM live_sessions s"
    " WHERE s.guild_id = :guild AND s.channel_id = :channel AND s.phase <> 'ended'"
)
_SET_CARD = sql("UPDATE live_sessions SET card_message_id = :message WHERE id = :session")
# Compare and set: a step applies only from the phase and question it was pressed on, once.
_MOVE = sql(
    "UPDATE live_sessions SET phase = :to, position = :to_position"
    " WHERE id = :session AND phase = :at_phase AND position = :position"
    f" RETURNING {_RETURNED}"
)
# One statement: the answer goes in, or replaces the student's earlier one, only while this question is
# the one on screen and open; otherwise the SELECT has no row and nothing is written.
ANSWER = sql(
    "INSERT INTO live_answers (session_id, position, user_id, option_index, correct, by_teacher, answered_at,"
    " question_index, answer_text, credit_milli)"
    " SELECT s.id, s.position, :user::bigint, :option::integer, :correct::boolean, :teacher::boolean,"
    " :now::timestamptz, :question::integer, :text::text, :part::integer FROM live_sessions s"
    " WHERE s.id = :session AND s.position = :position AND s.phase = 'open'"
    " ON CONFLICT (session_id, position, user_id) DO UPDATE SET option_index = excluded.option_index,"
    " correct = excluded.correct, answered_at = excluded.answered_at,"
    " question_index = excluded.question_index, answer_text = excluded.answer_text,"
    " credit_milli = excluded.credit_milli"
    " RETURNING position"
)
_COUNTS = sql(
    "SELECT (SELECT COUNT(*) FROM live_answers WHERE session_id = :session AND position = :position),"
    " (SELECT COUNT(DISTINCT user_id) FROM live_answers WHERE session_id = :session)"
)
# A row from before question_index was kept asked the lesson in order, without banks: its position is it.
_ANSWER_COLUMNS = (
    "position, user_id, option_index, correct, by_teacher, answered_at, COALESCE(question_index, position),"
    " answer_text, credit_milli, session_id"
)
_ANSWERS = sql(
    f"SELECT {_ANSWER_COLUMNS} FROM live_answers WHERE session_id = :session"
    " AND (:position::integer IS NULL OR position = :position)"
    " AND (:user::bigint IS NULL OR user_id = :user) ORDER BY position, user_id"
)
_OF_PERSON = sql(
    f"SELECT {_ANSWER_COLUMNS} FROM live_answers WHERE user_id = :user"
    " AND session_id IN (SELECT id FROM live_sessions WHERE guild_id = :guild) ORDER BY session_id, position"
)

# End, as one transaction (see `end_live`): one finished attempt per student who answered anything, its
# questions being those the session asked; then their answers as they stood; then the session and quiz end.
_NOT_ENDED = (
    "JOIN live_sessions s ON s.id = :session AND s.phase <> 'ended' JOIN quizzes q ON q.id = s.quiz_id"
)
_END_ATTEMPTS = sql(
    "INSERT INTO attempts (guild_id, lesson_id, user_id, number, quiz_id, seed, question_count,"
    " version_id, by_teacher, started_at, finished_at)"
    " SELECT s.guild_id, q.lesson_id, la.user_id, (SELECT COALESCE(MAX(p.number), 0) + 1 FROM attempts p"
    "   WHERE p.guild_id = s.guild_id AND p.lesson_id = q.lesson_id AND p.user_id = la.user_id),"
    "  q.id, s.seed, s.position + 1, q.version_id, la.by_teacher, la.started, :now::timestamptz"
    " FROM (SELECT user_id, MAX(CASE WHEN by_teacher THEN 1 ELSE 0 END) = 1 AS by_teacher,"
    "       MIN(answered_at) AS started FROM live_answers"
    "       WHERE session_id = :session GROUP BY user_id) la"
    f" {_NOT_ENDED}"
)
_END_ANSWERS = sql(
    "INSERT INTO answers (attempt_id, position, question_index, option_index, correct, answered_at,"
    " answer_text, credit_milli)"
    " SELECT a.id, la.position, COALESCE(la.question_index, la.position), la.option_index, la.correct,"
    " la.answered_at, la.answer_text, la.credit_milli"
    " FROM live_answers la"
    f" {_NOT_ENDED}"
    " JOIN attempts a ON a.quiz_id = s.quiz_id AND a.user_id = la.user_id"
    " WHERE la.session_id = :session"
)
_END_SESSION = sql(
    "UPDATE live_sessions SET phase = 'ended', ended_at = :now::timestamptz"
    f" WHERE id = :session AND phase <> 'ended' RETURNING {_RETURNED}"
)
# Once they are the quiz's attempts, the live answers go: a person's answers are kept in one place.
_END_CLEAR = sql(
    "DELETE FROM live_answers WHERE session_id = :session"
    " AND EXISTS (SELECT 1 FROM live_sessions WHERE id = :session AND ended_at = :now::timestamptz)"
)
_END_QUIZ = sql(
    "UPDATE quizzes SET closed_at = :now::timestamptz, settled_at = :now"
    " WHERE id = (SELECT quiz_id FROM live_sessions WHERE id = :session AND ended_at = :now)"
)


def answer_values(
    session_id: int,
    position: int,
    user_id: int,
    option: int,
    *,
    question_index: int,
    correct: bool,
    part: int | None = None,
    text: str | None = None,
    by_teacher: bool,
    now: datetime,
) -> dict[str, Any]:
    """The values ANSWER names."""
    return {
        "session": session_id,
        "position": position,
        "user": user_id,
        "option": option,
        "question": question_index,
        "correct": correct,
        "part": part,
        "text": text,
        "teacher": by_teacher,
        "now": now,
    }


def _session(row: Sequence[Any]) -> LiveRecord:
    (id_, guild, channel, quiz, count, position, phase, teams, anonymous, card, started, ended, seed) = row
    return LiveRecord(
        id=int(id_),
        guild_id=int(guild),
        channel_id=int(channel),
        quiz_id=int(quiz),
        question_count=int(count),
        position=int(position),
        phase=str(phase),
        teams=int(teams),
        anonymous=bool(anonymous),
        card_message_id=None if card is None else int(card),
        started_at=time_of(started),
        ended_at=time_or_none(ended),
        seed=int(seed),
    )


def _answer(row: Sequence[Any]) -> LiveAnswer:
    position, user, option, correct, teacher, answered, question, text, part, session = row
    return LiveAnswer(
        int(position),
        int(user),
        int(option),
        bool(correct),
        bool(teacher),
        time_of(answered),
        int(question),
        None if text is None else str(text),
        None if part is None else int(part),
        int(session),
    )


class LiveStatements(Runner):
    async def start_live(
        self,
        guild_id: int,
        channel_id: int,
        lesson_id: str,
        teacher_id: int,
        *,
        version_id: int | None,
        question_count: int,
        teams: int,
        anonymous: bool,
        now: datetime,
        seed: int = 0,
    ) -> LiveRecord | None:
        """A new live session with its own quiz row; None (nothing kept) if the channel has one running."""
        place = {"guild": guild_id, "channel": channel_id}
        quiz = await self._write_one(
            _QUIZ, lesson=lesson_id, teacher=teacher_id, now=now, version=version_id, **place
        )
        assert quiz is not None
        row = await self._write_one(
            _START,
            quiz=quiz[0],
            count=question_count,
            teams=teams,
            anonymous=anonymous,
            now=now,
            seed=seed,
            **place,
        )
        if row is None:  # another session runs in this channel: the quiz made for this one goes
            await self._write_one(_DROP_QUIZ, quiz=quiz[0])
            return None
        return _session(row)

    async def live_session(self, session_id: int) -> LiveRecord | None:
        row = await self._read_one(_SESSION, session=session_id)
        return None if row is None else _session(row)

    async def running_live(self, guild_id: int, channel_id: int) -> LiveRecord | None:
        row = await self._read_one(_RUNNING, guild=guild_id, channel=channel_id)
        return None if row is None else _session(row)

    async def set_live_card(self, session_id: int, message_id: int) -> None:
        await self._write_one(_SET_CARD, session=session_id, message=message_id)

    async def move_live(
        self, session: LiveRecord, phase: str, position: int | None = None
    ) -> LiveRecord | None:
        """Go from `session`'s phase and question to `phase` (and `position`); None if it had moved on."""
        row = await self._write_one(
            _MOVE,
            session=session.id,
            to=phase,
            to_position=session.position if position is None else position,
            position=session.position,
            at_phase=session.phase,
        )
        return None if row is None else _session(row)

    async def live_answer(
        self,
        session_id: int,
        position: int,
        user_id: int,
        option_index: int,
        *,
        question_index: int,
        correct: bool,
        part: int | None = None,
        text: str | None = None,
        by_teacher: bool,
        now: datetime,
    ) -> bool:
        """Take or change a student's answer while question `position` is on screen and open; else False."""
        values = answer_values(
            session_id,
            position,
            user_id,
            option_index,
            question_index=question_index,
            correct=correct,
            part=part,
            text=text,
            by_teacher=by_teacher,
            now=now,
        )
        return await self._take_answer(values)

    async def _take_answer(self, values: dict[str, Any]) -> bool:
        """ANSWER with these values, alone; on SQLite, with the answers arriving beside it (live_clicks)."""
        return await self._write_one(ANSWER, **values) is not None

    async def live_counts(self, session_id: int, position: int) -> tuple[int, int]:
        """(students who answered question `position`, students who answered anything this session)."""
        row = await self._read_one(_COUNTS, session=session_id, position=position)
        assert row is not None
        return int(row[0]), int(row[1])

    async def live_answers(
        self, session_id: int, position: int | None = None, user_id: int | None = None
    ) -> list[LiveAnswer]:
        """A session's answers as they stand (of one question, or one student), by question then student."""
        rows = await self._read_all(_ANSWERS, session=session_id, position=position, user=user_id)
        return [_answer(row) for row in rows]

    async def live_answers_of(self, guild_id: int, user_id: int) -> list[LiveAnswer]:
        """Every live answer this person gave in the server's live classes."""
        return [_answer(row) for row in await self._read_all(_OF_PERSON, guild=guild_id, user=user_id)]

    async def end_live(self, session_id: int, now: datetime) -> LiveRecord | None:
        """End a session, all at once: its answers become its quiz's attempts (and leave live_answers), and
        the quiz closes.

        None (nothing written) if it had ended already, whoever ended it.
        """
        values = {"session": session_id, "now": now}
        steps = [(_END_ATTEMPTS, values), (_END_ANSWERS, values), (_END_SESSION, values)]
        steps += [(_END_QUIZ, values), (_END_CLEAR, values)]
        ended = (await self._write_together(steps, queue_on=session_id))[2]
        return _session(ended[0]) if ended else None
