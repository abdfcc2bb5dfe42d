"""The shared SQL text, folded into each engine's form (pure: no database)."""

import json
from datetime import UTC, datetime, timedelta, timezone

from bot.storage.sql.dialect import POSTGRES, SQLITE, sql

MOMENT = datetime(2026, 12, 4, 17, 0, 0, 123_456, tzinfo=timezone(timedelta(hours=1)))


def test_postgres_numbers_each_name_once_and_keeps_its_casts():
    form = sql("SELECT 1 WHERE a = :guild::bigint AND b = :user AND c = :guild").forms[POSTGRES.name]
    assert form.text == "SELECT 1 WHERE a = $1::bigint AND b = $2 AND c = $1"
    assert form.bind({"user": 7, "guild": 3}) == (3, 7)


def test_sqlite_keeps_the_names_and_drops_the_casts():
    form = sql("SELECT 1 WHERE a = :guild::bigint AND b = :user").forms[SQLITE.name]
    assert form.text == "SELECT 1 WHERE a = :guild AND b = :user"
    values = {"guild": 3, "user": 7}
    assert form.bind(values) is values  # nothing to convert: the caller's mapping, as it is


def test_times_are_kept_to_the_millisecond_in_utc_on_both():
    statement = sql("UPDATE t SET at = :now::timestamptz, until = :until::timestamptz WHERE id = :id")
    lite = statement.forms[SQLITE.name].bind({"now": MOMENT, "until": None, "id": 1})
    assert lite == {"now": "2026-12-04T16:00:00.123Z", "until": None, "id": 1}
    (now, until, id_) = statement.forms[POSTGRES.name].bind({"now": MOMENT, "until": None, "id": 1})
    assert now == datetime(2026, 12, 4, 16, 0, 0, 123_000, tzinfo=UTC)
    assert (until, id_) == (None, 1)


def test_a_cast_on_one_use_of_a_name_converts_every_use():
    form = sql("SELECT :now::timestamptz, :now").forms[SQLITE.name]
    assert form.text == "SELECT :now, :now"
    assert form.bind({"now": MOMENT})["now"] == "2026-12-04T16:00:00.123Z"


def test_column_casts_and_colons_in_strings_are_not_parameters():
    text = "SELECT a::text, b || ':' || c FROM t WHERE d = :d"
    assert sql(text).forms[POSTGRES.name].text == "SELECT a::text, b || ':' || c FROM t WHERE d = $1"


def test_membership_in_a_list_is_an_array_on_postgres_and_a_json_table_on_sqlite():
    statement = sql("SELECT name FROM people WHERE user_id = ANY(:users::bigint[])")
    assert statement.forms[POSTGRES.name].text == "SELECT name FROM people WHERE user_id = ANY($1::bigint[])"
    lite = statement.forms[SQLITE.name]
    assert lite.text == "SELECT name FROM people WHERE user_id IN (SELECT value FROM json_each(:users))"
    assert json.loads(lite.bind({"users": [1, 2]})["users"]) == [1, 2]


def test_functions_sqlite_spells_otherwise():
    statement = sql("SELECT string_agg(x, ','), GREATEST(a, b) FROM t")
    assert statement.forms[SQLITE.name].text == "SELECT group_concat(x, ','), max(a, b) FROM t"
    assert statement.forms[POSTGRES.name].text == "SELECT string_agg(x, ','), GREATEST(a, b) FROM t"
