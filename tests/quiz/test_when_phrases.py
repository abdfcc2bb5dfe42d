"""A table of what teachers type, in English and Spanish, and the deadline each must give (as `closes:`,
so a day alone ends at 23:59), at fixed "now"s just before the summer-time changes of Madrid and New York.

Each expected time is the local wall time with its UTC offset, so a row across a change shows it.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import LANGUAGES
from bot.quiz.when import Ambiguous, TimeTextError, describe, read_when

MADRID, NEW_YORK = ZoneInfo("Europe/Madrid"), ZoneInfo("America/New_York")
# Fridays at 10:00. Madrid springs forward on Sunday 29 March 2026 and falls back on 25 October;
# New York springs forward on Sunday 8 March and falls back on 1 November.
NOWS = {
    "madrid spring": datetime(2026, 3, 27, 10, 0, tzinfo=MADRID),
    "madrid autumn": datetime(2026, 10, 23, 10, 0, tzinfo=MADRID),
    "ny spring": datetime(2026, 3, 6, 10, 0, tzinfo=NEW_YORK),
    "ny autumn": datetime(2026, 10, 30, 10, 0, tzinfo=NEW_YORK),
}

PHRASES = [
    # Spanish, Madrid, two days before the clocks go forward.
    ("es", "madrid spring", "viernes 17:00", "2026-03-27 17:00+01:00"),
    ("es", "madrid spring", "el viernes a las 17h", "2026-03-27 17:00+01:00"),
    ("es", "madrid spring", "mañana a las 9", "2026-03-28 09:00+01:00"),
    ("es", "madrid spring", "manana a las 9", "2026-03-28 09:00+01:00"),
    ("es", "madrid spring", "pasado mañana", "2026-03-29 23:59+02:00"),
    ("es", "madrid spring", "en 2 días", "2026-03-29 10:00+02:00"),
    ("es", "madrid spring", "en 3 horas", "2026-03-27 13:00+01:00"),
    ("es", "madrid spring", "dentro de 1 semana", "2026-04-03 10:00+02:00"),
    ("es", "madrid spring", "el lunes que viene", "2026-03-30 23:59+02:00"),
    ("es", "madrid spring", "el próximo viernes", "2026-04-03 23:59+02:00"),
    ("es", "madrid spring", "este viernes", "2026-03-27 23:59+01:00"),
    ("es", "madrid spring", "a última hora", "2026-03-27 23:59+01:00"),
    ("es", "madrid spring", "fin del día", "2026-03-27 23:59+01:00"),
    ("es", "madrid spring", "hoy", "2026-03-27 23:59+01:00"),
    ("es", "madrid spring", "mañana", "2026-03-28 23:59+01:00"),
    ("es", "madrid spring", "esta tarde", "2026-03-27 15:00+01:00"),
    ("es", "madrid spring", "sábado por la tarde", "2026-03-28 15:00+01:00"),
    ("es", "madrid spring", "el lunes por la mañana", "2026-03-30 09:00+02:00"),
    ("es", "madrid spring", "17.00", "2026-03-27 17:00+01:00"),
    ("es", "madrid spring", "17h30", "2026-03-27 17:30+01:00"),
    ("es", "madrid spring", "a las 5 de la tarde", "2026-03-27 17:00+01:00"),
    ("es", "madrid spring", "mediodía", "2026-03-27 12:00+01:00"),
    ("es", "madrid spring", "medianoche", "2026-03-28 00:00+01:00"),
    ("es", "madrid spring", "4 de abril", "2026-04-04 23:59+02:00"),
    ("es", "madrid spring", "4 de abril de 2026 a las 10:00", "2026-04-04 10:00+02:00"),
    ("es", "madrid spring", "miercoles", "2026-04-01 23:59+02:00"),
    ("es", "madrid spring", "la semana que viene", "2026-04-03 10:00+02:00"),
    ("es", "madrid spring", "domingo 2:30", "2026-03-29 03:30+02:00"),  # skipped by the change
    ("es", "madrid spring", "friday 17:00", "2026-03-27 17:00+01:00"),  # English from a Spanish teacher
    ("es", "madrid spring", "13/12", "2026-12-13 23:59+01:00"),  # only one way to read it
    ("es", "madrid spring", "10/12", "pick 2026-12-10 23:59+01:00 | 2026-10-12 23:59+02:00"),
    ("es", "madrid spring", "10/12 17:00", "pick 2026-12-10 17:00+01:00 | 2026-10-12 17:00+02:00"),
    ("es", "madrid spring", "32/12", "refused numeric_date"),
    ("es", "madrid spring", "ayer", "refused unreadable"),
    ("es", "madrid spring", "en 2 meses", "refused months_years"),
    ("es", "madrid spring", "a las 5", "refused bare_hour_half"),
    ("es", "madrid spring", "hoy a las 9", "refused past"),
    ("es", "madrid spring", "31 de febrero", "refused no_such_day"),
    ("es", "madrid spring", "lunes 25:00", "refused not_clock"),
    ("es", "madrid spring", "mar 17:00", "refused clock_not_day"),  # martes or marzo: not guessed
    # English, New York, two days before the clocks go forward.
    ("en", "ny spring", "end of day", "2026-03-06 23:59-05:00"),
    ("en", "ny spring", "eod", "2026-03-06 23:59-05:00"),
    ("en", "ny spring", "this afternoon", "2026-03-06 15:00-05:00"),
    ("en", "ny spring", "monday morning", "2026-03-09 09:00-04:00"),
    ("en", "ny spring", "next week", "2026-03-13 10:00-04:00"),
    ("en", "ny spring", "17h", "2026-03-06 17:00-05:00"),
    ("en", "ny spring", "17.00", "2026-03-06 17:00-05:00"),
    ("en", "ny spring", "5 pm", "2026-03-06 17:00-05:00"),
    ("en", "ny spring", "in 2 days", "2026-03-08 10:00-04:00"),
    ("en", "ny spring", "in 48 hours", "2026-03-08 11:00-04:00"),  # 48 real hours across the change
    ("en", "ny spring", "in 17h", "2026-03-07 03:00-05:00"),  # after `in`, a wait
    ("en", "ny spring", "sunday 2:30", "2026-03-08 03:30-04:00"),  # skipped by the change
    ("en", "ny spring", "tomorrow 9am", "2026-03-07 09:00-05:00"),
    ("en", "ny spring", "tomorrow morning", "2026-03-07 09:00-05:00"),
    ("en", "ny spring", "friday", "2026-03-06 23:59-05:00"),
    ("en", "ny spring", "next friday", "2026-03-13 23:59-04:00"),
    ("en", "ny spring", "end of week", "2026-03-06 23:59-05:00"),
    ("en", "ny spring", "10 march", "2026-03-10 23:59-04:00"),
    ("en", "ny spring", "noon", "2026-03-06 12:00-05:00"),
    ("en", "ny spring", "tonight", "2026-03-06 23:59-05:00"),
    ("en", "ny spring", "viernes 17:00", "2026-03-06 17:00-05:00"),  # Spanish from an English teacher
    ("en", "ny spring", "12/13", "2026-12-13 23:59-05:00"),
    ("en", "ny spring", "10/12", "pick 2026-12-10 23:59-05:00 | 2026-10-12 23:59-04:00"),
    ("en", "ny spring", "this morning", "refused past"),
    ("en", "ny spring", "friday 5", "refused bare_hour_half"),
    ("en", "ny spring", "in 2 months", "refused months_years"),
    ("en", "ny spring", "3 hours", "refused bare_amount"),
    ("en", "ny spring", "yesterday", "refused unreadable"),
    ("en", "ny spring", "04/12/2026", "pick 2026-12-04 23:59-05:00 | 2026-04-12 23:59-04:00"),
    # Two days before the clocks go back.
    ("es", "madrid autumn", "en 2 días", "2026-10-25 10:00+01:00"),
    ("es", "madrid autumn", "domingo 2:30", "2026-10-25 02:30+02:00"),  # happens twice: the first
    ("es", "madrid autumn", "el lunes que viene a las 8:00", "2026-10-26 08:00+01:00"),
    ("en", "madrid autumn", "in 48 hours", "2026-10-25 09:00+01:00"),
    ("en", "ny autumn", "sunday 1:30", "2026-11-01 01:30-04:00"),
    ("en", "ny autumn", "in 2 days", "2026-11-01 10:00-05:00"),
    ("es", "ny autumn", "pasado mañana a las 17h", "2026-11-01 17:00-05:00"),
    ("en", "ny autumn", "monday morning", "2026-11-02 09:00-05:00"),
    ("es", "ny autumn", "viernes 17:00", "2026-10-30 17:00-04:00"),
    ("en", "ny autumn", "04/12/2026", "refused numeric_date"),  # 12 April is past: refused, not guessed
    ("en", "ny autumn", "10/12", "pick 2026-12-10 23:59-05:00 | 2027-10-12 23:59-04:00"),
]


def shown(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat(" ", "minutes")


def reading(code: str, now_name: str, typed: str) -> str:
    now = NOWS[now_name]
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    try:
        found = read_when(typed, now, zone, day_end=True, language=code)
    except TimeTextError as exc:
        return f"refused {exc.key}"
    if isinstance(found, Ambiguous):
        return "pick " + " | ".join(shown(m, zone) for m in found.readings)
    return shown(found, zone)


def test_the_table_is_long_enough_and_covers_both_languages():
    assert len(PHRASES) >= 60
    assert {code for code, *_ in PHRASES} == set(LANGUAGES)


@pytest.mark.parametrize(("code", "now", "typed", "expected"), PHRASES)
def test_each_phrase_gives_its_time(code: str, now: str, typed: str, expected: str):
    assert reading(code, now, typed) == expected


def test_an_accepted_time_is_echoed_in_the_teachers_language_with_its_zone():
    now = NOWS["madrid spring"]
    moment = read_when("viernes 17:00", now, MADRID, language="es")
    assert isinstance(moment, datetime)
    said = describe(moment, MADRID)
    assert LANGUAGES["es"].render(said) == "viernes 27 de marzo de 2026, 17:00 (Europe/Madrid)"
    assert str(said) == "Friday 27 March 2026, 17:00 (Europe/Madrid)"


def test_a_past_reading_is_shown_in_spanish():
    with pytest.raises(TimeTextError) as caught:
        read_when("hoy a las 9", NOWS["madrid spring"], MADRID, language="es")
    assert caught.value.text is not None
    assert (
        LANGUAGES["es"]
        .render(caught.value.text)
        .startswith(
            "Eso ya ha pasado: lo he entendido como viernes 27 de marzo de 2026, 09:00 (Europe/Madrid)."
        )
    )
