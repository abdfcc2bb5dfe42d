"""Settings, read once from `.env` and the environment into a frozen object.

Nothing else in the bot reads the environment. Every key is documented in `.env.example`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from dotenv import dotenv_values

from bot.errors import HostError

DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# A hundred years: longer is forever in practice, and far enough from datetime's limits.
_MAX_RETENTION_DAYS = 36_500


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
    # Attempts with no activity for longer than this are deleted; None keeps them forever.
    data_retention: timedelta | None = None

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


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Merge `.env` (if present) under the process environment and validate every key."""
    env: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        try:
            env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{env_file} cannot be read ({exc}).") from None
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

    return Settings(
        token=token,
        database_path=Path(env.get("DATABASE_PATH", "").strip() or "data/tutor.sqlite3"),
        lessons_dir=Path(env.get("LESSONS_DIR", "").strip() or "data/lessons"),
        dev_guild_id=int(guild) if guild else None,
        api_base=_url(env, "DISCORD_API_BASE", DISCORD_API_BASE, ("https://", "http://")),
        gateway_url=_url(env, "DISCORD_GATEWAY_URL", DISCORD_GATEWAY_URL, ("wss://", "ws://")),
        log_level=level,
        clock_offset=clock_offset,
        data_retention=timedelta(days=int(days)) if days else None,
    )
