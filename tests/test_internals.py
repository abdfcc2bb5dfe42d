"""The start-up check of discord.py's and aiosqlite's private seams: each one gone is a one-line refusal."""

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import aiosqlite
import discord
import discord.http
import pytest
from discord.gateway import DiscordWebSocket
from discord.state import ConnectionState

from bot.errors import HostError
from bot.internals import check_internals, run_on_sqlite_thread, seams
from tests.conftest import LESSONS, ROOT


def _drop(owner: object, name: str) -> Callable[[pytest.MonkeyPatch], None]:
    return lambda monkeypatch: monkeypatch.delattr(owner, name)


def _no_compiled_template(monkeypatch: pytest.MonkeyPatch) -> None:
    # A discord.py that keeps the template under another name: the class attribute is never set.
    monkeypatch.setattr(discord.ui.DynamicItem, "__init_subclass__", classmethod(lambda cls, **_: None))


# How each seam would be gone in a discord.py or aiosqlite that moved it, by the name check_internals gives.
REMOVE: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "discord.http.Route.BASE": _drop(discord.http.Route, "BASE"),
    "DiscordWebSocket.DEFAULT_GATEWAY": _drop(DiscordWebSocket, "DEFAULT_GATEWAY"),
    "ConnectionState.parse_interaction_create": _drop(ConnectionState, "parse_interaction_create"),
    "ConnectionState.store_view": _drop(ConnectionState, "store_view"),
    "Interaction._cs_response": _drop(discord.Interaction, "_cs_response"),
    "InteractionResponse._parent": _drop(discord.InteractionResponse, "_parent"),
    "DynamicItem.__discord_ui_compiled_template__": _no_compiled_template,
    "aiosqlite.Connection._execute": _drop(aiosqlite.Connection, "_execute"),
    "aiosqlite.Connection._conn": _drop(aiosqlite.Connection, "_conn"),
}


def test_every_seam_has_a_way_to_remove_it_here():
    assert {seam.name for seam in seams()} == set(REMOVE)


def test_the_installed_libraries_have_every_seam():
    check_internals()


@pytest.mark.parametrize("name", list(REMOVE))
def test_a_missing_seam_is_refused_in_one_line_naming_it(name: str, monkeypatch: pytest.MonkeyPatch):
    REMOVE[name](monkeypatch)
    with pytest.raises(HostError) as refused:
        check_internals()
    said = str(refused.value)
    assert said.startswith(f"{name} is missing in discord.py {discord.__version__}, aiosqlite ")
    assert "discord.py>=2.7,<2.8 and aiosqlite>=0.22,<0.23" in said
    assert "\n" not in said


def test_a_seam_of_another_shape_is_refused(monkeypatch: pytest.MonkeyPatch):
    def store_view(self: object, view: object, *, message_id: int | None = None) -> None:
        del self, view, message_id

    monkeypatch.setattr(ConnectionState, "store_view", store_view)
    with pytest.raises(HostError, match=r"^ConnectionState.store_view takes \(self, view\)"):
        check_internals()


def test_a_check_that_raises_is_a_refusal_too(monkeypatch: pytest.MonkeyPatch):
    def broken(cls: object, /, **_: object) -> None:
        raise RuntimeError("templates moved")

    monkeypatch.setattr(discord.ui.DynamicItem, "__init_subclass__", classmethod(broken))
    with pytest.raises(HostError, match=r"^DynamicItem\.__discord_ui_compiled_template__ could not"):
        check_internals()


@pytest.mark.parametrize(
    ("name", "removal"),
    [
        ("ConnectionState.store_view", "del discord.state.ConnectionState.store_view"),
        ("aiosqlite.Connection._execute", "del aiosqlite.Connection._execute"),
    ],
)
def test_the_bot_process_refuses_to_start_in_one_line(tmp_path: Path, name: str, removal: str):
    # `python -m bot run` in a process whose library lacks the seam; the token is never sent anywhere.
    program = (
        f"import aiosqlite, discord.state, runpy, sys; {removal}; "
        "sys.argv = ['bot', 'run']; runpy.run_module('bot', run_name='__main__', alter_sys=True)"
    )
    env = {"PYTHONPATH": str(ROOT), "DISCORD_TOKEN": "abc", "LESSONS_DIR": str(LESSONS), "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {name} is missing in discord.py "), result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()  # refused before the database was opened


async def test_work_runs_on_the_connection_thread_in_one_hop(tmp_path: Path):
    async with aiosqlite.connect(tmp_path / "one.sqlite3") as connection:

        def work(conn: sqlite3.Connection) -> list[int]:
            conn.execute("CREATE TABLE t (n INTEGER)")
            conn.executemany("INSERT INTO t VALUES (?)", [(1,), (2,)])
            return [n for (n,) in conn.execute("SELECT n FROM t ORDER BY n")]

        assert await run_on_sqlite_thread(connection, work) == [1, 2]


def test_the_seam_module_imports_no_discord_for_storage():
    # Storage runs its SQLite work through this module, and like the rest of the core never imports discord.
    program = "import sys, bot.internals; print('discord' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT)},
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
