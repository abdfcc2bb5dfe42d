"""A person's own data in one server, as the JSON file /mydata sends them. No Discord, no I/O.

Discord ids are written as text, as Discord itself does: they are too large for JavaScript's numbers.
Times are UTC, ISO 8601.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.i18n import ENGLISH, Language, Text, text
from bot.report.model import SchoolId

FILENAME = "my-data.json"

ABOUT = (
    "Everything the classroom tutor bot keeps about you in one Discord server. "
    "Times are UTC. Ids are Discord's, written as text. Questions are numbered in the order you were"
    " asked them, as your quiz showed them; lesson_question_number is the lesson's own number."
)


@dataclass(frozen=True, slots=True)
class AnswerKept:
    question_number: int  # the student's own: its place in the order they were asked, from 1
    lesson_question_number: int  # in lesson order, as the teacher's report numbers it
    question: str | None  # None if the lesson's content is gone
    chosen: str | None
    right: bool | None  # None while the quiz hides results (test mode, before it closes)
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class AttemptKept:
    quiz_id: int
    lesson_id: str
    lesson_title: str
    channel_id: int
    number: int
    started_at: datetime
    finished_at: datetime | None
    score: float | None  # None while the quiz hides results
    questions: int
    by_teacher: bool
    answers: tuple[AnswerKept, ...]


@dataclass(frozen=True, slots=True)
class ExtraKept:
    """Extra tries or time on a quiz: given to this person, or (`student_id` set) given by them."""

    quiz_id: int
    lesson_title: str
    extra_tries: int
    until: datetime | None
    student_id: int | None = None


@dataclass(frozen=True, slots=True)
class QuizOpened:
    quiz_id: int
    lesson_title: str
    channel_id: int
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class LessonPublished:
    lesson_id: str
    published_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True, slots=True)
class UploadWaiting:
    """A lesson file this person uploaded, waiting for them to publish or cancel it."""

    filename: str
    uploaded_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewItemKept:
    """A question in this person's spaced review: where the scheduler has it."""

    lesson_id: str
    question_key: str
    question: str | None  # None if the lesson no longer has it
    due: date
    answered: int
    last_right: bool
    last_answered_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewAnswerKept:
    """One answer at review, in a "try again" round or at a delayed check."""

    lesson_id: str
    question_key: str
    kind: str
    right: bool
    predicted_recall: float | None
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class LiveAnswerKept:
    """An answer in a live class still running: when the class ends it becomes part of a quiz try."""

    session_id: int
    question_number: int  # its number in the live class
    question: str | None  # None if the lesson's content is gone
    chosen: str | None
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class MyData:
    guild_id: int
    user_id: int
    exported_at: datetime
    name: str | None
    name_seen_at: datetime | None
    attempts: tuple[AttemptKept, ...] = ()
    extras: tuple[ExtraKept, ...] = ()
    quizzes_opened: tuple[QuizOpened, ...] = ()
    extras_given: tuple[ExtraKept, ...] = ()
    lessons_published: tuple[LessonPublished, ...] = ()
    uploads: tuple[UploadWaiting, ...] = ()
    review_items: tuple[ReviewItemKept, ...] = ()
    review_answers: tuple[ReviewAnswerKept, ...] = ()
    review_reminders: bool = False
    school_id: SchoolId | None = None  # as a teacher imported it (/roster import)
    commands_waiting: int = 0  # a teacher's commands waiting for them to pick a date (kept a day)
    live_answers: tuple[LiveAnswerKept, ...] = ()

    @property
    def empty(self) -> bool:
        return self.name is None and not (
            self.attempts
            or self.extras
            or self.quizzes_opened
            or self.extras_given
            or self.lessons_published
            or self.uploads
            or self.review_items
            or self.review_answers
            or self.review_reminders
            or self.school_id is not None
            or self.commands_waiting
            or self.live_answers
        )


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _extra(extra: ExtraKept) -> dict[str, object]:
    shown: dict[str, object] = {
        "quiz_id": extra.quiz_id,
        "lesson_title": extra.lesson_title,
        "extra_tries": extra.extra_tries,
        "extra_time_until": _time(extra.until),
    }
    if extra.student_id is not None:
        shown["student_id"] = str(extra.student_id)
    return shown


def _attempt(attempt: AttemptKept) -> dict[str, object]:
    return {
        "quiz_id": attempt.quiz_id,
        "lesson_id": attempt.lesson_id,
        "lesson_title": attempt.lesson_title,
        "class_channel_id": str(attempt.channel_id),
        "try_number": attempt.number,
        "started_at": _time(attempt.started_at),
        "finished_at": _time(attempt.finished_at),
        "score": attempt.score,
        "out_of": attempt.questions,
        "taken_as_teacher": attempt.by_teacher,
        "answers": [
            {
                "question_number": answer.question_number,
                "lesson_question_number": answer.lesson_question_number,
                "question": answer.question,
                "your_answer": answer.chosen,
                "right": answer.right,
                "answered_at": _time(answer.answered_at),
            }
            for answer in attempt.answers
        ],
    }


