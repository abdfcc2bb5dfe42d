"""A student's spaced review in the database, as storage tests need it: one item and one answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.review.scheduler import Scheduler
from bot.storage import Storage
from bot.storage.records import NewReviewItem, ReviewAnswer, ReviewItem

FSRS = Scheduler()


def new_item(key: str, correct: bool, at: datetime, lesson: str = "fine-tuning") -> NewReviewItem:
    return NewReviewItem(lesson, key, FSRS.first(correct, at), "none", at)


def review_answer(
    item: ReviewItem, correct: bool, at: datetime, step: int = 0, round_: int = 0
) -> ReviewAnswer:
    return ReviewAnswer(
        item.guild_id,
        item.user_id,
        at.date(),
        round_,
        step,
        item.lesson,
        item.question_key,
        "review",
        correct,
        FSRS.recall_probability(item.memory, at),
        item.arm,
        at,
    )


async def reviewed(db: Storage, guild: int, person: int, quiz_at: datetime) -> ReviewItem:
    """An item from a quiz on `quiz_at`, answered right 5 minutes later; reminders on."""
    assert await db.add_review_items(guild, person, [new_item("q1", False, quiz_at)]) == 1
    (item,) = await db.review_items(guild, person)
    later = quiz_at + timedelta(minutes=5)
    assert await db.answer_review(
        item, review_answer(item, True, later), FSRS.review(item.memory, True, later)
    )
    await db.set_review_remind(guild, person, True)
    return item
