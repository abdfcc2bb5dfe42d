"""A PostgreSQL server of a test's own, which the test may stop, start, freeze (SIGSTOP) and thaw.

For fault tests: the shared server of scripts/postgres.sh must keep running for every other test.
Started as scripts/postgres.sh starts its own (as the postgres user when root), in about a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.postgres import in_ci


def _bin() -> Path | None:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnServer:
    def __init__(self, binaries: Path, folder: Path, as_owner: list[str]) -> None:
        self._bin, self._folder, self._as_owner = binaries, folder, as_owner
        self.port = _free_port()
        self.url = f"postgresql://tutor@127.0.0.1:{self.port}/postgres"
        self._process: subprocess.Popen[bytes] | None = None

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_owner, *command], check=True, capture_output=True)

    def init(self) -> None:
        self._run(
            str(self._bin / "initdb"), "-D", str(self._folder / "data"), "-U", "tutor", "--auth=trust", "-N"
        )

    async def start(self) -> None:
        """Start the server (again) on the same port, and wait until it takes connections."""
        await asyncio.to_thread(self._start)

    def _start(self) -> None:
        self._process = subprocess.Popen(
            [
                *self._as_owner,
                str(self._bin / "postgres"),
                "-D",
                str(self._folder / "data"),
                "-c",
                "listen_addresses=127.0.0.1",
                "-p",
                str(self.port),
                "-k",
                str(self._folder),
                "-c",
                "fsync=off",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(500):
            ready = subprocess.run(
                [str(self._bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False
            )
            if ready.returncode == 0:
                return
            time.sleep(0.02)
        raise RuntimeError("the test's own PostgreSQL did not start")

    def _postmaster(self) -> int:
        return int((self._folder / "data" / "postmaster.pid").read_text().splitlines()[0])

    def _every_process(self) -> list[int]:
        """The postmaster and its children (the backends holding the bot's connections)."""
        main = self._postmaster()
        children = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True, check=False)  # noqa: S607
        return [main, *(int(pid) for pid in children.stdout.split())]

    async def stop(self) -> None:
        """A fast shutdown, as `pg_ctl -m fast stop`: clients are disconnected."""
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            os.kill(self._postmaster(), signal.SIGINT)
        await asyncio.to_thread(self._process.wait)
        self._process = None

    def freeze(self) -> None:
        """SIGSTOP every process of the server: it accepts connections and answers nothing."""
        for pid in self._every_process():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._every_process():
            os.kill(pid, signal.SIGCONT)
        if self._process is not None:
            # runuser stops itself when its child stops, as su does, and would never reap it.
            os.kill(self._process.pid, signal.SIGCONT)


@contextlib.asynccontextmanager
async def own_postgres() -> AsyncIterator[OwnServer]:
    binaries = _bin()
    if binaries is None or not (binaries / "initdb").exists():
        if in_ci(os.environ):
            pytest.fail("CI needs PostgreSQL's binaries for the fault tests", pytrace=False)
        pytest.skip("no PostgreSQL binaries")
    as_owner: list[str] = []
    # /tmp, as scripts/postgres.sh does: the postgres user must reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="tutor-own-pg.", dir="/tmp"))
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    server = OwnServer(binaries, folder, as_owner)
    try:
        await asyncio.to_thread(server.init)
        await server.start()
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.thaw()
        await server.stop()
        shutil.rmtree(folder, ignore_errors=True)
