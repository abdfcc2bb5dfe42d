"""The labels of the two buttons asking how a date like 10/12 was meant."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.exts.time_choice import label
from bot.i18n import LANGUAGES

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
MADRID = ZoneInfo("Europe/Madrid")


def test_labels_say_day_and_month_in_the_teachers_language_with_a_year_only_when_another():
    december = datetime(2026, 12, 10, 22, 59, tzinfo=UTC)
    october = datetime(2027, 10, 12, 21, 59, tzinfo=UTC)
    assert label(december, MADRID, LANGUAGES["en"], NOW) == "10 December"
    assert label(october, MADRID, LANGUAGES["en"], NOW) == "12 October 2027"
    assert label(december, MADRID, LANGUAGES["es"], NOW) == "10 de diciembre"
    assert label(october, MADRID, LANGUAGES["es"], NOW) == "12 de octubre de 2027"
