"""Both engines reach the same logical schema through their own numbered migrations."""

from pathlib import Path

from bot.storage import PostgresDatabase, SQLiteDatabase, migrator
from tests.storage.schema import postgres_column_kinds, postgres_schema, sqlite_schema

# Columns that hold a time; every other column ending in _at would be a time forgotten as text.
TIMES = {"first_seen", "until"}
# Columns that hold a Discord id or a 62-bit seed, beside those named id and *_id.
BIG = {"opened_by", "granted_by", "seed"}


def test_both_engines_have_migrations_with_the_same_numbers():
    numbers = {dialect: [v for v, _ in migrator.migrations(dialect)] for dialect in migrator.DIALECTS}
    assert numbers["sqlite"] == numbers["postgres"] == list(range(1, len(numbers["sqlite"]) + 1))


async def test_both_engines_reach_the_same_tables_columns_keys_and_constraints(
    tmp_path: Path, fresh_postgres_url: str
):
    path = tmp_path / "tutor.sqlite3"
    await (await SQLiteDatabase.open(path)).close()
    postgres = await PostgresDatabase.open(fresh_postgres_url)
    await postgres.close()

    lite, pg = sqlite_schema(path), await postgres_schema(fresh_postgres_url)
    assert sorted(lite) == sorted(pg)
    for name in lite:
        assert lite[name].columns == pg[name].columns, name
        assert lite[name].primary_key == pg[name].primary_key, name
        assert lite[name].indexes == pg[name].indexes, name
        assert lite[name].foreign_keys == pg[name].foreign_keys, name
        assert lite[name].checks == pg[name].checks, name
        assert lite[name].triggers == pg[name].triggers, name


async def test_postgres_keeps_ids_as_bigint_and_times_as_timestamptz(fresh_postgres_url: str):
    await (await PostgresDatabase.open(fresh_postgres_url)).close()
    kinds = await postgres_column_kinds(fresh_postgres_url)
    for (table, column), kind in kinds.items():
        if column.endswith("_at") or column in TIMES:
            assert kind == "timestamp with time zone", (table, column)
        elif (column.endswith("id") and column != "lesson_id") or column in BIG:
            assert kind == "bigint", (table, column)  # Discord ids do not fit an integer
