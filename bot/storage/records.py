"""What storage hands back: plain frozen records, the same whichever engine keeps them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from bot.quiz.judging import points
from bot.quiz.rules import FeedbackMode, QuizRules
from bot.review.scheduler import Memory


@dataclass(frozen=True, slots=True)
class QuizRecord:
    id: int
    guild_id: int
    lesson_id: str
    channel_id: int
    version_id: int | None
    opened_at: datetime
    closed_at: datetime | None
    settled_at: datetime | None
    rules: QuizRules

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def closed_by_deadline(self) -> bool:
        """Closed because its deadline passed, not early by a teacher; extra time may still run."""
        deadline = self.rules.closes_at
        return self.closed_at is not None and deadline is not None and self.closed_at >= deadline

    def results_visible(self) -> bool:
        """Whether students may see right and wrong: always, or in test mode once it has closed for good."""
        return self.rules.feedback is FeedbackMode.NOW or self.settled_at is not None


@dataclass(frozen=True, slots=True)
class Accommodation:
    quiz_id: int
    user_id: int
    extra_attempts: int
    until: datetime | None


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: int
    guild_id: int
    lesson_id: str
    user_id: int
    quiz_id: int
    number: int
    seed: int
    question_count: int
    version_id: int | None
    started_at: datetime
    finished_at: datetime | None
    by_teacher: bool

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True, slots=True)
class AttemptState:
    """An attempt as a click needs it: the record, its answers, its quiz, and whether it may answer now."""

    record: AttemptRecord
    answers: dict[int, int]  # question index -> the answer's value (bot/quiz/judging.py)
    quiz: QuizRecord
    may_answer: bool
    texts: dict[int, str] = field(default_factory=dict)  # question index -> a typed answer, as typed


@dataclass(frozen=True, slots=True)
class Answered:
    """One click's trip to the database: whether its answer was committed, and the attempt before it.

    `state` is None if there is no such attempt. It is the state the answer was judged against,
    so it never includes the answer itself, committed or not.
    """

    recorded: bool
    state: AttemptState | None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    question_index: int
    option_index: int
    correct: bool
    answered_at: datetime
    text: str | None = None  # a typed answer, as typed
    part: int | None = None  # a part mark in thousandths, for an answer partly right (partial credit)


@dataclass(frozen=True, slots=True)
class AttemptWithAnswers:
    """An attempt and every answer in it, in the order given: what reports and summaries are built from."""

    record: AttemptRecord
    answers: tuple[AnswerRow, ...]

    @property
    def score(self) -> float:
        """The answers right, plus the part marks of those partly right (a whole number without them)."""
        return points(sum(1 for a in self.answers if a.correct), (a.part for a in self.answers))


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    timezone: str = "UTC"
    teacher_role_id: int | None = None
    student_role_id: int | None = None
    locale: str | None = None  # the server's language, as Discord last gave it
    needs_help_below: int = 60  # percent: a counted score under it puts a student under "Needs help"


@dataclass(frozen=True, slots=True)
class LessonVersion:
    id: int
    lesson_id: str
    hash: str
    content: str
    first_seen: datetime


@dataclass(frozen=True, slots=True)
class ServerLesson:
    """A lesson a server's teachers published from Discord; `version_id` is what it serves now."""

    guild_id: int
    lesson_id: str
    version_id: int
    published_by: int
    published_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True, slots=True)
class LessonDraft:
    """An upload waiting for its teacher's Publish or Cancel; `content` is the lesson's record."""

    id: int
    guild_id: int
    user_id: int
    filename: str
    content: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What deleting one person's data in one server removed, and how many links to them were cut."""

    attempts: int = 0
    answers: int = 0
    names: int = 0
    accommodations: int = 0
    # Quizzes they opened and extra time they gave (as a teacher) keep their rows, no longer naming them.
    unlinked: int = 0
    reviews: int = 0  # spaced review: their items, review answers and reminder setting

    @property
    def nothing(self) -> bool:
        return not any(getattr(self, field.name) for field in fields(self))


@dataclass(frozen=True, slots=True)
class Swept:
    """What one retention sweep deleted, across every server."""

    attempts: int
    names: int
    reviews: int = 0  # review items and answers not touched for the retention period


@dataclass(frozen=True, slots=True)
class LiveRecord:
    """A live class: its quiz, the question on screen (0-based, in the lesson's order) and its phase."""

    id: int
    guild_id: int
    channel_id: int
    quiz_id: int
    question_count: int
    position: int
    phase: str  # "open", "closed", "revealed" or "ended"
    teams: int  # 0: no teams
    anonymous: bool
    card_message_id: int | None
    started_at: datetime
    ended_at: datetime | None
    seed: int = 0  # draws the bank questions asked, once for the whole class (bot/quiz/engine.py `drawn`)


@dataclass(frozen=True, slots=True)
class LiveAnswer:
    """A student's answer to one question of a live class, as it stands (changed until closed)."""

    position: int  # the question's place in the session (0-based)
    user_id: int
    option_index: int  # the judged value, as answers keep it (bot/quiz/judging.py)
    correct: bool
    by_teacher: bool
    answered_at: datetime
    question_index: int = 0  # the lesson's index of the question: differs from position with a bank
    text: str | None = None  # a typed answer, as typed
    part: int | None = None  # a part mark in thousandths, for an answer partly right (partial credit)
    session_id: int = 0


@dataclass(frozen=True, slots=True)
class ReviewAssignment:
    """Spaced review assigned to a class channel: of one lesson, or of every lesson ('' as `lesson`)."""

    guild_id: int
    channel_id: int
    lesson: str
    ends_on: date | None
    exam_on: date | None
    measure: bool
    check_on: date | None
    seed: int
    card_on: date | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """A server's review settings: the daily cap, the daily time (minutes after midnight), the weekdays."""

    guild_id: int
    cap: int = 5
    at_minute: int = 540
    days: int = 31  # weekdays as bits, Monday = 1

    @property
    def weekdays(self) -> frozenset[int]:
        return frozenset(day for day in range(7) if self.days >> day & 1)


@dataclass(frozen=True, slots=True)
class NewReviewItem:
    """A question a student answered in a quiz, as it enters their review."""

    lesson: str
    question_key: str
    memory: Memory
    arm: str
    first_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One student's review item: FSRS's memory of one question, keyed across lesson versions."""

    id: int
    guild_id: int
    user_id: int
    lesson: str
    question_key: str
    memory: Memory
    arm: str
    checked: bool
    first_correct: bool
    first_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewAnswer:
    """One answer given at review, in a redemption round or at the delayed check."""

    guild_id: int
    user_id: int
    day: date
    round: int  # 0: the day's review; else the attempt whose missed questions were asked again
    step: int
    lesson: str
    question_key: str
    kind: str
    correct: bool
    predicted: float | None
    arm: str
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class PendingRequest:
    """A teacher's command waiting for them to answer a question the bot asked; `content` is JSON."""

    id: int
    guild_id: int
    user_id: int
    kind: str
    content: str
    created_at: datetime
