"""Reading values back, whichever driver gave them: asyncpg gives `datetime`s and `bool`s, sqlite3 text
and integers."""

from __future__ import annotations

from datetime import UTC, date, datetime


def time_of(value: datetime | str) -> datetime:
    """A time from a column that is never NULL, in UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo is UTC else value.astimezone(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def time_or_none(value: datetime | str | None) -> datetime | None:
    """A time from a column that may be NULL."""
    return None if value is None else time_of(value)


def day_of(value: date | str) -> date:
    """A calendar day from a DATE column (asyncpg gives a `date`, sqlite3 ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def day_or_none(value: date | str | None) -> date | None:
    return None if value is None else day_of(value)
