"""Settings, read once from `.env` and the environment into a frozen object.

Nothing else in the bot reads the environment. Every key is documented in `.env.example`.
"""

from __future__ import annotations

import importlib.util
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from dotenv import dotenv_values
from dotenv.parser import parse_stream

from bot.errors import HostError

DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# A hundred years: longer is forever in practice, and far enough from datetime's limits.
_MAX_RETENTION_DAYS = 36_500
EVENT_LOOPS = ("asyncio", "uvloop")


@dataclass(frozen=True, slots=True)
class PoolOptions:
    """How the bot uses its PostgreSQL connections (DATABASE_POOL_SIZE, DATABASE_TIMEOUT_SECONDS,
    DATABASE_STATEMENT_CACHE)."""

    size: int = 10
    # The longest a statement waits, for a connection and then for its answer. Discord fails a click
    # not answered within 3 s: past this the student is told "busy, press again" instead.
    timeout: float = 1.5
    # asyncpg prepares and caches statements per connection. PgBouncer in transaction mode hands each
    # transaction another server connection, where those statements do not exist: turn it off there.
    statement_cache: bool = True


class ConfigError(HostError):
    """A setting is missing or malformed; the message says what to do, in one line."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None
    database_path: Path
    lessons_dir: Path
    dev_guild_id: int | None
    api_base: str
    gateway_url: str
    log_level: str
    clock_offset: timedelta = timedelta()
    # PostgreSQL instead of the SQLite file at database_path, when set.
    database_url: str | None = None
    # Gateway shards: how many in all, and which of them this process runs (None: all of them).
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None

    def syncs_commands(self) -> bool:
        """Whether this process syncs slash commands at start: only the one that runs shard 0."""
        return self.shard_ids is None or 0 in self.shard_ids

    # Attempts with no activity for longer than this are deleted; None keeps them forever.
    data_retention: timedelta | None = None
    # "uvloop" runs the bot on uvloop (installed separately) instead of asyncio's own event loop.
    event_loop: str = "asyncio"
    # How the PostgreSQL pool is used (see PoolOptions).
    pool: PoolOptions = PoolOptions()
    # Where /healthz and /metrics are served (METRICS_HOST, METRICS_PORT); None: not at all.
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "DISCORD_TOKEN is not set: copy .env.example to .env and put your bot's token "
                "in it (README, 'Create the bot in Discord')."
            )
        return self.token


def _url(env: Mapping[str, str], key: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env.get(key, "").strip() or default
    if not value.startswith(schemes):
        raise ConfigError(f"{key} must start with {' or '.join(schemes)}, got {value!r}.")
    return value.rstrip("/") if key == "DISCORD_API_BASE" else value


POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def shown_url(url: str) -> str:
    """A database URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def read_env_file(env_file: Path) -> dict[str, str]:
    """The keys set in `env_file`; {} if there is none. Refuses a file the bot would misread."""
    if not env_file.exists() and not env_file.is_symlink():
        return {}
    if env_file.is_dir():
        raise ConfigError(
            f"{env_file} is a folder, not a file: remove it, then copy .env.example to {env_file}."
        )
    try:
        raw = env_file.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{env_file} cannot be read ({exc.strerror}): check that the user running the bot may read it."
        ) from None
    try:
        # utf-8-sig: Windows Notepad may start the file with a byte-order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{env_file} is not UTF-8 text (byte {raw[exc.start]:#04x} at position {exc.start}): "
            "save it again as UTF-8."
        ) from None
    for binding in parse_stream(io.StringIO(text)):
        # Never quote the line: it may hold the token.
        if binding.error or (binding.key is not None and binding.value is None):
            raise ConfigError(
                f"{env_file} line {binding.original.line} is not KEY=value: fix it or remove it "
                "(see .env.example)."
            )
    return {k: v for k, v in dotenv_values(stream=io.StringIO(text)).items() if v is not None}


def _database_url(env: Mapping[str, str]) -> str | None:
    value = env.get("DATABASE_URL", "").strip()
    if not value:
        return None
    if not value.startswith(POSTGRES_SCHEMES):
        raise ConfigError(
            f"DATABASE_URL must start with postgresql:// (or be empty for SQLite), got {shown_url(value)!r}."
        )
    return value


