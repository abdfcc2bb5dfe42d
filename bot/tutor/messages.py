"""What the tutor says when it refuses or notes something, in words a student or teacher can act on.

Times are Discord timestamps (`<t:…:F>`), which every reader's app shows in their own time zone.
"""

from __future__ import annotations

from datetime import datetime

from bot.storage.records import QuizRecord

NOT_HERE = "That button isn't one of your quiz buttons. Press “Start quiz” in the channel to take your quiz."
SOMEONE_ELSES = "These buttons belong to someone else's quiz. Press “Start quiz” to take your own."
NOT_THIS_QUESTION = "That button isn't an answer to the question you're on."
ALREADY_ANSWERED = "You answered that one already. Here is where you are."
ANSWERED_BEFORE = "You answered that one already. Here is what you got, and where you are."
WELCOME_BACK = "Welcome back!"
FINISHED_ALREADY = "You have finished this quiz already."
NOTHING_FINISHED = "You haven't finished this quiz yet. Press “Start quiz” to carry on."
SCORE_KEPT = "Okay! Your score stays as it is."
NO_ATTEMPTS_LEFT = "You have used all your tries at this quiz."
LESSON_GONE = (
    "This lesson isn't available any more, so a new try can't start. Ask your teacher. "
    "Answers you gave are saved."
)
REVIEW_UNFINISHED = "Finish the quiz first, then you can look back at your answers."
REVIEW_AFTER_CLOSE = "You can see your answers once the quiz closes. Your teacher will close it."


def stamp(moment: datetime, style: str = "F") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def welcome_back(answered: int, total: int) -> str:
    return f"Welcome back! You have answered {answered} of {total}."


def opens_later(opens_at: datetime) -> str:
    return f"This quiz opens {stamp(opens_at)} ({stamp(opens_at, 'R')}). Come back then!"


def closed(quiz: QuizRecord, now: datetime) -> str:
    deadline = quiz.rules.closes_at
    if deadline is not None and deadline <= now and (quiz.closed_at is None or quiz.closed_by_deadline()):
        return (
            f"This quiz closed at {stamp(deadline)}. Every answer you gave is saved: see them with /progress."
        )
    return "This quiz is closed. Every answer you gave is saved. Your teacher can open it again."


def extra_given(extra_attempts: int, until: datetime | None) -> str:
    """What a teacher gave one student, told to them when they press Start quiz."""
    parts = []
    if extra_attempts:
        parts.append(f"{extra_attempts} extra {'try' if extra_attempts == 1 else 'tries'}")
    if until is not None:
        parts.append(f"extra time until {stamp(until)}")
    return f"Your teacher gave you {' and '.join(parts)}."
