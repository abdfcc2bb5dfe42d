"""Reading the times and time zones a teacher types: `in 2 days`, `friday 17:00`, `2026-12-04 17:00`.

Pure: no clock reads and no I/O; `now` is passed in. Text is read in the server's zone; results are in UTC.
Where a reading could go two ways, it goes the way a teacher setting a deadline would expect:
- A time of day alone (`17:00`, `9am`, `noon`) is its next occurrence: today if still ahead, else tomorrow.
  `today 17:00` names the day, so once 17:00 has passed it is refused as past.
- A weekday (`friday`, `fri 5pm`, `this friday`) is the nearest such day still ahead, today included;
  `next friday` is the first Friday after today, never today.
- A date with no year (`4 december`) is its next occurrence.
- A day with no time of day starts at 00:00, or ends at 23:59 with `day_end` (deadlines).
  `tonight` alone is 23:59 today either way.
- `midnight` is the end of the day it names (`friday midnight` is 00:00 on Saturday); alone, the coming one.
- `in 2 days` keeps the clock time across a summer-time change; `in 3 hours` is three hours of real time.
  Relative times drop the seconds of `now`, so every result is a whole minute.
- A clock time skipped by a summer-time change (01:30 in London on the spring-forward night) is read with
  the offset before the change, so it lands as far past the change (02:30 BST); a clock time that happens
  twice (autumn) is the first of the two.
- Refused with a reason: numeric dates like `12/04` or `04.12` (day or month first differs by country),
  bare hours like `friday 5` (am or pm?), months and years as amounts (`in 2 months`), decimals, and
  amounts without `in` (`17h` is 17:00 to many teachers, so it is asked about, not taken as a wait).

Time zones are IANA names (`Europe/London`); `parse_zone` also takes them in any case, with spaces for
underscores, or by city alone when only one zone has that city (`london`). Abbreviations such as `EST` or
`BST` are refused with the zones they usually mean: `EST` is a real IANA name, but a fixed offset that
ignores summer time, which is never what a teacher in New York wants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel import Locale

from bot.i18n import LANGUAGES, Text, text
from bot.quiz.wording import canonical, english_months, english_weekdays
from bot.quiz.zones import TimeTextError, parse_zone, zone_choices

__all__ = ["Ambiguous", "TimeTextError", "describe", "parse_when", "parse_zone", "read_when", "zone_choices"]


@dataclass(frozen=True, slots=True)
class _Name:
    """A weekday (0 is Monday) or month (1 is January) said in the reader's language, from CLDR."""

    kind: str  # "days" or "months"
    number: int

    def said_in(self, code: str) -> str:
        # Babel rather than strftime, whose names follow the host's locale.
        return str(getattr(Locale.parse(code), self.kind)["format"]["wide"][self.number])

    def __str__(self) -> str:
        return self.said_in("en")


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """A numeric date that reads two ways (`10/12`): day first, then month first, both still ahead."""

    typed: str
    readings: tuple[datetime, datetime]


_WEEKDAYS = english_weekdays()
_MONTHS = english_months()
_WEEKDAY_TEXTS = tuple(_Name("days", i) for i in range(7))
_MONTH_TEXTS = tuple(_Name("months", i) for i in range(1, 13))
_WEEKDAY_NAMES = {name[:size]: i for i, name in enumerate(_WEEKDAYS) for size in (3, len(name))}
_WEEKDAY_NAMES |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_MONTH_NAMES = {name[:size]: i for i, name in enumerate(_MONTHS, 1) for size in (3, len(name))} | {"sept": 9}
_UNIT_MINUTES = dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 1)
_UNIT_MINUTES |= dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 60)
_UNIT_DAYS = dict.fromkeys(("d", "day", "days"), 1) | dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7)
_UNIT_TOO_LONG = frozenset({"mo", "mos", "month", "months", "y", "yr", "yrs", "year", "years"})
_FIXED_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "day after tomorrow": 2}
_FILLERS = frozenset({"at", "on", "by", "the", "of"})
_END_OF_DAY = 24 * 60
_LONGEST = 100

