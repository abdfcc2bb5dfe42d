"""Every place the database keeps something about a person: declared once, here.

`/mydata` (what it exports), `/student forget` and "delete my data" (what `forget` deletes or unlinks,
and what `held` counts before asking), the retention sweep, and the privacy tests all read this list. A
new table or column that names a person must be added here; tests/storage/test_personal.py fails on any
column of the schema named `user_id` or `*_by` that no entry declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# Who a quiz was opened by, or extra time granted by, once that person's data is deleted.
NOBODY = 0

# Rows of this server, for tables that reach their server through their quiz or attempt.
THEIR_ATTEMPTS = "SELECT id FROM attempts WHERE guild_id = :guild AND user_id = :user"
SERVER_QUIZZES = "SELECT id FROM quizzes WHERE guild_id = :guild"


class OnForget(Enum):
    DELETE = "delete"  # the row is theirs alone: it goes
    UNLINK = "unlink"  # the row is the class's record: it stays, its person column set to NOBODY


class Retention(Enum):
    LAST_ACTIVITY = "deleted once the attempt was last active before the retention period"
    WITH_ATTEMPT = "deleted with its attempt"
    NOT_SEEN = "deleted once not seen for the retention period and no attempt of theirs is left"
    WITH_QUIZ = "kept with the quiz it belongs to, the class's record; deleted on request"
    EXPIRES = "deleted when the upload expires, after a day"
    ROSTER = "kept until the school imports its list again, or on request"
    LIVE = "deleted when its live class ends, kept from then on as that quiz's attempts"
    REVIEWED = "deleted once not answered at review (or in a quiz) for the retention period"


@dataclass(frozen=True, slots=True)
class Kept:
    """One kind of row that names a person in a server."""

    table: str
    column: str  # the column holding their user id
    where: str  # SQL naming this person's rows in this server (:guild, :user)
    on_forget: OnForget
    counted_as: str  # the field of `Forgotten` that counts these rows
    exported_by: str  # the Storage method `/mydata` reads them with
    retention: Retention


# In the order `forget` runs: a person's own extra time is deleted before the extra time they gave is
# unlinked, so that extra time a teacher gave themselves counts once, as theirs.
KEPT: tuple[Kept, ...] = (
    Kept(
        "live_answers",
        "user_id",
        "user_id = :user AND session_id IN (SELECT id FROM live_sessions WHERE guild_id = :guild)",
        OnForget.DELETE,
        "answers",
        "live_answers_of",
        Retention.LIVE,
    ),
    Kept(
        "answers",
        "attempt_id",
        f"attempt_id IN ({THEIR_ATTEMPTS})",
        OnForget.DELETE,
        "answers",
        "student_attempts",
        Retention.WITH_ATTEMPT,
    ),
    Kept(
        "attempts",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "attempts",
        "student_attempts",
        Retention.LAST_ACTIVITY,
    ),
    Kept(
        "people",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "names",
        "person",
        Retention.NOT_SEEN,
    ),
    Kept(
        "accommodations",
        "user_id",
        f"user_id = :user AND quiz_id IN ({SERVER_QUIZZES})",
        OnForget.DELETE,
        "accommodations",
        "student_accommodations",
        Retention.WITH_QUIZ,
    ),
    Kept(
        "quizzes",
        "opened_by",
        "guild_id = :guild AND opened_by = :user",
        OnForget.UNLINK,
        "unlinked",
        "quizzes_opened_by",
        Retention.WITH_QUIZ,
    ),
    Kept(
        "accommodations",
        "granted_by",
        f"granted_by = :user AND user_id <> :user AND quiz_id IN ({SERVER_QUIZZES})",
        OnForget.UNLINK,
        "unlinked",
        "accommodations_granted_by",
        Retention.WITH_QUIZ,
    ),
    Kept(
        "guild_lessons",
        "published_by",
        "guild_id = :guild AND published_by = :user",
        OnForget.UNLINK,
        "unlinked",
        "lessons_published_by",
        Retention.WITH_QUIZ,
    ),
    Kept(
        "lesson_drafts",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "unlinked",
        "drafts_of",
        Retention.EXPIRES,
    ),
    Kept(
        "pending_requests",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "unlinked",
        "pending_of",
        Retention.EXPIRES,
    ),
    Kept(
        "school_ids",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "names",
        "school_id_of",
        Retention.ROSTER,
    ),
    Kept(
        "review_log",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "reviews",
        "review_answers",
        Retention.REVIEWED,
    ),
    Kept(
        "review_items",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "reviews",
        "review_items",
        Retention.REVIEWED,
    ),
    Kept(
        "review_students",
        "user_id",
        "guild_id = :guild AND user_id = :user",
        OnForget.DELETE,
        "reviews",
        "review_remind",
        Retention.REVIEWED,
    ),
)
