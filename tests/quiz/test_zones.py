"""Time zones by the names of places, in English and Spanish, from CLDR's territories and cities."""

import pytest

from bot.i18n import LANGUAGES
from bot.quiz.when import TimeTextError, parse_zone, zone_choices


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("New York", "America/New_York"),
        ("Nueva York", "America/New_York"),
        ("Londres", "Europe/London"),
        ("Japan", "Asia/Tokyo"),
        ("Japón", "Asia/Tokyo"),
        ("japon", "Asia/Tokyo"),
        ("United Kingdom", "Europe/London"),
        ("Reino Unido", "Europe/London"),
        ("Europe/Madrid", "Europe/Madrid"),
    ],
)
def test_a_place_with_one_zone_is_that_zone(typed: str, zone: str):
    assert parse_zone(typed).key == zone


@pytest.mark.parametrize("typed", ["Spain", "España", "espana"])
def test_a_country_with_several_zones_asks_which(typed: str):
    with pytest.raises(TimeTextError) as caught:
        parse_zone(typed)
    assert caught.value.message.startswith(
        f"`{typed}` has more than one time zone: `Europe/Madrid`, `Africa/Ceuta` or `Atlantic/Canary`."
    )
    assert caught.value.text is not None
    spanish = LANGUAGES["es"].render(caught.value.text)
    assert spanish.startswith(f"`{typed}` tiene más de una zona horaria: `Europe/Madrid`, `Africa/Ceuta`")


def test_mexico_offers_its_main_zone_first():
    with pytest.raises(TimeTextError) as caught:
        parse_zone("Mexico")
    assert "`America/Mexico_City`" in caught.value.message
    assert zone_choices("México")[0] == "America/Mexico_City"


@pytest.mark.parametrize(
    ("typed", "first"),
    [("Spain", ["Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary"]), ("esp", ["Europe/Madrid"]),
     ("Nueva Y", ["America/New_York"]), ("estados unidos", ["America/New_York", "America/Chicago"])],
)  # fmt: skip
def test_autocomplete_lists_a_places_zones(typed: str, first: list[str]):
    choices = zone_choices(typed)
    assert choices[: len(first)] == first
    assert all(parse_zone(choice).key == choice for choice in choices)
