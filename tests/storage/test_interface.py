"""Both engines offer exactly the Storage interface: a method added to one is added to all."""

import inspect

import pytest

from bot.storage import PostgresDatabase, SQLiteDatabase, Storage


def _public(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.iscoroutinefunction)
        if not name.startswith("_") and name != "open"
    }


@pytest.mark.parametrize("engine", [SQLiteDatabase, PostgresDatabase])
def test_every_engine_has_the_interfaces_methods_with_the_same_signatures(engine: type):
    assert _public(engine) == _public(Storage)