def mydata_document(data: MyData) -> dict[str, object]:
    """The file's content as plain JSON values, in a fixed shape: every key is always there."""
    return {
        "about": ABOUT,
        "exported_at": _time(data.exported_at),
        "server_id": str(data.guild_id),
        "user_id": str(data.user_id),
        "name": None if data.name is None else {"name": data.name, "last_seen_at": _time(data.name_seen_at)},
        "quiz_tries": [_attempt(a) for a in data.attempts],
        # Right or wrong is left out: the class may not have been shown the answer yet.
        "live_class_answers": [
            {
                "live_class_id": str(given.session_id),
                "question_number": given.question_number,
                "question": given.question,
                "your_answer": given.chosen,
                "answered_at": _time(given.answered_at),
            }
            for given in data.live_answers
        ],
        "extra_tries_or_time": [_extra(e) for e in data.extras],
        "quizzes_you_opened": [
            {
                "quiz_id": q.quiz_id,
                "lesson_title": q.lesson_title,
                "class_channel_id": str(q.channel_id),
                "opened_at": _time(q.opened_at),
            }
            for q in data.quizzes_opened
        ],
        "extra_tries_or_time_you_gave": [_extra(e) for e in data.extras_given],
        "lessons_you_published": [
            {
                "lesson_id": lesson.lesson_id,
                "published_at": _time(lesson.published_at),
                "removed_at": _time(lesson.removed_at),
            }
            for lesson in data.lessons_published
        ],
        "uploads_waiting": [
            {"filename": upload.filename, "uploaded_at": _time(upload.uploaded_at)} for upload in data.uploads
        ],
        "school_id": None
        if data.school_id is None
        else {"id_number": data.school_id.number, "email": data.school_id.email},
        "commands_waiting": data.commands_waiting,
        "spaced_review": {
            "reminders_on": data.review_reminders,
            "questions": [
                {
                    "lesson_id": item.lesson_id,
                    "question_key": item.question_key,
                    "question": item.question,
                    "next_due_day": item.due.isoformat(),
                    "times_answered": item.answered,
                    "last_right": item.last_right,
                    "last_answered_at": _time(item.last_answered_at),
                }
                for item in data.review_items
            ],
            "answers": [
                {
                    "lesson_id": given.lesson_id,
                    "question_key": given.question_key,
                    "kind": given.kind,
                    "right": given.right,
                    "predicted_recall": given.predicted_recall,
                    "answered_at": _time(given.answered_at),
                }
                for given in data.review_answers
            ],
        },
    }


def mydata_json(data: MyData) -> bytes:
    """UTF-8 JSON, indented for a person to read, with names and questions in any script as they are."""
    return (json.dumps(mydata_document(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def mydata_lines(data: MyData) -> tuple[Text, ...]:
    """What the file holds, in plain words for the person it is about: one Text a line."""
    if data.empty:
        return (text("mydata.nothing"),)
    lines = [text("mydata.head", file=FILENAME)]
    if data.name is not None:
        lines.append(text("mydata.name", name=data.name))
    if data.attempts:
        answers = sum(len(a.answers) for a in data.attempts)
        lines.append(
            text(
                "mydata.tries",
                tries=text("privacy.tries", count=len(data.attempts)),
                answers=text("privacy.answers", count=answers),
            )
        )
    if data.live_answers:
        lines.append(text("mydata.live", count=len(data.live_answers)))
    if data.extras:
        lines.append(text("mydata.extras", count=len(data.extras)))
    if data.quizzes_opened or data.extras_given:
        lines.append(
            text(
                "mydata.as_teacher",
                quizzes=text("mydata.quizzes", count=len(data.quizzes_opened)),
                notes=text("privacy.notes", count=len(data.extras_given)),
            )
        )
    if data.lessons_published:
        lines.append(text("mydata.published", count=len(data.lessons_published)))
    if data.uploads:
        lines.append(text("mydata.uploads", count=len(data.uploads)))
    if data.school_id is not None:
        lines.append(text("mydata.school_id"))
    if data.review_items or data.review_answers:
        lines.append(
            text(
                "mydata.review",
                questions=text("mydata.review_questions", count=len(data.review_items)),
                answers=text("privacy.answers", count=len(data.review_answers)),
            )
        )
    if any(answer.right is None for attempt in data.attempts for answer in attempt.answers):
        lines.append(text("mydata.hidden"))
    return tuple(lines)


def mydata_summary(data: MyData, lang: Language = ENGLISH) -> str:
    return "\n".join(lang.render(line) for line in mydata_lines(data))
