"""Settings come from .env and the environment, once, with a clear message for each mistake."""

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import DISCORD_API_BASE, DISCORD_GATEWAY_URL, ConfigError, load_settings


def test_defaults(tmp_path: Path):
    settings = load_settings({}, env_file=tmp_path / ".env")
    assert settings.token is None
    assert settings.database_path == Path("data/tutor.sqlite3")
    assert settings.lessons_dir == Path("data/lessons")
    assert settings.dev_guild_id is None
    assert (settings.api_base, settings.gateway_url) == (DISCORD_API_BASE, DISCORD_GATEWAY_URL)


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path):
    env = tmp_path / ".env"
    env.write_text("DISCORD_TOKEN=from-file\nDEV_GUILD_ID=123\nLESSONS_DIR=mine\n", encoding="utf-8")
    settings = load_settings({"DISCORD_TOKEN": "from-env"}, env_file=env)
    assert settings.token == "from-env"
    assert settings.dev_guild_id == 123
    assert settings.lessons_dir == Path("mine")


def test_settings_are_frozen(tmp_path: Path):
    settings = load_settings({}, env_file=None)
    with pytest.raises(AttributeError):
        settings.token = "x"  # type: ignore[misc]


def test_missing_token_says_what_to_do():
    with pytest.raises(ConfigError, match=r"DISCORD_TOKEN is not set: copy \.env\.example to \.env"):
        load_settings({}, env_file=None).require_token()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("DEV_GUILD_ID", "my server", "DEV_GUILD_ID must be a server id"),
        ("DISCORD_API_BASE", "discord.com/api", "DISCORD_API_BASE must start with https:// or http://"),
        ("DISCORD_GATEWAY_URL", "https://gateway", "DISCORD_GATEWAY_URL must start with wss:// or ws://"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("DISCORD_TOKEN", "abc def", "DISCORD_TOKEN contains spaces"),
    ],
)
def test_malformed_values_are_refused(key: str, value: str, message: str):
    with pytest.raises(ConfigError, match=message):
        load_settings({key: value}, env_file=None)


def test_api_base_trailing_slash_is_dropped():
    settings = load_settings({"DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10/"}, env_file=None)
    assert settings.api_base == "http://127.0.0.1:8080/api/v10"


def test_every_key_is_documented_in_env_example():
    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text(encoding="utf-8")
    source = (Path(__file__).resolve().parent.parent / "bot" / "config.py").read_text(encoding="utf-8")
    import re

    keys = set(re.findall(r'"([A-Z][A-Z_]+)"', source)) - {"DEBUG", "INFO", "WARNING", "ERROR"}
    assert keys
    for key in keys:
        assert f"\n{key}=" in example, key


@pytest.mark.parametrize("value", ["0", "-3", "1.5", "a month", "٣٠", "36501"])
def test_a_malformed_retention_is_refused(value: str):
    with pytest.raises(ConfigError, match="DATA_RETENTION_DAYS must be a whole number of days from 1 to"):
        load_settings({"DATA_RETENTION_DAYS": value}, env_file=None)


def test_retention_is_in_days_and_empty_keeps_data_forever():
    assert load_settings({}, env_file=None).data_retention is None
    assert load_settings({"DATA_RETENTION_DAYS": " "}, env_file=None).data_retention is None
    assert load_settings({"DATA_RETENTION_DAYS": "30"}, env_file=None).data_retention == timedelta(days=30)
