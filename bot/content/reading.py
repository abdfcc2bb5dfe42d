"""How long a lesson takes a young reader to read, from its own text."""

from __future__ import annotations

import math

from bot.content.model import Lesson

# A 10-year-old reading to learn, not racing: grade-5 oral reading norms put the middle of a class
# near 140 words a minute and its slower quarter near 110; 100 leaves room for the slowest readers.
WORDS_PER_MINUTE = 100


def words(lesson: Lesson) -> int:
    """The words a student reads on the lesson card: its title and every section."""
    parts = [lesson.title, *(f"{s.heading} {s.body}" for s in lesson.sections)]
    return sum(len(part.split()) for part in parts)


def reading_minutes(lesson: Lesson) -> int:
    """Whole minutes, rounded up, and at least one."""
    return max(1, math.ceil(words(lesson) / WORDS_PER_MINUTE))
