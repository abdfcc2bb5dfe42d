"""Reading the time zone a teacher types: an IANA name (`Europe/London`), a city or a country, in any
language the bot speaks (`Spain`, `España`, `New York`, `Nueva York`, `Mexico`).

IANA names are taken in any case, with spaces for underscores, or by city alone when only one zone has
that city (`london`). Countries and cities come from CLDR through Babel: a country's name in each
catalogue language gives its zones (Spain: Europe/Madrid, Atlantic/Canary, Africa/Ceuta), a city's
exemplar name gives its zone. A place with one zone is that zone; with several, the teacher is asked to
pick (autocomplete lists them first). Abbreviations such as `EST` or `BST` are refused with the zones
they usually mean: `EST` is a real IANA name, but a fixed offset that ignores summer time, which is
never what a teacher in New York wants.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.core import get_global

from bot.errors import UserError
from bot.i18n import LANGUAGES, Text, text
from bot.quiz.wording import fold


class TimeTextError(UserError):
    """A time or time zone that cannot be used; its Text (`when.*`) says what was read and what would work."""

    def __init__(self, message: Text, key: str = "") -> None:
        super().__init__(message)
        self.key = key  # the reason (`past`, `unreadable`...), for a caller choosing between readings


_POPULAR = (
    "UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin",
    "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Warsaw", "Europe/Athens", "Europe/Istanbul",
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Toronto", "America/Mexico_City", "America/Sao_Paulo", "Africa/Lagos", "Asia/Kolkata",
    "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
)  # fmt: skip
_ABBREVIATIONS = {
    "est": ("America/New_York",), "edt": ("America/New_York",),
    "cst": ("America/Chicago",), "cdt": ("America/Chicago",),
    "mst": ("America/Denver", "America/Phoenix"), "mdt": ("America/Denver",),
    "pst": ("America/Los_Angeles",), "pdt": ("America/Los_Angeles",),
    "bst": ("Europe/London",), "ist": ("Asia/Kolkata", "Europe/Dublin"),
    "cet": ("Europe/Paris", "Europe/Berlin"), "cest": ("Europe/Paris", "Europe/Berlin"),
    "aest": ("Australia/Sydney",), "jst": ("Asia/Tokyo",),
}  # fmt: skip
_AREAS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/",
          "Indian/", "Pacific/")  # fmt: skip
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})  # files in some databases, not places


@cache
def _zone_names() -> tuple[str, ...]:
    # Abbreviations are refused by parse_zone, so they are never offered either.
    return tuple(sorted(n for n in available_timezones() - _NOT_ZONES if n.lower() not in _ABBREVIATIONS))


@cache
def _zones_by_key() -> dict[str, str]:
    return {zone.lower(): zone for zone in _zone_names()}


def _key(typed: str) -> str:
    return "_".join(re.sub(r"\s*/\s*", "/", typed.strip().lower()).split())


@cache
def _places() -> dict[str, tuple[str, ...]]:
    """Country and city names in every catalogue language (folded), to their zones, likeliest first."""
    known = set(_zone_names())
    found: dict[str, list[str]] = {}
    for code in LANGUAGES:
        locale = Locale.parse(code)
        for territory, zones in get_global("territory_zones").items():
            if (name := locale.territories.get(territory)) is not None:
                found.setdefault(_place_key(name), []).extend(z for z in zones if z in known)
        for zone, names in locale.time_zones.items():
            if zone in known and (city := names.get("city")):
                found.setdefault(_place_key(city), []).append(zone)
    popular = {zone: n for n, zone in enumerate(_POPULAR)}
    return {
        key: tuple(sorted(dict.fromkeys(zones), key=lambda z: popular.get(z, len(popular))))
        for key, zones in found.items()
        if zones
    }


def _place_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())


def parse_zone(name: str) -> ZoneInfo:
    """The IANA zone `name` means; TimeTextError, with close matches, when it means none."""
    key, shown = _key(name), " ".join(name.replace("`", "'").split())[:60]
    pick = text("when.zone_pick")
    if not key:
        raise TimeTextError(text("when.zone_empty", pick=pick))
    if key in _ABBREVIATIONS:
        raise TimeTextError(
            text("when.zone_short", shown=shown, zones=_either(_ABBREVIATIONS[key]), pick=pick)
        )
    by_key = _zones_by_key()
    # A country before an old IANA name of the same spelling: `Japan` is Asia/Tokyo, as it is today.
    place = _places().get(_place_key(name), ()) if "/" not in key else ()
    if len(place) == 1:
        return ZoneInfo(place[0])
    if key in by_key:
        return ZoneInfo(by_key[key])
    if place:
        raise TimeTextError(text("when.zone_several", shown=shown, zones=_either(place[:5]), pick=pick))
    cities = [z for z in by_key.values() if z.startswith(_AREAS) and z.lower().endswith(f"/{key}")]
    if len(cities) == 1:
        return ZoneInfo(cities[0])
    close = cities or zone_choices(name, 3) or [by_key[k] for k in difflib.get_close_matches(key, by_key)]
    if close:
        raise TimeTextError(text("when.zone_guess", shown=shown, zones=_either(close[:3]), pick=pick))
    raise TimeTextError(text("when.zone_unknown", shown=shown, pick=pick))


def _either(names: Sequence[str]) -> str | Text:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else text("list.or", first=", ".join(quoted[:-1]), last=quoted[-1])


def zone_choices(typed: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: those containing `typed` (case and spaces ignored), likeliest first."""
    key = _key(typed)
    popular = [zone for zone in _POPULAR if zone in _zone_names()]
    if not key:
        return popular[: max(limit, 0)]
    place = _place_key(typed)
    exact = list(_places().get(place, ()))
    named = [z for name, zones in _places().items() if name.startswith(place) for z in zones]
    matches = [zone for zone in _zone_names() if key in zone.lower()]

    def rank(zone: str) -> tuple[bool, bool, bool, str]:
        city = zone.rsplit("/", 1)[-1].lower()
        return (zone not in popular, not city.startswith(key), not zone.startswith(_AREAS), zone)

    likely = [zone for zone in _ABBREVIATIONS.get(key, ()) if zone in _zone_names()]
    likely += [zone for zone in exact if zone not in likely]
    ranked = likely + [zone for zone in sorted(matches, key=rank) if zone not in likely]
    # A country or city by the start of its name (`esp` for España) when no zone name has what was typed.
    return list(dict.fromkeys(ranked or named))[: max(limit, 0)]
