"""Storage fixtures: a real PostgreSQL beside the SQLite file (see tests/postgres.py)."""

from tests.postgres import fresh_postgres_url, postgres_url

__all__ = ["fresh_postgres_url", "postgres_url"]
