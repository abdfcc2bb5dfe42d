"""The storage the bot uses, whichever engine keeps it: every method, named for what it guarantees.

Both engines (`bot.storage.SQLiteDatabase`, `bot.storage.PostgresDatabase`) implement it and pass the
same tests (tests/storage). Times go in as aware datetimes from the bot's clock, kept to the millisecond,
and come back in UTC. Every write is one statement, or one transaction of several (forget, sweep,
pin_unversioned, publishing, and on SQLite the clicks committed together), so several processes on one
database neither double nor lose anything: the constraints, not the callers, hold the invariants. The
live class's and spaced review's methods are declared beside it (interface_live.py, interface_review.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Protocol

from bot.quiz.rules import QuizRules
from bot.report.model import SchoolId
from bot.storage.interface_live import LiveStorage
from bot.storage.interface_review import ReviewStorage
from bot.storage.records import (
    Accommodation,
    Answered,
    AttemptRecord,
    AttemptState,
    AttemptWithAnswers,
    Forgotten,
    GuildSettings,
    LessonDraft,
    LessonVersion,
    PendingRequest,
    QuizRecord,
    ServerLesson,
    Swept,
)


class Storage(LiveStorage, ReviewStorage, Protocol):
    async def close(self) -> None:
        """Release the connection(s)."""

    async def schema_version(self) -> int:
        """The number of the last migration applied."""

    async def ping(self) -> bool:
        """Whether the database answers; a fault raises as any call's would (busy, unreachable)."""

    async def open_attempts(self) -> int:
        """Attempts begun and not finished, in every server."""

    async def database_now(self) -> datetime:
        """The database's own clock: the one every process's deadlines are judged by."""

    # -- quizzes -------------------------------------------------------------------------------

    async def open_quiz(
        self,
        guild_id: int,
        lesson_id: str,
        channel_id: int,
        teacher_id: int,
        *,
        version_id: int | None,
        rules: QuizRules,
        now: datetime,
    ) -> tuple[QuizRecord, bool]:
        """The lesson's open quiz in this channel, opening one with `rules` if none is; True if opened now.

        At most one open quiz per lesson and channel, however many teachers click at once.
        """

    async def change_rules(self, quiz_id: int, rules: QuizRules) -> None:
        """Replace the rules of an open quiz; a closed one is left as it is."""

    async def quiz(self, quiz_id: int) -> QuizRecord | None:
        """The quiz with this id, open or closed."""

    async def open_quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None
    ) -> list[QuizRecord]:
        """The server's open quizzes, optionally only those of one channel and lesson; newest first."""

    async def quizzes(
        self, guild_id: int, channel_id: int | None = None, lesson_id: str | None = None, limit: int = 25
    ) -> list[QuizRecord]:
        """The server's quizzes, open and closed, newest first; optionally of one channel and lesson."""

    async def close_quiz(self, quiz_id: int, now: datetime) -> bool:
        """Close a quiz for everyone, extra time included; False if it was closed for good already."""

    async def anything_due(self, now: datetime) -> bool:
        """Whether a quiz is past its deadline, or closed with no extra time left; a read, never a write."""

    async def close_overdue(self, now: datetime) -> list[tuple[int, bool]]:
        """Close every quiz whose deadline has passed, as of its deadline; (id, settled) for each, by id.

        Run by several processes at once, each quiz is closed (and returned) by exactly one of them.
        """

    async def settle_finished_extensions(self, now: datetime) -> list[int]:
        """Settle closed quizzes whose last extra time has run out; their ids, each returned once."""

    async def unsettle(self, quiz_id: int, now: datetime) -> bool:
        """Reopen a deadline-closed quiz's cards for students given extra time after it settled."""

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next moment a quiz's deadline or a student's extra time ends, if any."""

    async def add_quiz_card(self, quiz_id: int, channel_id: int, message_id: int) -> None:
        """Remember a message that shows the quiz's Start button (again is harmless)."""

    async def quiz_cards(self, quiz_id: int) -> list[tuple[int, int]]:
        """The (channel id, message id) of every message that shows the quiz's Start button."""

    # -- accommodations ------------------------------------------------------------------------

    async def set_accommodation(
        self, quiz_id: int, user_id: int, extra_attempts: int, until: datetime | None, teacher_id: int
    ) -> None:
        """Give (or replace) one student's extra attempts and extra time on a quiz."""

    async def remove_accommodation(self, quiz_id: int, user_id: int) -> bool:
        """Take a student's accommodation away; False if they had none."""

    async def accommodations(self, quiz_id: int) -> dict[int, Accommodation]:
        """Every accommodation on a quiz, by student."""

    # -- attempts ------------------------------------------------------------------------------

    async def start_attempt(
        self,
        quiz: QuizRecord,
        user_id: int,
        *,
        seed: int,
        question_count: int,
        version_id: int | None,
        by_teacher: bool,
        now: datetime,
    ) -> AttemptRecord | None:
        """A new attempt if the student has none unfinished and attempts left; None (nothing written) if not.

        Any number of simultaneous Start clicks, from any number of processes, make one attempt, no error.
        """

    async def attempts(self, quiz_id: int, user_id: int | None = None) -> list[AttemptWithAnswers]:
        """A quiz's attempts (one student's, or everyone's) with their answers in the order given."""

    async def student_attempts(self, guild_id: int, user_id: int) -> list[AttemptWithAnswers]:
        """Every attempt the student made in this server, with their answers."""

    async def attempt_state(self, attempt_id: int, now: datetime) -> AttemptState | None:
        """The attempt, its answers, its quiz, and whether its student may answer now."""

    async def may_start(self, quiz_id: int, user_id: int, now: datetime) -> bool:
        """Whether the student may answer this quiz now, by its window and their extra time."""

    async def record_answer(
        self,
        attempt_id: int,
        position: int,
        question_index: int,
        option_index: int,
        *,
        correct: bool,
        now: datetime,
        text: str | None = None,
        part: int | None = None,
    ) -> bool:
        """Commit an answer if `position` is the attempt's next one and its quiz takes answers now.

        False (nothing written) if not: one answer per question, only the next one, however many clicks
        arrive at once. The answer that completes the attempt finishes it in the same statement.
        `text`, a typed answer, is stored exactly as given (at most 400 characters) and read back in
        AttemptState.texts and AnswerRow.text. `part`, a part mark in thousandths (1-999) of an answer
        partly right, is read back in AnswerRow.part and counts in AttemptWithAnswers.score.
        """

    async def answer_and_state(
        self,
        attempt_id: int,
        position: int,
        question_index: int,
        option_index: int,
        *,
        guild_id: int,
        user_id: int,
        seed: int,
        correct: bool,
        now: datetime,
        text: str | None = None,
        part: int | None = None,
    ) -> Answered:
        """A click in one trip to the database: record_answer's insert, with all its guarantees, taken only
        if the attempt is this student's in this server with this seed; and the attempt's state before it.

        The answer is committed (durably) before this returns, whatever the engine does to batch commits.
        """

    # -- lesson versions -----------------------------------------------------------------------

    async def lesson_version(self, lesson_id: str, hash_: str, content: str, now: datetime) -> int:
        """The id of this exact content of a lesson, recording it the first time it is seen."""

    async def version(self, version_id: int) -> LessonVersion | None:
        """One recorded content of a lesson."""

    async def latest_version(self, lesson_id: str) -> LessonVersion | None:
        """The most recently recorded content of a lesson, e.g. for a lesson whose file is gone."""

    async def pin_unversioned(self, lesson_id: str, version_id: int) -> None:
        """Give quizzes and attempts from before versions existed the version they were taken on."""

    # -- settings and people -------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        """The server's settings, defaults included when nothing was ever set."""

    async def set_setting(self, guild_id: int, key: str, value: str | int | None) -> None:
        """Set one server setting (timezone, teacher_role_id, student_role_id); ValueError if unknown."""

    async def remember_name(self, guild_id: int, user_id: int, name: str, now: datetime) -> None:
        """The name a person goes by in this server, as of now."""

    async def names(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        """The names known for these people in this server; the unknown are left out."""

    # -- lessons a server publishes, and uploads waiting -----------------------------------------

    async def server_lessons(self, guild_id: int, *, removed: bool = False) -> list[ServerLesson]:
        """The server's published lessons by id; those removed too if `removed`."""

    async def server_lesson(self, guild_id: int, lesson_id: str) -> ServerLesson | None:
        """One of the server's lessons, removed or not."""

    async def publish_lesson(
        self, guild_id: int, lesson_id: str, version_id: int, user_id: int, now: datetime, *, cap: int
    ) -> bool:
        """Serve `version_id` as the server's lesson; False (nothing written) if `cap` others are served.

        Two teachers publishing at once cannot both slip under the cap.
        """

    async def remove_lesson(self, guild_id: int, lesson_id: str, now: datetime) -> bool:
        """Offer a lesson for no new quizzes; False if the server has no such lesson, or it was removed."""

    async def unfinished_attempts(self, guild_id: int, lesson_id: str) -> int:
        """How many tries at the lesson's quizzes in this server are under way now."""

    async def add_draft(self, guild_id: int, user_id: int, filename: str, content: str, now: datetime) -> int:
        """Keep an upload waiting for Publish or Cancel; its id."""

    async def draft(self, draft_id: int) -> LessonDraft | None:
        """A waiting upload, if it is still there."""

    async def drop_draft(self, draft_id: int) -> bool:
        """Forget a draft; False if it was gone already (published, cancelled or expired)."""

    async def drop_drafts_before(self, moment: datetime) -> int:
        """Forget drafts made before `moment`; how many."""

    # -- one person's data, and retention ------------------------------------------------------------

    async def person(self, guild_id: int, user_id: int) -> tuple[str, datetime] | None:
        """The name kept for this person in this server, and when it was last seen."""

    async def student_accommodations(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person has on the server's quizzes."""

    async def quizzes_opened_by(self, guild_id: int, user_id: int) -> list[QuizRecord]:
        """The server's quizzes this person opened (as a teacher), oldest first."""

    async def accommodations_granted_by(self, guild_id: int, user_id: int) -> list[Accommodation]:
        """Extra tries or time this person gave students on the server's quizzes (as a teacher)."""

    async def lessons_published_by(self, guild_id: int, user_id: int) -> list[ServerLesson]:
        """The server's lessons this person published (as a teacher), by id."""

    async def drafts_of(self, guild_id: int, user_id: int) -> list[LessonDraft]:
        """Uploads of this person's waiting to be published, oldest first."""

    async def school_id_of(self, guild_id: int, user_id: int) -> SchoolId | None:
        """The school's id number and email for this person, as a teacher imported them."""

    async def pending_of(self, guild_id: int, user_id: int) -> list[PendingRequest]:
        """This person's commands waiting in this server for their answer, oldest first."""

    # -- commands waiting for a teacher's answer --------------------------------------------------

    async def add_pending(self, guild_id: int, user_id: int, kind: str, content: str, now: datetime) -> int:
        """Keep a command waiting for its teacher's answer; its id."""

    async def pending(self, pending_id: int) -> PendingRequest | None:
        """A waiting command, if it is still kept."""

    async def drop_pending(self, pending_id: int) -> bool:
        """Forget a waiting command; False if it was gone already (answered, or expired)."""

    async def drop_pending_before(self, moment: datetime) -> int:
        """Forget waiting commands made before `moment`; how many."""

    # -- deadlines on every process -------------------------------------------------------------

    async def claim_owed_cards(self, now: datetime, stale: datetime) -> list[int]:
        """Quizzes whose cards were owed an edit since before `stale` (the process that changed them
        died before editing them): each claimed as of `now` by this caller alone, until `now` is stale."""

    async def cards_shown(self, quiz_id: int, owed_since: datetime) -> None:
        """The quiz's cards show its state as owed since `owed_since`; a later change stays owed."""

    async def claim_deadline_note(self, quiz_id: int, now: datetime) -> int | None:
        """Who opened a quiz its deadline closed, the first time any process asks; None after that, or
        if a teacher closed it."""

    # -- servers and classes --------------------------------------------------------------------

    async def remember_locale(self, guild_id: int, locale: str) -> None:
        """The server's language as Discord gives it, for processes that do not serve its shard."""

    async def set_class_roster(self, guild_id: int, channel_id: int, role_id: int | None) -> None:
        """The role whose members are this class channel's students; None: the server's roster again."""

    async def class_rosters(self, guild_id: int) -> dict[int, int]:
        """Each class channel's own roster role."""

    async def replace_school_ids(self, guild_id: int, ids: Mapping[int, SchoolId]) -> None:
        """The server's students' school ids and emails, replacing the last import whole, atomically."""

    async def school_ids(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, SchoolId]:
        """The school ids kept for these people in this server."""

    async def held(self, guild_id: int, user_id: int) -> Forgotten:
        """What `forget` would delete now, without deleting anything."""

    async def forget(self, guild_id: int, user_id: int) -> Forgotten:
        """Delete everything kept about this person in this server, all at once; what went.

        Their attempts, answers, name, extra time and waiting uploads go; quizzes they opened, extra time
        they gave and lessons they published stay for the class, no longer naming them.
        """

    async def sweep(self, before: datetime) -> Swept:
        """Delete every attempt last active before `before` (with its answers), in every server, and the
        names of people not seen since then with no attempt left; each deleted once across processes."""
