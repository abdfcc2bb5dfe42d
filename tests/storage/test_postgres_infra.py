"""The PostgreSQL the tests use: a database per test, and scripts/postgres.sh starting and stopping it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest

from tests.postgres import NOT_RUNNING, new_database, server_url, with_database

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "postgres.sh"
BASH = shutil.which("bash") or "/bin/bash"
seen_databases: set[str] = set()


def environment(**changes: str) -> dict[str, str]:
    """This process's environment without a test server or CI, plus `changes`."""
    env = {k: v for k, v in os.environ.items() if k not in {"TEST_DATABASE_URL", "CI"}}
    return {**env, **changes}


@pytest.mark.parametrize("run", [1, 2])
async def test_each_test_gets_a_new_empty_database(fresh_postgres_url: str, run: int):
    connection = await asyncpg.connect(fresh_postgres_url)
    try:
        name = await connection.fetchval("SELECT current_database()")
        tables = await connection.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        # Left behind on purpose: the other run must not see it.
        await connection.execute("CREATE TABLE left_behind (id integer PRIMARY KEY)")
        assert await connection.fetchval("SELECT $1::integer + 1", run) == run + 1
    finally:
        await connection.close()
    assert name not in seen_databases
    assert name != "postgres"
    seen_databases.add(name)
    assert tables == 0


async def test_the_database_is_dropped_even_with_a_client_still_connected(postgres_url: str):
    async with new_database(postgres_url) as url:
        name = url.rsplit("/", 1)[1]
        lingering = await asyncpg.connect(url)
    with pytest.raises(asyncpg.InterfaceError, match="connection"):
        await lingering.fetchval("SELECT 1")
    admin = await asyncpg.connect(postgres_url)
    try:
        assert await admin.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", name) == 0
    finally:
        await admin.close()


def test_a_database_url_keeps_the_server_and_user():
    url = "postgresql://tutor@127.0.0.1:5432/postgres"
    assert with_database(url, "test_x") == "postgresql://tutor@127.0.0.1:5432/test_x"


def test_without_a_server_the_tests_skip_and_say_why():
    with pytest.raises(pytest.skip.Exception, match=r"^PostgreSQL not running: TEST_DATABASE_URL is not set"):
        server_url({})
    assert NOT_RUNNING.endswith("(scripts/test starts one)")


def test_under_ci_a_missing_server_fails_instead():
    with pytest.raises(pytest.fail.Exception, match="CI needs it"):
        server_url({"CI": "true"})


def test_a_run_without_a_server_shows_the_skip_reason():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-rs",
            "-q",
            f"{Path(__file__).relative_to(ROOT)}::test_the_database_is_dropped_even_with_a_client_still_connected",
        ],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert NOT_RUNNING in result.stdout


def run_script(*command: str, **changes: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(SCRIPT), *command],
        env=environment(**changes),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# Runs inside the script's server: prints its URL, folder and postmaster's pid, then one query's answer.
REPORT = """
import asyncio, os, pathlib, asyncpg
folder = os.environ["TEST_POSTGRES_DIR"]
pid = pathlib.Path(folder, "data", "postmaster.pid").read_text().split()[0]
print(os.environ["TEST_DATABASE_URL"], folder, pid, flush=True)
async def query():
    connection = await asyncpg.connect(os.environ["TEST_DATABASE_URL"])
    print(await connection.fetchval("SELECT 6 * 7"), flush=True)
    await connection.close()
asyncio.run(query())
"""


def assert_gone(url: str, folder: str, pid: str) -> None:
    assert not Path(folder).exists()
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid), 0)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", urlsplit(url).port or 0), timeout=5)


@pytest.mark.usefixtures("postgres_url")
def test_the_script_serves_the_command_then_stops_with_its_status():
    result = run_script("sh", "-c", f'"{sys.executable}" -c "$0" && exit 3', REPORT)
    assert result.returncode == 3, result.stderr
    first, answer = result.stdout.splitlines()
    url, folder, pid = first.split()
    assert url.startswith("postgresql://tutor@127.0.0.1:")
    assert answer == "42"
    assert_gone(url, folder, pid)


@pytest.mark.usefixtures("postgres_url")
def test_a_ctrl_c_still_stops_the_server():
    # Ctrl+C in a terminal signals the whole foreground process group: the script and its command.
    process = subprocess.Popen(
        [BASH, str(SCRIPT), "sh", "-c", f'"{sys.executable}" -c "$0" && exec sleep 60', REPORT],
        env=environment(),
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    try:
        url, folder, pid = process.stdout.readline().split()
        assert process.stdout.readline().strip() == "42"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        status = process.wait(timeout=30)
        process.stdout.close()
    assert status == 130
    assert_gone(url, folder, pid)


def test_without_postgres_the_command_runs_alone_and_says_so():
    result = run_script("sh", "-c", 'echo "ran ${TEST_DATABASE_URL:-without}"', PG_BIN="/nonexistent")
    assert result.returncode == 0
    assert result.stdout == "ran without\n"
    assert result.stderr.startswith("note: running without PostgreSQL, so its tests will be skipped")


def test_without_postgres_ci_fails_in_one_line():
    result = run_script("sh", "-c", "echo ran", PG_BIN="/nonexistent", CI="true")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "error: CI needs PostgreSQL for the tests, but no PostgreSQL server was found"
    )
