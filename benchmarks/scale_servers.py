"""Around bench_scale.py's bots: its own PostgreSQL (fsync on), CPU read from /proc, the machine."""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg

from tests.own_postgres import OwnServer
from tests.own_postgres import _bin as postgres_binaries


def cpu_list(text: str) -> list[int]:
    """A taskset CPU list ("0", "1-15", "0,2-3") as core numbers."""
    cores: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        cores.extend(range(int(first), int(last or first) + 1))
    return sorted(set(cores))


def pin(cores: list[int]) -> list[str]:
    """The taskset prefix that runs a command on these cores."""
    return ["taskset", "-c", ",".join(map(str, cores))]


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and its children, exited ones included: PostgreSQL's postmaster, its
    backends (one per connection of the bots' pools) and its background writers."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended while being read
            continue
        if int(stat.parent.name) == root:
            total += sum(int(f) for f in fields[11:15])  # its own, and its waited-for children's
        elif int(fields[1]) == root:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class BenchPostgres(OwnServer):
    """A PostgreSQL of the benchmark's own, as a host runs it: fsync, synchronous_commit and
    full_page_writes at their defaults (on), the server on its own cores (`pin_to`)."""

    pin_to: list[str] = []
    max_connections = 100
    _databases = 0

    def _start(self) -> None:
        command = [
            *self.pin_to,
            *self._as_owner,
            str(self._bin / "postgres"),
            "-D",
            str(self._folder / "data"),
        ]
        options = {
            "listen_addresses": "127.0.0.1",
            "max_connections": str(self.max_connections),
            "unix_socket_directories": str(self._folder),
            "port": str(self.port),
        }
        for name, value in options.items():
            command += ["-c", f"{name}={value}"]
        self._process = subprocess.Popen(  # noqa: S603 - the server's binaries, found as the tests find them
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        ready = [str(self._bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]
        for _ in range(1000):
            if subprocess.run(ready, check=False).returncode == 0:  # noqa: S603 - as above
                return
            time.sleep(0.02)
        raise RuntimeError("the benchmark's PostgreSQL did not start")

    def cpu(self) -> float:
        return tree_cpu(self._postmaster())

    async def settings(self) -> str:
        conn = await asyncpg.connect(self.url)
        try:
            shown = [
                f"{name}={await conn.fetchval(f'SHOW {name}')}"
                for name in ("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method")
            ]
            version = await conn.fetchval("SHOW server_version")
        finally:
            await conn.close()
        return f"PostgreSQL {version} ({', '.join(shown)})"

    async def new_database(self) -> str:
        """A fresh, empty database on the server: its URL."""
        BenchPostgres._databases += 1
        name = f"bench_{os.getpid()}_{self._databases}"
        conn = await asyncpg.connect(self.url)
        try:
            await conn.execute(f"CREATE DATABASE {name}")
        finally:
            await conn.close()
        return self.url.rsplit("/", 1)[0] + "/" + name


def machine() -> list[str]:
    """The machine, as a host would want it described beside the figures."""
    info = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "?")
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    return [
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {model}, "
        f"{int(memory) / 1024 / 1024:.1f} GiB memory, Linux {platform.release()}",
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version} "
        "(the bot's own settings: synchronous=FULL, WAL)",
    ]


@contextlib.asynccontextmanager
async def bench_postgres(cores: list[int], max_connections: int) -> AsyncIterator[BenchPostgres]:
    """The server, started for the run in a folder of /tmp (on disk here: fsync does reach it), as
    tests/own_postgres.py starts its own (as the postgres user under root); stopped and deleted after."""
    binaries = postgres_binaries()
    if binaries is None or not (binaries / "initdb").exists():
        raise SystemExit("PostgreSQL's binaries were not found (install postgresql, or set PG_BIN)")
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-pg.", dir="/tmp"))
    as_owner: list[str] = []
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    server = BenchPostgres(binaries, folder, as_owner)
    server.pin_to, server.max_connections = pin(cores), max_connections
    try:
        await asyncio.to_thread(server.init)
        await server.start()
        yield server
    finally:
        await server.stop()
        shutil.rmtree(folder, ignore_errors=True)
