"""Settings come from .env and the environment, once, with a clear message for each mistake."""

import importlib.util
import os
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
        ("DATABASE_URL", "mysql://db/tutor", "DATABASE_URL must start with postgresql://"),
        ("SHARD_COUNT", "two", "SHARD_COUNT must be a whole number"),
        ("SHARD_COUNT", "0", "SHARD_COUNT must be a whole number"),
        ("SHARD_IDS", "0", "SHARD_IDS needs SHARD_COUNT"),
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


def test_an_env_file_that_is_a_folder_is_named_not_taken_for_a_missing_token(tmp_path: Path):
    (tmp_path / ".env").mkdir()
    with pytest.raises(ConfigError, match=r"\.env is a folder, not a file: remove it"):
        load_settings({}, env_file=tmp_path / ".env")


def test_an_env_file_that_is_not_utf8_is_named(tmp_path: Path):
    (tmp_path / ".env").write_bytes(b"DISCORD_TOKEN=caf\xe9\n")
    with pytest.raises(ConfigError, match=r"is not UTF-8 text \(byte 0xe9 at position 17\): save it again"):
        load_settings({}, env_file=tmp_path / ".env")


def test_an_env_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path):
    (tmp_path / ".env").write_bytes("DISCORD_TOKEN=abc\nDEV_GUILD_ID=42\n".encode("utf-8-sig"))
    settings = load_settings({}, env_file=tmp_path / ".env")
    assert (settings.token, settings.dev_guild_id) == ("abc", 42)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # The token pasted on the line below its key: the key is then empty, and the line is no setting.
        ("DISCORD_TOKEN=\nMTIzNDU2.Gabc.xyz\n", 2),
        ("# settings\nLOG_LEVEL=INFO\nDISCORD_TOKEN='abc\n", 3),
    ],
)
def test_a_line_that_is_not_a_setting_is_named_by_number_never_quoted(tmp_path: Path, text: str, line: int):
    (tmp_path / ".env").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"\.env line {line} is not KEY=value") as refused:
        load_settings({}, env_file=tmp_path / ".env")
    assert "MTIz" not in str(refused.value)
    assert "abc" not in str(refused.value)


def test_an_env_link_to_nowhere_cannot_be_read(tmp_path: Path):
    (tmp_path / ".env").symlink_to(tmp_path / "gone")
    with pytest.raises(ConfigError, match=r"\.env cannot be read \(No such file or directory\)"):
        load_settings({}, env_file=tmp_path / ".env")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read any file, so none is unreadable")
def test_an_unreadable_env_file_is_named(tmp_path: Path):
    env = tmp_path / ".env"
    env.write_text("DISCORD_TOKEN=abc\n", encoding="utf-8")
    env.chmod(0)
    with pytest.raises(ConfigError, match=r"\.env cannot be read \(Permission denied\): check that the user"):
        load_settings({}, env_file=env)


def test_postgres_and_shards_are_off_unless_set():
    settings = load_settings({}, env_file=None)
    assert (settings.database_url, settings.shard_count, settings.shard_ids) == (None, None, None)
    assert settings.syncs_commands()


@pytest.mark.parametrize(
    ("ids", "expected", "syncs"),
    [
        ("", None, True),
        ("0", (0,), True),
        ("3,1", (1, 3), False),
        ("0-2", (0, 1, 2), True),
        (" 2 - 3 ", (2, 3), False),
    ],
)
def test_shard_ids_name_this_processs_shards_and_only_shard_0_syncs(ids, expected, syncs):
    settings = load_settings({"SHARD_COUNT": "4", "SHARD_IDS": ids}, env_file=None)
    assert (settings.shard_count, settings.shard_ids, settings.syncs_commands()) == (4, expected, syncs)


@pytest.mark.parametrize("ids", ["4", "0,0", "1-x", "a", "0,,1"])
def test_shard_ids_outside_the_count_or_twice_are_refused(ids):
    with pytest.raises(ConfigError, match="SHARD_IDS must"):
        load_settings({"SHARD_COUNT": "4", "SHARD_IDS": ids}, env_file=None)


def test_a_database_url_selects_postgres():
    url = "postgresql://tutor:secret@db.example.org/tutor"
    assert load_settings({"DATABASE_URL": url}, env_file=None).database_url == url


@pytest.mark.parametrize("value", ["0", "-3", "1.5", "a month", "٣٠", "36501"])
def test_a_malformed_retention_is_refused(value: str):
    with pytest.raises(ConfigError, match="DATA_RETENTION_DAYS must be a whole number of days from 1 to"):
        load_settings({"DATA_RETENTION_DAYS": value}, env_file=None)


def test_retention_is_in_days_and_empty_keeps_data_forever():
    assert load_settings({}, env_file=None).data_retention is None
    assert load_settings({"DATA_RETENTION_DAYS": " "}, env_file=None).data_retention is None
    assert load_settings({"DATA_RETENTION_DAYS": "30"}, env_file=None).data_retention == timedelta(days=30)


def test_the_event_loop_is_asyncio_unless_uvloop_is_asked_for(monkeypatch):
    assert load_settings({}, env_file=None).event_loop == "asyncio"
    assert load_settings({"EVENT_LOOP": " UVLOOP "}, env_file=None).event_loop == "uvloop"
    with pytest.raises(ConfigError, match="EVENT_LOOP must be asyncio, uvloop or empty, got 'trio'"):
        load_settings({"EVENT_LOOP": "trio"}, env_file=None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"EVENT_LOOP=uvloop needs the uvloop package: install it with"):
        load_settings({"EVENT_LOOP": "uvloop"}, env_file=None)


def test_a_mistyped_database_url_is_named_without_its_password():
    with pytest.raises(ConfigError, match="DATABASE_URL must start with postgresql://") as refused:
        load_settings({"DATABASE_URL": "mysql://tutor:s3cret@db/tutor"}, env_file=None)
    assert "s3cret" not in str(refused.value)
    assert "mysql://tutor:***@db/tutor" in str(refused.value)
