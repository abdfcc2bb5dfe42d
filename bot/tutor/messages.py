"""What the tutor says when it refuses or notes something, in words a student or teacher can act on.

Each is a catalogue Text (`says.*` in bot/i18n/locales), said in the reader's language by the Discord
layer. Times are Discord timestamps (`<t:…:F>`), which every reader's app shows in their own time zone.
"""

from __future__ import annotations

from datetime import datetime

from bot.i18n import Text, text
from bot.storage.records import QuizRecord

NOT_HERE = text("says.not_here")
SOMEONE_ELSES = text("says.someone_elses")
NOT_THIS_QUESTION = text("says.not_this_question")
ALREADY_ANSWERED = text("says.already_answered")
ANSWERED_BEFORE = text("says.answered_before")
FINISHED_ALREADY = text("says.finished_already")
NOTHING_FINISHED = text("says.nothing_finished")
SCORE_KEPT = text("says.score_kept")
NO_ATTEMPTS_LEFT = text("says.no_attempts_left")
LESSON_GONE = text("says.lesson_gone")
REVIEW_UNFINISHED = text("says.review_unfinished")
REVIEW_AFTER_CLOSE = text("says.review_after_close")


def stamp(moment: datetime, style: str = "F") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def welcome_back(answered: int, total: int) -> Text:
    return text("says.welcome_back", answered=answered, total=total)


def opens_later(opens_at: datetime) -> Text:
    return text("says.opens_later", when=stamp(opens_at), relative=stamp(opens_at, "R"))


def closed(quiz: QuizRecord, now: datetime) -> Text:
    deadline = quiz.rules.closes_at
    if deadline is not None and deadline <= now and (quiz.closed_at is None or quiz.closed_by_deadline()):
        return text("says.closed_at_deadline", when=stamp(deadline))
    return text("says.closed")


def extra_parts(extra_attempts: int, until: datetime | None) -> tuple[Text, ...]:
    """Extra tries and time given to a student, each said as a part of a list; empty when neither."""
    parts = []
    if extra_attempts:
        parts.append(text("quiz.extra_tries", count=extra_attempts))
    if until is not None:
        parts.append(text("quiz.time_until", when=stamp(until)))
    return tuple(parts)


def extra_given(extra_attempts: int, until: datetime | None) -> Text:
    """What a teacher gave one student, told to them when they press Start quiz."""
    return text("says.extra_given", given=extra_parts(extra_attempts, until))
