"""Reading the times a teacher types, against a fixed `now`, in several zones."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import UserError
from bot.i18n import language
from bot.quiz.when import TimeTextError, describe, parse_when, parse_zone, zone_choices

SPANISH = language("es-ES")

LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")
# Wednesday 2 December 2026, 10:00 on the wall clock of each zone; none changes its clocks near then.
ZONES = [
    ZoneInfo(name) for name in ("UTC", "Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney")
]
EXAMPLE = "Try: `friday 17:00`, `in 2 days`, `2026-12-04 17:00`."


def wednesday(zone, hour=10, minute=0):
    return datetime(2026, 12, 2, hour, minute, tzinfo=zone)


def local(text, now, zone, **options):
    moment = parse_when(text, now, zone, **options)
    assert moment.tzinfo is UTC
    assert moment > now
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def refusal(text, now=None, zone=LONDON, **options):
    with pytest.raises(TimeTextError) as caught:
        parse_when(text, now or wednesday(zone), zone, **options)
    return caught.value.message


ACCEPTED = [
    # waits
    ("in 2 days", "2026-12-04 10:00"),
    ("in 3 hours", "2026-12-02 13:00"),
    ("in 45 minutes", "2026-12-02 10:45"),
    ("in 1 week", "2026-12-09 10:00"),
    ("in 2h", "2026-12-02 12:00"),
    ("in 30m", "2026-12-02 10:30"),
    ("in 1 day 3 hours", "2026-12-03 13:00"),
    ("in 1 day and 3 hours", "2026-12-03 13:00"),
    ("in 2h30m", "2026-12-02 12:30"),
    ("in an hour", "2026-12-02 11:00"),
    ("  IN   2   DAYS ", "2026-12-04 10:00"),
    ("2 days from now", "2026-12-04 10:00"),
    # named days
    ("tomorrow", "2026-12-03 00:00"),
    ("tomorrow 9am", "2026-12-03 09:00"),
    ("tomorrow 17:30", "2026-12-03 17:30"),
    ("Tomorrow at 9 a.m.", "2026-12-03 09:00"),
    ("noon tomorrow", "2026-12-03 12:00"),
    ("today 17:00", "2026-12-02 17:00"),
    ("tonight", "2026-12-02 23:59"),
    ("tonight 8pm", "2026-12-02 20:00"),
    ("day after tomorrow", "2026-12-04 00:00"),
    # weekdays: the nearest still ahead, today included; `next` never today
    ("friday 17:00", "2026-12-04 17:00"),
    ("fri 5pm", "2026-12-04 17:00"),
    ("FRIDAY, 5 PM", "2026-12-04 17:00"),
    ("5pm friday", "2026-12-04 17:00"),
    ("on friday at 17:00", "2026-12-04 17:00"),
    ("this friday", "2026-12-04 00:00"),
    ("next friday", "2026-12-04 00:00"),
    ("next wednesday", "2026-12-09 00:00"),
    ("monday", "2026-12-07 00:00"),
    ("thurs 9am", "2026-12-03 09:00"),
    ("wednesday", "2026-12-09 00:00"),
    ("wednesday 17:00", "2026-12-02 17:00"),
    ("wed 9:00", "2026-12-09 09:00"),
    # a time of day alone: today if still ahead, else tomorrow
    ("17:00", "2026-12-02 17:00"),
    ("5pm", "2026-12-02 17:00"),
    ("5:30 pm", "2026-12-02 17:30"),
    ("5:30PM", "2026-12-02 17:30"),
    ("9am", "2026-12-03 09:00"),
    ("noon", "2026-12-02 12:00"),
    ("12pm", "2026-12-02 12:00"),
    ("12am", "2026-12-03 00:00"),
    ("midnight", "2026-12-03 00:00"),
    ("friday midnight", "2026-12-05 00:00"),
    # dates
    ("2026-12-04 17:00", "2026-12-04 17:00"),
    ("2026-12-04T17:00", "2026-12-04 17:00"),
    ("2026-12-04", "2026-12-04 00:00"),
    ("4 december 17:00", "2026-12-04 17:00"),
    ("dec 4 5pm", "2026-12-04 17:00"),
    ("december 4", "2026-12-04 00:00"),
    ("4th of December, 2026", "2026-12-04 00:00"),
    ("Dec 4th 2026 5pm", "2026-12-04 17:00"),
    ("december 1", "2027-12-01 00:00"),
    ("february 29", "2028-02-29 00:00"),
    ("Friday 4 December 2026, 17:00", "2026-12-04 17:00"),  # what describe() shows, typed back
]


@pytest.mark.parametrize("zone", ZONES, ids=str)
@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text, expected, zone):
    assert local(text, wednesday(zone), zone) == expected


DEADLINES = [
    ("2026-12-04", "2026-12-04 23:59"),
    ("friday", "2026-12-04 23:59"),
    ("wednesday", "2026-12-02 23:59"),
    ("today", "2026-12-02 23:59"),
    ("tomorrow", "2026-12-03 23:59"),
    ("december 4", "2026-12-04 23:59"),
    ("tonight", "2026-12-02 23:59"),
    ("friday 17:00", "2026-12-04 17:00"),
    ("in 2 days", "2026-12-04 10:00"),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES)
def test_a_day_without_a_time_ends_at_23_59_for_a_deadline(text, expected):
    assert local(text, wednesday(LONDON), LONDON, day_end=True) == expected


FRIDAY = [
    ("friday 17:00", False, "2026-12-04 17:00"),
    ("friday 9:00", False, "2026-12-11 09:00"),
    ("friday", False, "2026-12-11 00:00"),
    ("friday", True, "2026-12-04 23:59"),
    ("next friday", True, "2026-12-11 23:59"),
]


@pytest.mark.parametrize(("text", "day_end", "expected"), FRIDAY)
def test_a_weekday_typed_on_that_day_is_today_while_still_ahead(text, day_end, expected):
    friday = datetime(2026, 12, 4, 10, tzinfo=NEW_YORK)
    assert local(text, friday, NEW_YORK, day_end=day_end) == expected


def test_the_day_is_the_servers_day_not_utcs():
    now = datetime(2026, 12, 2, 10, tzinfo=UTC)  # 19:00 in Tokyo, 02:00 in Los Angeles
    tokyo, los_angeles = ZoneInfo("Asia/Tokyo"), ZoneInfo("America/Los_Angeles")
    assert local("9am", now, tokyo) == "2026-12-03 09:00"
    assert local("9am", now, los_angeles) == "2026-12-02 09:00"
    assert local("tomorrow", now, los_angeles) == "2026-12-03 00:00"
    assert "Wednesday 2 December 2026, 17:00 (Asia/Tokyo)" in refusal("today 17:00", now, tokyo)


def test_a_time_equal_to_now_is_not_after_it():
    five = wednesday(LONDON, 17)
    assert local("17:00", five, LONDON) == "2026-12-03 17:00"
    assert "That is in the past" in refusal("today 17:00", five)


def test_waits_drop_the_seconds_of_now():
    now = datetime(2026, 12, 2, 10, 0, 30, 500, tzinfo=UTC)
    assert parse_when("in 45 minutes", now, LONDON) == datetime(2026, 12, 2, 10, 45, tzinfo=UTC)


REFUSED = [
    ("12/04", ["`12/04`", "year-month-day"]),
    ("04.12", ["`04.12`", "year-month-day"]),
    ("12-04 17:00", ["`12-04`", "year-month-day"]),
    ("04/12/2026", ["`04/12/2026`", "year-month-day"]),
    ("today 9am", ["That is in the past: I read it as Wednesday 2 December 2026, 09:00 (Europe/London)."]),
    (
        "2025-12-04 17:00",
        ["That is in the past: I read it as Thursday 4 December 2025, 17:00 (Europe/London)."],
    ),
    ("today", ["That is in the past: I read it as Wednesday 2 December 2026, 00:00 (Europe/London)."]),
    ("friday 5", ["`friday 5`", "`friday 5:00`", "`friday 5pm`"]),
    ("5", ["`5`", "`5:00`", "`5pm`"]),
    ("17", ["`17`", "`17:00`"]),
    ("blah", ["I could not read `blah` as a time."]),
    ("friday blah", ["I read `friday` as a day, but not `blah`."]),
    ("tomorrow soonish", ["I read `tomorrow` as a day, but not `soonish`."]),
    ("17:00 blah", ["I read `17:00` as a time of day, but not `blah` as a day."]),
    ("at", ["I could not read `at` as a time."]),
    ("2026", ["I could not read `2026` as a time."]),
    ("3 hours", ["Did you mean `in 3 hours`, a wait from now?"]),
    ("17 hrs", ["Did you mean `in 17 hrs`"]),
    ("in 2 dayz", ["`in 2 dayz`", "`in 3 hours`"]),
    ("in 2 days 17:00", ["I read `in 2 days` as a wait, but not `17:00`."]),
    ("in 1.5 hours", ["whole numbers", "`in 90 minutes`"]),
    ("in 2 months", ["Months and years"]),
    ("in 0 minutes", ["`in 0 minutes` is now"]),
    ("25:00", ["`25:00` is not a time of day"]),
    ("17:75", ["`17:75` is not a time of day"]),
    ("17pm", ["`17pm`", "`17:00`"]),
    ("0am", ["`0am`", "`0:00`"]),
    ("february 30", ["February has no day 30."]),
    ("2026-02-30", ["February 2026 has no day 30."]),
    ("2026-13-01", ["There is no month 13"]),
    ("friday 17:00 5pm", ["I found two times of day, `17:00` and `5pm`"]),
    ("monday 4 december", ["Friday 4 December 2026 is not a Monday."]),
    ("", ["Type when"]),
    ("   ", ["Type when"]),
    ("in 99999999999 days", ["`in 99999999999 days` is too far ahead."]),
    ("9999-12-31 midnight", ["too far ahead"]),
    ("friday " * 30, ["too long"]),
    ("`friday` 25:00", ["`25:00`"]),
    ("friday `x`", ["I read `friday` as a day, but not `x`."]),
]


@pytest.mark.parametrize(("text", "expected"), REFUSED)
def test_refusals_say_what_was_read_and_give_examples_that_work(text, expected):
    message = refusal(text)
    for part in expected:
        assert part in message
    assert message.endswith(EXAMPLE)
    assert message.count("`") % 2 == 0
    assert "Error" not in message
    assert "Traceback" not in message
    for example in ("friday 17:00", "in 2 days", "2026-12-04 17:00"):
        parse_when(example, wednesday(LONDON), LONDON)  # every example given works


def test_a_refusal_is_a_user_error_and_echoes_typed_text_without_breaking_formatting():
    message = refusal("`rm` soon")
    assert "I could not read `'rm' soon` as a time." in message
    with pytest.raises(UserError):
        parse_when("blah", wednesday(LONDON), LONDON)


@pytest.mark.parametrize(("text", "expected"), REFUSED)
def test_every_refusal_can_be_said_in_spanish_with_spanish_examples(text, expected):
    with pytest.raises(TimeTextError) as caught:
        parse_when(text, wednesday(LONDON), LONDON)
    said = caught.value.text
    assert said is not None
    spanish = SPANISH.render(said)
    assert spanish.endswith("Prueba así: `viernes 17:00`, `en 2 días`, `2026-12-04 17:00`.")
    assert spanish.count("`") % 2 == 0
    assert "{" not in spanish


def test_a_spanish_refusal_names_days_and_months_in_spanish():
    with pytest.raises(TimeTextError) as caught:
        parse_when("today 9am", wednesday(LONDON), LONDON)
    assert caught.value.text is not None
    assert SPANISH.render(caught.value.text).startswith(
        "Eso ya ha pasado: lo he entendido como miércoles 2 de diciembre de 2026, 09:00 (Europe/London)."
    )
    with pytest.raises(TimeTextError) as caught:
        parse_when("monday 4 december", wednesday(LONDON), LONDON)
    assert caught.value.text is not None
    assert SPANISH.render(caught.value.text).startswith("El viernes 4 de diciembre de 2026 no es lunes.")
    with pytest.raises(TimeTextError) as caught:
        parse_when("friday 17:00 5pm", wednesday(LONDON), LONDON)
    assert caught.value.text is not None
    assert "`17:00` y `5pm`" in SPANISH.render(caught.value.text)


def test_a_spanish_zone_refusal_offers_the_same_zones():
    with pytest.raises(TimeTextError) as caught:
        parse_zone("ist")
    assert caught.value.text is not None
    spanish = SPANISH.render(caught.value.text)
    assert "¿Querías decir `Asia/Kolkata` o `Europe/Dublin`?" in spanish
    assert spanish.endswith("Elige una de la lista mientras escribes, como `Europe/London` o `UTC`.")


def test_describe_in_spanish():
    moment = datetime(2026, 12, 4, 17, tzinfo=UTC)
    assert SPANISH.render(describe(moment, LONDON)) == "viernes 4 de diciembre de 2026, 17:00 (Europe/London)"


def test_the_dated_example_is_always_ahead():
    later = datetime(2027, 3, 1, 10, tzinfo=LONDON)
    assert refusal("blah", later).endswith("`2027-03-03 17:00`.")


DST = [
    # spring forward: 01:00-02:00 in London and 02:00-03:00 in New York do not exist; the time moves on
    (LONDON, "2026-03-29 01:30", datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "Sunday 29 March 2026, 02:30"),
    (NEW_YORK, "sunday 2:30am", datetime(2026, 3, 8, 7, 30, tzinfo=UTC), "Sunday 8 March 2026, 03:30"),
    # fall back: 01:00-02:00 happens twice; the first is taken
    (LONDON, "2026-10-25 01:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Sunday 25 October 2026, 01:30"),
    (NEW_YORK, "nov 1 1:30am", datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "Sunday 1 November 2026, 01:30"),
]


@pytest.mark.parametrize(("zone", "text", "expected", "shown"), DST)
def test_summer_time_changes(zone, text, expected, shown):
    now = datetime(2026, 3, 2, 12, tzinfo=UTC) if expected.month == 3 else datetime(2026, 10, 20, tzinfo=UTC)
    moment = parse_when(text, now, zone)
    assert moment == expected
    assert str(describe(moment, zone)).startswith(shown)


def test_days_keep_the_clock_time_across_a_change_and_hours_are_real_time():
    friday_noon = datetime(2026, 3, 27, 12, tzinfo=LONDON)  # GMT; clocks go forward on Sunday
    assert parse_when("in 2 days", friday_noon, LONDON) == datetime(2026, 3, 29, 11, tzinfo=UTC)  # 12:00 BST
    assert parse_when("in 48 hours", friday_noon, LONDON) == datetime(2026, 3, 29, 12, tzinfo=UTC)


def test_describe():
    moment = datetime(2026, 12, 4, 17, tzinfo=UTC)
    assert str(describe(moment, LONDON)) == "Friday 4 December 2026, 17:00 (Europe/London)"
    assert str(describe(moment, NEW_YORK)) == "Friday 4 December 2026, 12:00 (America/New_York)"
    assert (
        str(describe(datetime(2027, 1, 1, 0, 5, tzinfo=UTC), ZoneInfo("UTC")))
        == "Friday 1 January 2027, 00:05 (UTC)"
    )


def test_naive_datetimes_are_a_programming_error_not_a_teachers():
    with pytest.raises(ValueError, match="aware"):
        parse_when("friday", datetime(2026, 12, 2, 10), LONDON)
    with pytest.raises(ValueError, match="aware"):
        describe(datetime(2026, 12, 2, 10), LONDON)


ZONE_NAMES = [
    ("Europe/London", "Europe/London"),
    ("europe/london", "Europe/London"),
    ("  Europe / London ", "Europe/London"),
    ("America/New York", "America/New_York"),
    ("new york", "America/New_York"),
    ("london", "Europe/London"),
    ("UTC", "UTC"),
    ("utc", "UTC"),
    ("US/Eastern", "US/Eastern"),
]


@pytest.mark.parametrize(("typed", "key"), ZONE_NAMES)
def test_parse_zone_reads_names_in_any_case_with_spaces_or_by_city(typed, key):
    assert parse_zone(typed).key == key


UNKNOWN_ZONES = [
    ("", ["Type a time zone name."]),
    ("EST", ["`EST`", "summer time", "`America/New_York`"]),
    ("pst", ["`America/Los_Angeles`"]),
    ("ist", ["`Asia/Kolkata` or `Europe/Dublin`"]),
    ("Europe/Londn", ["I don't know the time zone `Europe/Londn`. Did you mean `Europe/London`"]),
    ("xyzzy", ["I don't know the time zone `xyzzy`."]),
    ("localtime", ["`localtime`"]),
    ("../../etc/passwd", ["`../../etc/passwd`"]),
]


@pytest.mark.parametrize(("typed", "expected"), UNKNOWN_ZONES)
def test_parse_zone_refuses_with_close_matches(typed, expected):
    with pytest.raises(TimeTextError) as caught:
        parse_zone(typed)
    for part in expected:
        assert part in caught.value.message
    assert "like `Europe/London` or `UTC`" in caught.value.message


def test_zone_choices_when_nothing_is_typed_are_the_popular_ones():
    choices = zone_choices("")
    assert len(choices) == 25
    assert choices[:3] == ["UTC", "Europe/London", "Europe/Dublin"]
    assert zone_choices("", limit=5) == choices[:5]
    assert zone_choices("", limit=0) == []


CHOICES = [
    ("new york", "America/New_York"),
    ("NEW_YORK", "America/New_York"),
    ("lon", "Europe/London"),
    ("tokyo", "Asia/Tokyo"),
    ("est", "America/New_York"),
    ("america", "America/New_York"),
]


@pytest.mark.parametrize(("typed", "expected"), CHOICES)
def test_zone_choices_contain_what_was_typed_likeliest_first(typed, expected):
    choices = zone_choices(typed)
    assert expected in choices[:12]
    assert 0 < len(choices) <= 25
    # An abbreviation's zones come first and need not contain it; every other choice does.
    key = typed.lower().replace(" ", "_")
    assert all(key in choice.lower() for choice in choices if choice != "America/New_York")
    assert all(parse_zone(choice).key == choice for choice in choices)


def test_zone_choices_for_an_abbreviation_offer_real_zones_first_and_never_the_abbreviation():
    choices = zone_choices("est")
    assert choices[0] == "America/New_York"
    assert "EST" not in choices
    assert zone_choices("lon")[0] == "Europe/London"
    assert zone_choices("zzzz") == []
