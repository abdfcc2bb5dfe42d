"""Every statement about the bot's data is written once, in bot/storage/sql/; the engine folders hold only
what truly differs. A new statement there fails this test: write it in bot/storage/sql/, or, if one
engine cannot run the shared text, add it below with the reason beside it in its module."""

import re
from pathlib import Path

import bot.storage

STORAGE = Path(bot.storage.__file__).parent
_STATEMENT = re.compile(r"[\"'][^\"']*\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WITH \w+ AS)\b")

# file: lines that start a statement or a clause of one
ENGINE_ONLY = {
    # A click's insert and state in one statement: a data-modifying CTE, which SQLite does not have
    # (SQLite's click path runs the shared insert and state statements in one transaction instead).
    "postgres/clicks.py": 2,
    # The advisory locks (queueing, migrations) and the table of applied migrations: PostgreSQL's own.
    "postgres/engine.py": 6,
}


def _statements(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if _STATEMENT.search(line))


def test_the_engine_folders_hold_only_what_differs():
    found = {
        str(path.relative_to(STORAGE)): _statements(path)
        for folder in ("sqlite", "postgres")
        for path in sorted((STORAGE / folder).glob("*.py"))
        if _statements(path)
    }
    assert found == ENGINE_ONLY
