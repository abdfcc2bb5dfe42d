"""What a host watches: clicks by outcome and how long they took, database faults and waits, open
attempts, how late deadlines closed. Prometheus's client library keeps them; bot/exts/health.py serves
them when METRICS_PORT is set. Counting costs about 1-2 µs a click (against ~700 µs for the click).

Clicks are labelled with the shard of the server they came from, so one process's several shards, and
several processes, can be told apart in the host's dashboards.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Discord fails a click not answered within 3 s: the buckets are finest around that.
_CLICK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0)

CLICKS = Counter("tutor_clicks", "Button clicks handled, by outcome", ["outcome", "shard"])
CLICK_SECONDS = Histogram(
    "tutor_click_seconds", "From a click reaching the bot to its reply", ["shard"], buckets=_CLICK_BUCKETS
)
DATABASE_FAULTS = Counter("tutor_database_faults", "Database calls that failed, by code", ["code"])
DATABASE_WAIT_SECONDS = Histogram(
    "tutor_database_wait_seconds",
    "How long a database call waited and ran (PostgreSQL) or waited for the write lock (SQLite)",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0),
)
OPEN_ATTEMPTS = Gauge("tutor_open_attempts", "Quiz attempts begun and not finished, in every server")
DEADLINE_LAG_SECONDS = Histogram(
    "tutor_deadline_lag_seconds",
    "How long after its deadline a quiz was closed",
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 300, 3600),
)


def shard_of(guild_id: int | None, shard_count: int | None) -> str:
    """The shard Discord sends a server's events to (DMs: shard 0)."""
    if guild_id is None or not shard_count:
        return "0"
    return str((guild_id >> 22) % shard_count)
