"""Spaced review: assignments, settings, each student's items, their next due day, and the answers.

One answer per review step is a primary key, not a check: the answer's row goes in first (or nothing
does) and the item moves only if that row is the one just written, in the same transaction; so a double
click, or two processes answering the same step, change the item once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.review.scheduler import Memory
from bot.storage.records import (
    NewReviewItem,
    ReviewAnswer,
    ReviewAssignment,
    ReviewItem,
    ReviewSettings,
)
from bot.storage.sql.dialect import sql
from bot.storage.sql.runner import Runner, Step
from bot.storage.sql.values import day_of, day_or_none, time_of

_ASSIGNMENT = "guild_id, channel_id, lesson, ends_on, exam_on, measure, check_on, seed, card_on, created_at"
_ASSIGN = sql(
    f"INSERT INTO review_assignments ({_ASSIGNMENT})"
    " VALUES (:guild, :channel, :lesson, :ends::date, :exam::date, :measure::boolean, :check::date, :seed,"
    " NULL, :now::timestamptz)"
    " ON CONFLICT (guild_id, channel_id, lesson) DO UPDATE SET ends_on = excluded.ends_on,"
    " exam_on = excluded.exam_on, measure = excluded.measure, check_on = excluded.check_on"
    f" RETURNING {_ASSIGNMENT}"
)
_STOP = sql(
    "DELETE FROM review_assignments WHERE guild_id = :guild AND channel_id = :channel"
    " AND (:lesson::text IS NULL OR lesson = :lesson) RETURNING 1"
)
_ASSIGNMENTS = sql(
    f"SELECT {_ASSIGNMENT} FROM review_assignments WHERE (:guild::bigint IS NULL OR guild_id = :guild)"
    " ORDER BY guild_id, channel_id, lesson"
)
_SETTINGS = sql("SELECT guild_id, cap, at_minute, days FROM review_settings WHERE guild_id = :guild")
_SET_SETTINGS = sql(
    "INSERT INTO review_settings (guild_id, cap, at_minute, days) VALUES (:guild, :cap, :at, :days)"
    " ON CONFLICT (guild_id) DO UPDATE SET cap = excluded.cap, at_minute = excluded.at_minute,"
    " days = excluded.days"
)

_ITEM = (
    "id, guild_id, user_id, lesson, question_key, stability, difficulty, due, last_review, reps, lapses,"
    " last_correct, longest_recall, arm, checked, first_correct, first_at"
)
_ADD_ITEM = sql(
    "INSERT INTO review_items (guild_id, user_id, lesson, question_key, stability, difficulty, due,"
    " last_review, reps, lapses, last_correct, longest_recall, arm, checked, first_correct, first_at)"
    " VALUES (:guild, :user, :lesson, :key, :stability, :difficulty, :due::date, :last::timestamptz,"
    " :reps, :lapses, :correct::boolean, :longest, :arm, false, :correct, :first::timestamptz)"
    " ON CONFLICT (guild_id, user_id, lesson, question_key) DO NOTHING RETURNING id"
)
_ITEMS_OF = sql(f"SELECT {_ITEM} FROM review_items WHERE guild_id = :guild AND user_id = :user ORDER BY id")
_ITEMS_OF_SERVER = sql(f"SELECT {_ITEM} FROM review_items WHERE guild_id = :guild ORDER BY user_id, id")
_ITEM_BY_ID = sql(f"SELECT {_ITEM} FROM review_items WHERE id = :item")
# What the daily plan is given: one student's items due by today, found through the (guild, due) index.
# A held-back item waits for the delayed check, so it does not make its student's day a review day.
_NEXT_DUE = sql(
    "INSERT INTO review_students (guild_id, user_id, next_due)"
    " VALUES (:guild, :user, (SELECT MIN(due) FROM review_items WHERE guild_id = :guild AND user_id = :user"
    "  AND (arm <> 'held_back' OR checked)))"
    " ON CONFLICT (guild_id, user_id) DO UPDATE SET next_due = excluded.next_due"
)
# An exam set for a lesson (or every lesson: '') brings its items due after the exam's eve back to it;
# a student's next due day can only come forward.
_PULL = sql(
    "UPDATE review_items SET due = :to::date WHERE guild_id = :guild AND (:lesson = '' OR lesson = :lesson)"
    " AND due > :to RETURNING id"
)
_PULL_NEXT_DUE = sql(
    "UPDATE review_students SET next_due = :to::date WHERE guild_id = :guild AND next_due > :to"
    " AND user_id IN (SELECT user_id FROM review_items WHERE guild_id = :guild AND due = :to"
    "  AND (:lesson = '' OR lesson = :lesson) AND (arm <> 'held_back' OR checked))"
)
_WAITING = sql(
    "SELECT user_id FROM review_students WHERE guild_id = :guild AND next_due <= :day::date ORDER BY user_id"
)
_REMIND = sql(
    "INSERT INTO review_students (guild_id, user_id, remind) VALUES (:guild, :user, :remind::boolean)"
    " ON CONFLICT (guild_id, user_id) DO UPDATE SET remind = excluded.remind"
)
_REMINDS = sql("SELECT remind FROM review_students WHERE guild_id = :guild AND user_id = :user")
_LOG = "guild_id, user_id, day, round, step, lesson, question_key, kind, correct, predicted, arm, answered_at"
_LOG_ANSWER = sql(
    f"INSERT INTO review_log ({_LOG}) VALUES (:guild, :user, :day::date, :round, :step, :lesson, :key,"
    " :kind, :correct::boolean, :predicted, :arm, :now::timestamptz)"
    " ON CONFLICT (guild_id, user_id, day, round, step) DO NOTHING RETURNING step"
)
# The item moves only from the memory the answer was judged on, and only if this answer's row went in.
_MOVE_ITEM = sql(
    "UPDATE review_items SET stability = :stability, difficulty = :difficulty, due = :due::date,"
    " last_review = :last::timestamptz, reps = :reps, lapses = :lapses, last_correct = :correct::boolean,"
    " longest_recall = :longest, checked = (checked OR :checked::boolean)"
    " WHERE id = :item AND reps = :reps_before AND EXISTS (SELECT 1 FROM review_log l"
    "  WHERE l.guild_id = :guild AND l.user_id = :user AND l.day = :day::date AND l.round = :round"
    "  AND l.step = :step AND l.answered_at = :now::timestamptz AND l.question_key = :key)"
    " RETURNING id"
)
# And if it did not move (another step moved it first), this answer's row goes again: nothing is kept.
_UNLOG = sql(
    "DELETE FROM review_log WHERE guild_id = :guild AND user_id = :user AND day = :day::date"
    " AND round = :round AND step = :step AND answered_at = :now::timestamptz"
    " AND NOT EXISTS (SELECT 1 FROM review_items WHERE id = :item AND reps = :reps"
    "  AND last_review = :now)"
)
_LOG_OF = sql(
    f"SELECT {_LOG} FROM review_log WHERE guild_id = :guild AND user_id = :user"
    " AND (:day::date IS NULL OR day = :day) ORDER BY answered_at, round, step"
)
_LOG_OF_SERVER = sql(f"SELECT {_LOG} FROM review_log WHERE guild_id = :guild ORDER BY answered_at")


def _assignment(row: Sequence[Any]) -> ReviewAssignment:
    guild, channel, lesson, ends, exam, measure, check, seed, card, created = row
    return ReviewAssignment(
        int(guild),
        int(channel),
        str(lesson),
        day_or_none(ends),
        day_or_none(exam),
        bool(measure),
        day_or_none(check),
        int(seed),
        day_or_none(card),
        time_of(created),
    )


def _item(row: Sequence[Any]) -> ReviewItem:
    (id_, guild, user, lesson, key, stability, difficulty, due, last, reps, lapses, correct, longest) = row[
        :13
    ]
    arm, checked, first_correct, first_at = row[13:]
    memory = Memory(
        float(stability),
        float(difficulty),
        day_of(due),
        time_of(last),
        int(reps),
        int(lapses),
        bool(correct),
        int(longest),
    )
    return ReviewItem(
        int(id_),
        int(guild),
        int(user),
        str(lesson),
        str(key),
        memory,
        str(arm),
        bool(checked),
        bool(first_correct),
        time_of(first_at),
    )


def _answer(row: Sequence[Any]) -> ReviewAnswer:
    guild, user, day, round_, step, lesson, key, kind, correct, predicted, arm, answered = row
    return ReviewAnswer(
        int(guild),
        int(user),
        day_of(day),
        int(round_),
        int(step),
        str(lesson),
        str(key),
        str(kind),
        bool(correct),
        None if predicted is None else float(predicted),
        str(arm),
        time_of(answered),
    )


def _memory_values(memory: Memory) -> dict[str, Any]:
    return {
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last": memory.last_review,
        "reps": memory.reps,
        "lapses": memory.lapses,
        "correct": memory.last_correct,
        "longest": memory.longest_recall,
    }


class ReviewStatements(Runner):
    # -- what the teacher set ----------------------------------------------------------------------

    async def assign_review(
        self,
        guild_id: int,
        channel_id: int,
        lesson: str,
        *,
        ends_on: date | None,
        exam_on: date | None,
        measure: bool,
        check_on: date | None,
        seed: int,
        now: datetime,
    ) -> ReviewAssignment:
        """Assign review of `lesson` ('' for every lesson) to the class channel, or change it if assigned."""
        row = await self._write_one(
            _ASSIGN,
            guild=guild_id,
            channel=channel_id,
            lesson=lesson,
            ends=ends_on,
            exam=exam_on,
            measure=measure,
            check=check_on,
            seed=seed,
            now=now,
        )
        assert row is not None
        return _assignment(row)

    async def stop_review(self, guild_id: int, channel_id: int, lesson: str | None = None) -> int:
        """End the channel's review (of one lesson, or all); how many assignments ended. Items stay."""
        rows = await self._write_all(_STOP, guild=guild_id, channel=channel_id, lesson=lesson)
        return len(rows)

    async def review_assignments(self, guild_id: int | None = None) -> list[ReviewAssignment]:
        """The server's assignments (every server's when None), by server, channel and lesson."""
        return [_assignment(row) for row in await self._read_all(_ASSIGNMENTS, guild=guild_id)]

    async def review_settings(self, guild_id: int) -> ReviewSettings:
        """The server's review settings, the defaults if never set."""
        row = await self._read_one(_SETTINGS, guild=guild_id)
        return ReviewSettings(guild_id) if row is None else ReviewSettings(*(int(value) for value in row))

    async def set_review_settings(self, settings: ReviewSettings) -> None:
        """Keep the server's review settings (cap, daily time, weekdays)."""
        await self._write_one(
            _SET_SETTINGS,
            guild=settings.guild_id,
            cap=settings.cap,
            at=settings.at_minute,
            days=settings.days,
        )

    # -- each student's items ----------------------------------------------------------------------

    async def add_review_items(self, guild_id: int, user_id: int, items: Sequence[NewReviewItem]) -> int:
        """Add the student's items not there yet (an item never restarts); how many were new. The
        student's next due day follows in the same transaction."""
        if not items:
            return 0
        person = {"guild": guild_id, "user": user_id}
        steps: list[Step] = [
            (
                _ADD_ITEM,
                {
                    **person,
                    **_memory_values(item.memory),
                    "lesson": item.lesson,
                    "key": item.question_key,
                    "arm": item.arm,
                    "first": item.first_at,
                },
            )
            for item in items
        ]
        done = await self._write_together([*steps, (_NEXT_DUE, person)])
        return sum(len(rows) for rows in done[:-1])

    async def review_items(self, guild_id: int, user_id: int | None = None) -> list[ReviewItem]:
        """One student's items (everyone's in the server when `user_id` is None)."""
        if user_id is None:
            return [_item(row) for row in await self._read_all(_ITEMS_OF_SERVER, guild=guild_id)]
        return [_item(row) for row in await self._read_all(_ITEMS_OF, guild=guild_id, user=user_id)]

    async def pull_review_items(self, guild_id: int, lesson: str, to: date) -> int:
        """Bring the server's items of `lesson` ('' for every lesson) due after `to` back to `to`, and their
        students' next due day with them, in one transaction; how many items moved."""
        values = {"guild": guild_id, "lesson": lesson, "to": to}
        done = await self._write_together([(_PULL, values), (_PULL_NEXT_DUE, values)])
        return len(done[0])

    async def review_item(self, item_id: int) -> ReviewItem | None:
        """The item with this id, in any server (the caller checks whose it is)."""
        row = await self._read_one(_ITEM_BY_ID, item=item_id)
        return None if row is None else _item(row)

    async def waiting_students(self, guild_id: int, day: date) -> list[int]:
        """Students of the server with an item due on `day` or before (held-back items aside)."""
        return [int(row[0]) for row in await self._read_all(_WAITING, guild=guild_id, day=day)]

    async def set_review_remind(self, guild_id: int, user_id: int, remind: bool) -> None:
        """Turn the student's direct review reminder on or off (off unless they asked)."""
        await self._write_one(_REMIND, guild=guild_id, user=user_id, remind=remind)

    async def review_remind(self, guild_id: int, user_id: int) -> bool:
        """Whether the student asked for a direct review reminder."""
        row = await self._read_one(_REMINDS, guild=guild_id, user=user_id)
        return row is not None and bool(row[0])

    # -- answers -------------------------------------------------------------------------------------

    async def answer_review(
        self, item: ReviewItem, answer: ReviewAnswer, after: Memory, *, checked: bool = False
    ) -> bool:
        """Log `answer` and move the item to `after`, all or nothing; False (nothing changed) if the
        step had an answer already, or the item had moved since it was read. `after` is the memory as
        of the answer's moment."""
        if after.last_review != answer.answered_at:
            raise ValueError("the item's new memory must be as of the answer's moment")
        where = {
            "guild": answer.guild_id,
            "user": answer.user_id,
            "day": answer.day,
            "round": answer.round,
            "step": answer.step,
            "key": answer.question_key,
            "now": answer.answered_at,
        }
        logged = {
            **where,
            "lesson": answer.lesson,
            "kind": answer.kind,
            "correct": answer.correct,
            "predicted": answer.predicted,
            "arm": answer.arm,
        }
        moved = {**where, **_memory_values(after), "item": item.id, "reps_before": item.memory.reps}
        person = {"guild": answer.guild_id, "user": answer.user_id}
        done = await self._write_together(
            [
                (_LOG_ANSWER, logged),
                (_MOVE_ITEM, {**moved, "checked": checked}),
                (_UNLOG, moved),
                (_NEXT_DUE, person),
            ]
        )
        return bool(done[0] and done[1])

    async def review_answers(
        self, guild_id: int, user_id: int | None = None, day: date | None = None
    ) -> list[ReviewAnswer]:
        """Answers at review, oldest first: one student's (on one day, if given), or the server's."""
        if user_id is None:
            return [_answer(row) for row in await self._read_all(_LOG_OF_SERVER, guild=guild_id)]
        rows = await self._read_all(_LOG_OF, guild=guild_id, user=user_id, day=day)
        return [_answer(row) for row in rows]
