"""TEMPORARY (replaced by the timeparse branch)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UserError


class TimeTextError(UserError):
    pass


def parse_when(text: str, now: datetime, zone: ZoneInfo, *, day_end: bool = False) -> datetime:
    text = text.strip().lower()
    match = re.fullmatch(r"in (\d+) (day|hour|minute)s?", text)
    if match:
        moment = now + timedelta(**{match[2] + "s": int(match[1])})
    else:
        try:
            moment = datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)
        except ValueError:
            raise TimeTextError(f"I can't read {text!r} as a time. Try `in 2 days`.") from None
    if moment <= now:
        raise TimeTextError("That is in the past.")
    return moment


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeTextError(f"{name!r} is not a time zone.") from None


def zone_choices(typed: str, limit: int = 25) -> list[str]:
    return []


def describe(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%A %-d %B %Y, %H:%M") + f" ({zone.key})"
