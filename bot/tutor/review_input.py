"""What a teacher types for spaced review, read strictly: a day, a time of day, weekdays.

A day is ISO (2026-05-20), as every language's teachers can type it and no order of day and month is
guessed. Weekdays are their first two letters in English or Spanish (mo/lu, tu/ma, we/mi, th/ju, fr/vi,
sa/sá, su/do), or a range of them (mon-fri); accents and case do not matter.
"""

from __future__ import annotations

import re
from datetime import date, time

from bot.errors import UserError
from bot.i18n import text
from bot.quiz.wording import fold

_WEEKDAYS = {
    **{name: n for n, name in enumerate(("mo", "tu", "we", "th", "fr", "sa", "su"))},
    **{name: n for n, name in enumerate(("lu", "ma", "mi", "ju", "vi", "sa", "do"))},
}
_TIME = re.compile(r"([0-9]{1,2})[:.h]([0-9]{2})")


def day(typed: str) -> date:
    try:
        return date.fromisoformat(typed.strip())
    except ValueError:
        raise UserError(text("spaced.bad_date", typed=typed)) from None


def time_of_day(typed: str) -> time:
    found = _TIME.fullmatch(typed.strip())
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise UserError(text("spaced.bad_time", typed=typed))
    return time(int(found[1]), int(found[2]))


def _weekday(word: str, typed: str) -> int:
    found = _WEEKDAYS.get(fold(word.strip())[:2])
    if found is None:
        raise UserError(text("spaced.bad_days", typed=typed))
    return found


def weekdays(typed: str) -> frozenset[int]:
    chosen: set[int] = set()
    for part in typed.replace(" ", ",").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        start = _weekday(first, typed)
        end = _weekday(last, typed) if last else start
        chosen.update(range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)])
    if not chosen:
        raise UserError(text("spaced.bad_days", typed=typed))
    return frozenset(chosen)
