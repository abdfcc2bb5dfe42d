"""The storage a live class needs (part of `Storage`, bot/storage/interface.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.storage.records import LiveAnswer, LiveRecord


class LiveStorage(Protocol):
    # -- live classes ------------------------------------------------------------------------------

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
        """A new live session at its first question, open, with its own quiz row (closed to self-paced
        tries) and `seed` (which draws its bank questions); None, and nothing kept, if the channel has a
        live session running: one per channel."""

    async def live_session(self, session_id: int) -> LiveRecord | None:
        """The live session with this id, running or ended."""

    async def running_live(self, guild_id: int, channel_id: int) -> LiveRecord | None:
        """The channel's live session that has not ended, if any."""

    async def set_live_card(self, session_id: int, message_id: int) -> None:
        """Remember the public card of a live session."""

    async def move_live(
        self, session: LiveRecord, phase: str, position: int | None = None
    ) -> LiveRecord | None:
        """Go from the phase and question `session` shows to `phase` (and question `position`); None, and
        nothing written, if it had moved on: a step pressed twice, or from two places, applies once."""

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
        """Take a student's answer, or replace theirs (value, lesson question, text and part mark all
        together), only while question `position` is on screen and open; False (nothing written)
        otherwise. One statement: one answer per student per question."""

    async def live_counts(self, session_id: int, position: int) -> tuple[int, int]:
        """(students who answered question `position`, students who answered anything this session)."""

    async def live_answers(
        self, session_id: int, position: int | None = None, user_id: int | None = None
    ) -> list[LiveAnswer]:
        """A session's answers as they stand (of one question, or one student), by question then student."""

    async def live_answers_of(self, guild_id: int, user_id: int) -> list[LiveAnswer]:
        """Every live answer this person gave in the server's live classes."""

    async def end_live(self, session_id: int, now: datetime) -> LiveRecord | None:
        """End a session in one transaction: one finished attempt of its quiz per student who answered,
        over the questions asked, with the session's seed and their answers as they stood (lesson question,
        value, text and part mark); the quiz closes now. None (nothing written) if it had ended already."""