_AMBIGUOUS_DATE = re.compile(r"(?<![\d./-])\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?(?![\d./-])")
_TIME = re.compile(
    r"(?<![\w:.-])(?:(?P<h>\d{1,2}):(?P<m>\d{2})(?:\s*(?P<ap>[ap]m))?"
    r"|(?P<hour>\d{1,2})\s*(?P<ap2>[ap]m)|(?P<named>noon|midday|midnight))(?![\w:])"
)
_AMOUNT = re.compile(r"\s*(?:and\s+)?(\d+(?:[.,]\d+)?|an?)\s*([a-z]+)")
_ISO_DATE = re.compile(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)(?: (\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?")


@dataclass(frozen=True, slots=True)
class _Reading:
    """One piece of text being read, with what it is read against."""

    text: str
    now: datetime
    zone: ZoneInfo

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    @property
    def shown(self) -> str:
        # Echoed inside backticks, so a backtick in it would break the formatting.
        shown = " ".join(self.text.replace("`", "'").split())
        return shown if len(shown) <= 60 else shown[:59] + "…"

    def error(self, key: str, **values: object) -> TimeTextError:
        # The dated example is two days after today, so it is never in the past.
        soon = self.today + timedelta(days=2)
        said = text("when.try", reason=text(f"when.{key}", **values), soon=soon.isoformat())
        return TimeTextError(said, key)


def read_when(
    text: str, now: datetime, zone: ZoneInfo, *, day_end: bool = False, language: str = "en"
) -> datetime | Ambiguous:
    """The moment `text` names, in UTC and strictly after `now`, or both readings of a date like `10/12`.

    Read as a teacher writing `language` means it, then in each other catalogue language; a refusal
    says why in the first reading's terms, unless another reading got as far as a moment (`past`).
    """
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    reading, words = _Reading(text, now, zone), _normalize(text)
    if not words:
        raise reading.error("empty")
    if len(words) > _LONGEST:
        raise reading.error("too_long")
    refused: list[TimeTextError] = []
    for code in dict.fromkeys([language, *LANGUAGES]):
        try:
            return _read(canonical(words, code), reading, day_end=day_end)
        except TimeTextError as exc:
            refused.append(exc)
    raise next((exc for exc in refused if exc.key == "past"), refused[0])


def parse_when(
    text: str, now: datetime, zone: ZoneInfo, *, day_end: bool = False, language: str = "en"
) -> datetime:
    """As read_when, where a date that reads two ways is refused with why (no one to ask which)."""
    found = read_when(text, now, zone, day_end=day_end, language=language)
    if isinstance(found, Ambiguous):
        raise _Reading(text, now, zone).error("numeric_date", date=found.typed)
    return found


def _read(words: str, reading: _Reading, *, day_end: bool) -> datetime | Ambiguous:
    try:
        moment = _relative(words, reading)
        if moment is None and (numeric := _AMBIGUOUS_DATE.search(words)):
            return _numeric(words, numeric, reading, day_end=day_end)
        moment = moment or _absolute(words, reading, day_end=day_end)
    except OverflowError:
        raise reading.error("too_far", shown=reading.shown) from None
    if moment <= reading.now:
        raise reading.error("past", moment=describe(moment, reading.zone))
    return moment


def _numeric(words: str, found: re.Match[str], reading: _Reading, *, day_end: bool) -> datetime | Ambiguous:
    """`10/12`: read both ways. Two real dates ahead are for the teacher to pick; a date that reads only
    one way (`13/12`, `10/10`) is that date; two real dates of which one is past are refused as before."""
    first, second, *year = re.split(r"[./-]", found.group())
    if year and len(year[0]) == 2:
        year = [f"20{year[0]}"]
    readings: list[datetime | TimeTextError] = []
    for day, month in dict.fromkeys(((int(first), int(second)), (int(second), int(first)))):
        if not 1 <= month <= 12:
            continue
        spelled = " ".join([str(day), _MONTHS[month - 1], *year])
        try:
            read = _read(words[: found.start()] + spelled + words[found.end() :], reading, day_end=day_end)
        except TimeTextError as exc:
            if exc.key == "past":
                readings.append(exc)
            continue
        if isinstance(read, Ambiguous):  # a second numeric date: one question at a time
            raise reading.error("numeric_date", date=read.typed)
        readings.append(read)
    if len(readings) == 1:
        if isinstance(readings[0], TimeTextError):
            raise readings[0]
        return readings[0]
    if len(readings) == 2 and isinstance(readings[0], datetime) and isinstance(readings[1], datetime):
        return Ambiguous(found.group(), (readings[0], readings[1]))
    raise reading.error("numeric_date", date=found.group())


def describe(moment: datetime, zone: ZoneInfo) -> Text:
    """A moment as a teacher reads it: `Friday 4 December 2026, 17:00 (Europe/London)` in English."""
    if moment.utcoffset() is None:
        raise ValueError("moment must be an aware datetime")
    local = moment.astimezone(zone)
    return text("when.moment", day=_day_text(local.date()), time=f"{local:%H:%M}", zone=zone.key or str(zone))


def _day_text(day: date) -> Text:
    month = _MONTH_TEXTS[day.month - 1]
    return text("when.day", weekday=_WEEKDAY_TEXTS[day.weekday()], day=day.day, month=month, year=day.year)


def _normalize(text: str) -> str:
    # Backticks go: the words read are echoed inside backticks in the answer.
    words = text.lower().replace("`", " ").replace("a.m.", "am").replace("p.m.", "pm")
    words = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", words)  # ISO 8601's T between date and time
    words = re.sub(r"(?<!\d),|,(?!\d)", " ", words)
    return " ".join(words.split()).rstrip(".!?")


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    # fold=0 (the default) gives both documented DST readings: skipped times move on, repeated take the first.
    local = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return local.replace(tzinfo=zone).astimezone(UTC)


# ---- in 2 days, 3 hours from now, 1 day 3 hours


def _relative(words: str, reading: _Reading) -> datetime | None:
    """A wait from now, or None when `words` is not one."""
    if words.startswith("in "):
        body, explicit = words[3:], True
    elif words.endswith(" from now"):
        body, explicit = words.removesuffix(" from now"), True
    else:
        body, explicit = words, False
    days, minutes, read, rest = _amounts(body, reading)
    if not explicit:
        # `17h` is 17:00 to many teachers, so a bare amount is asked about rather than taken as a wait.
        if read and not rest:
            raise reading.error("bare_amount", read=read)
        return None
    if rest:
        key = "wait_partly" if read else "wait_unread"
        raise reading.error(key, read=read, rest=rest, shown=reading.shown)
    if days == minutes == 0:
        raise reading.error("is_now", shown=reading.shown)
    start = reading.now.astimezone(UTC).replace(second=0, microsecond=0)
    if days:
        local = start.astimezone(reading.zone).replace(tzinfo=None) + timedelta(days=days)
        start = local.replace(tzinfo=reading.zone)
    return start.astimezone(UTC) + timedelta(minutes=minutes)


def _amounts(body: str, reading: _Reading) -> tuple[int, int, str, str]:
    """Days and minutes read from the start of `body`, the part read, and what was left unread."""
    days = minutes = position = 0
    while match := _AMOUNT.match(body, position):
        amount, unit = match.groups()
        if unit in _UNIT_TOO_LONG:
            raise reading.error("months_years")
        if unit not in _UNIT_MINUTES and unit not in _UNIT_DAYS:
            break
        if not amount.isdigit() and amount[0].isdigit():
            raise reading.error("whole_numbers", amount=amount, unit=unit)
        count = int(amount) if amount.isdigit() else 1
        days += count * _UNIT_DAYS.get(unit, 0)
        minutes += count * _UNIT_MINUTES.get(unit, 0)
        position = match.end()
    read = body[:position].strip()
    return days, minutes, (f"in {read}" if read else ""), body[position:].strip()


# ---- friday 17:00, tomorrow 9am, 4 december, 2026-12-04 17:00


def _absolute(words: str, reading: _Reading, *, day_end: bool) -> datetime:
    clock, minutes, rest = _time_of_day(words, reading)
    if not clock and not rest:
        raise reading.error("unreadable", shown=reading.shown)
    rest, weekday = _weekday_before_date(rest, reading)
    today = reading.today
    days = _days(rest, reading) if rest else (today, today + timedelta(days=1))
    if days is None:
        raise _unread(clock, rest, reading)
    if minutes is None:
        minutes = _END_OF_DAY - 1 if day_end or rest == "tonight" else 0
    moments = [_at(day, minutes, reading.zone) for day in days]
    chosen = next((i for i, moment in enumerate(moments) if moment > reading.now), 0)
    if weekday is not None and days[chosen].weekday() != weekday:
        raise reading.error("not_weekday", day=_day_text(days[chosen]), weekday=_WEEKDAY_TEXTS[weekday])
    return moments[chosen]


def _weekday_before_date(words: str, reading: _Reading) -> tuple[str, int | None]:
    """`friday 4 december` as `4 december` and Friday, so what describe() shows can be typed back."""
    head, _, tail = words.partition(" ")
    if head in _WEEKDAY_NAMES and (_ISO_DATE.fullmatch(tail) or _month_and_day(tail, reading)):
        return tail, _WEEKDAY_NAMES[head]
    return words, None


def _time_of_day(words: str, reading: _Reading) -> tuple[str, int | None, str]:
    """The time of day in `words` (as typed, and in minutes after midnight), and the other words."""
    found = list(_TIME.finditer(words))
    if len(found) > 1:
        both = text("list.and", first=f"`{found[0].group()}`", last=f"`{found[1].group()}`")
        raise reading.error("two_times", both=both)
    if not found:
        return "", None, _without_fillers(words)
    match = found[0]
    rest = _without_fillers(words[: match.start()] + " " + words[match.end() :])
    return match.group(), _minutes(match, reading), rest


def _minutes(match: re.Match[str], reading: _Reading) -> int:
    named, typed = match["named"], match.group()
    if named:
        return _END_OF_DAY if named == "midnight" else 12 * 60
    hour, minute = int(match["h"] or match["hour"]), int(match["m"] or 0)
    half = match["ap"] or match["ap2"]
    if minute > 59 or hour > 23:
        raise reading.error("not_clock", typed=typed)
    if half and not 1 <= hour <= 12:
        raise reading.error("mixed", typed=typed, fixed=f"{hour}:{minute:02d}")
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return hour * 60 + minute


def _without_fillers(words: str) -> str:
    return " ".join(word for word in words.split() if word not in _FILLERS)


def _days(words: str, reading: _Reading) -> tuple[date, ...] | None:
    """The days `words` could mean, earliest first (the first still ahead is taken), or None if not a day."""
    today, one = reading.today, timedelta(days=1)
    if words in _FIXED_DAYS:
        return (today + _FIXED_DAYS[words] * one,)
    first, _, last = words.rpartition(" ")
    if last in _WEEKDAY_NAMES and first in ("", "this", "next"):
        ahead = (_WEEKDAY_NAMES[last] - today.weekday()) % 7
        if first == "next":
            return (today + (ahead or 7) * one,)
        return (today + ahead * one, today + (ahead + 7) * one)
    if iso := _ISO_DATE.fullmatch(words):
        year, month, day = (int(part) for part in iso.groups())
        return (_date(year, month, day, reading),)
    return _month_and_day(words, reading)


def _month_and_day(words: str, reading: _Reading) -> tuple[date, ...] | None:
    if match := _DAY_MONTH.fullmatch(words):
        day, month, year = match.groups()
    elif match := _MONTH_DAY.fullmatch(words):
        month, day, year = match.groups()
    else:
        return None
    if month not in _MONTH_NAMES:
        return None
    number = _MONTH_NAMES[month]
    if year:
        return (_date(int(year), number, int(day), reading),)
    # Eight years in a row always include a 29 February.
    this_year = reading.today.year
    found = tuple(d for y in range(this_year, this_year + 9) if (d := _valid(y, number, int(day))))
    if not found:
        raise reading.error("no_such_day", month=_MONTH_TEXTS[number - 1], day=int(day))
    return found


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date(year: int, month: int, day: int, reading: _Reading) -> date:
    if not 1 <= month <= 12:
        raise reading.error("no_month", month=month)
    if (found := _valid(year, month, day)) is None:
        raise reading.error("no_such_date", month=_MONTH_TEXTS[month - 1], year=year, day=day)
    return found


def _unread(clock: str, rest: str, reading: _Reading) -> TimeTextError:
    """Says how much of the text made sense, once no reading of it did."""
    words = rest.split()
    for size in range(len(words) - 1, 0, -1):
        day, extra = " ".join(words[:size]), words[size:]
        if _days(day, reading) is None:
            continue
        if not clock and len(extra) == 1 and extra[0].isdigit() and int(extra[0]) <= 23:
            return _bare_hour(int(extra[0]), f"{day} ", reading)
        return reading.error("day_not_rest", day=day, rest=" ".join(extra))
    if rest.isdigit() and int(rest) <= 23 and not clock:
        return _bare_hour(int(rest), "", reading)
    if clock:
        return reading.error("clock_not_day", clock=clock, rest=rest)
    return reading.error("unreadable", shown=reading.shown)


def _bare_hour(hour: int, day: str, reading: _Reading) -> TimeTextError:
    key = "bare_hour_half" if 1 <= hour <= 12 else "bare_hour"
    return reading.error(key, typed=f"{day}{hour}", fixed=f"{day}{hour}:00", pm=f"{day}{hour}pm")