def _shards(env: Mapping[str, str]) -> tuple[int | None, tuple[int, ...] | None]:
    count_text = env.get("SHARD_COUNT", "").strip()
    ids_text = env.get("SHARD_IDS", "").strip()
    if not count_text:
        if ids_text:
            raise ConfigError("SHARD_IDS needs SHARD_COUNT, the number of shards in all processes together.")
        return None, None
    if not count_text.isdigit() or int(count_text) < 1:
        raise ConfigError(f"SHARD_COUNT must be a whole number of shards, 1 or more, got {count_text!r}.")
    count = int(count_text)
    if not ids_text:
        return count, None
    ids: list[int] = []
    for part in ids_text.split(","):
        first, _, last = (side.strip() for side in part.partition("-"))
        if not first.isdigit() or (last and not last.isdigit()):
            raise ConfigError(f"SHARD_IDS must be shard numbers like 0,1 or 0-3, got {ids_text!r}.")
        ids.extend(range(int(first), int(last or first) + 1))
    if not ids or len(set(ids)) != len(ids) or max(ids) >= count:
        raise ConfigError(
            f"SHARD_IDS must name different shards from 0 to {count - 1} (SHARD_COUNT is {count}),"
            f" got {ids_text!r}."
        )
    return count, tuple(sorted(ids))


def _event_loop(env: Mapping[str, str]) -> str:
    loop = env.get("EVENT_LOOP", "").strip().lower() or "asyncio"
    if loop not in EVENT_LOOPS:
        raise ConfigError(f"EVENT_LOOP must be asyncio, uvloop or empty, got {loop!r}.")
    if loop == "uvloop" and importlib.util.find_spec("uvloop") is None:
        raise ConfigError(
            "EVENT_LOOP=uvloop needs the uvloop package: install it with "
            "`.venv/bin/pip install -e '.[fast]'`, or leave EVENT_LOOP empty."
        )
    return loop


def _number(env: Mapping[str, str], key: str, low: float, high: float, *, whole: bool) -> float | None:
    text = env.get(key, "").strip()
    if not text:
        return None
    kind = "a whole number" if whole else "a number"
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ConfigError(f"{key} must be {kind} from {low:g} to {high:g}, or empty; got {text!r}.")
    return value


def _pool(env: Mapping[str, str]) -> PoolOptions:
    size = _number(env, "DATABASE_POOL_SIZE", 1, 1000, whole=True)
    timeout = _number(env, "DATABASE_TIMEOUT_SECONDS", 0.1, 60, whole=False)
    cache = env.get("DATABASE_STATEMENT_CACHE", "").strip().lower() or "on"
    if cache not in ("on", "off"):
        raise ConfigError(
            f"DATABASE_STATEMENT_CACHE must be on or off (off behind PgBouncer), got {cache!r}."
        )
    default = PoolOptions()
    return PoolOptions(
        size=default.size if size is None else int(size),
        timeout=default.timeout if timeout is None else timeout,
        statement_cache=cache == "on",
    )


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Merge `.env` (if present) under the process environment and validate every key."""
    env = read_env_file(env_file) if env_file is not None else {}
    env.update(os.environ if environ is None else environ)

    guild = env.get("DEV_GUILD_ID", "").strip()
    if guild and not guild.isdigit():
        raise ConfigError(f"DEV_GUILD_ID must be a server id (digits only), got {guild!r}.")
    level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {level!r}.")
    token = env.get("DISCORD_TOKEN", "").strip() or None
    if token is not None and any(c.isspace() for c in token):
        raise ConfigError("DISCORD_TOKEN contains spaces; paste the token alone, with no quotes.")

    offset = env.get("CLOCK_OFFSET_SECONDS", "").strip() or "0"
    try:
        clock_offset = timedelta(seconds=float(offset))
    except (ValueError, OverflowError):
        raise ConfigError(f"CLOCK_OFFSET_SECONDS must be a number of seconds, got {offset!r}.") from None

    days = env.get("DATA_RETENTION_DAYS", "").strip()
    if days and not (days.isascii() and days.isdigit() and 1 <= int(days) <= _MAX_RETENTION_DAYS):
        raise ConfigError(
            f"DATA_RETENTION_DAYS must be a whole number of days from 1 to {_MAX_RETENTION_DAYS}, "
            f"or empty to keep data forever; got {days!r}."
        )

    shard_count, shard_ids = _shards(env)
    metrics_port = _number(env, "METRICS_PORT", 1, 65535, whole=True)
    return Settings(
        pool=_pool(env),
        metrics_port=None if metrics_port is None else int(metrics_port),
        metrics_host=env.get("METRICS_HOST", "").strip() or "127.0.0.1",
        event_loop=_event_loop(env),
        token=token,
        database_path=Path(env.get("DATABASE_PATH", "").strip() or "data/tutor.sqlite3"),
        lessons_dir=Path(env.get("LESSONS_DIR", "").strip() or "data/lessons"),
        dev_guild_id=int(guild) if guild else None,
        api_base=_url(env, "DISCORD_API_BASE", DISCORD_API_BASE, ("https://", "http://")),
        gateway_url=_url(env, "DISCORD_GATEWAY_URL", DISCORD_GATEWAY_URL, ("wss://", "ws://")),
        log_level=level,
        clock_offset=clock_offset,
        database_url=_database_url(env),
        shard_count=shard_count,
        shard_ids=shard_ids,
        data_retention=timedelta(days=int(days)) if days else None,
    )
