"""What can go wrong with the database file, in words for whoever hosts the bot; bounded waits."""

from __future__ import annotations

import asyncio
import errno
import sqlite3
from pathlib import Path

from bot.metrics import DATABASE_FAULTS

# Discord fails a click not answered within 3 s. A wait on the database (the bot's own queue for
# it, then SQLite's lock held by another program) gives up after this long, so that even both
# waits leave time to reply "busy, press again" instead of nothing at all.
BUSY_WAIT = 1.0


class StorageError(Exception):
    """The database file cannot be used: what is wrong and what to do, for whoever hosts the bot."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code  # SQLite's name for it (SQLITE_FULL, ...), or the OS's (ENOTDIR, ...)


class StorageBusyError(StorageError):
    """Another program, or a queue of clicks, kept the database busy past BUSY_WAIT; try again."""


# SQLite's primary result codes that come from the file or its surroundings, not from a bug.
_WHAT_TO_DO = {
    "SQLITE_NOTADB": "it is not a SQLite database. Move it aside to start a new, empty one, "
    "or set DATABASE_PATH to the bot's database file",
    "SQLITE_CORRUPT": "it is damaged. Restore it from a backup, or move it aside to start a new, empty one",
    "SQLITE_CANTOPEN": "it cannot be opened. Check that DATABASE_PATH names a file in a "
    "folder the bot may write",
    "SQLITE_READONLY": "the bot may not write it. Give the user running the bot write "
    "access to the file and its folder",
    "SQLITE_PERM": "the bot may not write it. Give the user running the bot write access "
    "to the file and its folder",
    "SQLITE_AUTH": "the bot may not use it. Give the user running the bot write access "
    "to the file and its folder",
    "SQLITE_FULL": "the disk is full. Free some space",
    "SQLITE_IOERR": "reading or writing it failed. Check the disk",
    "SQLITE_BUSY": "another program holds its lock. Let that program finish, then try again",
    "SQLITE_LOCKED": "another program holds its lock. Let that program finish, then try again",
}
_NAMES = {getattr(sqlite3, name): name for name in _WHAT_TO_DO}


def fault_from(exc: sqlite3.Error) -> StorageError | None:
    """The StorageError an SQLite error stands for, or None if it is a bug rather than the file."""
    code = _NAMES.get(getattr(exc, "sqlite_errorcode", 0) & 0xFF)
    if code is None:
        return None
    kind = StorageBusyError if code in ("SQLITE_BUSY", "SQLITE_LOCKED") else StorageError
    return kind(f"{_WHAT_TO_DO[code]} ({exc})", code)


def fault_from_os(exc: OSError, path: Path) -> StorageError:
    """A StorageError for an OS error met while making the database's folder or opening it."""
    code = errno.errorcode.get(exc.errno or 0, "OSError")
    if isinstance(exc, FileExistsError | NotADirectoryError):
        what_to_do = (
            f"part of its folder ({exc.filename or path.parent}) is a file, not a folder. "
            "Set DATABASE_PATH to a file in a folder"
        )
    elif isinstance(exc, PermissionError):
        what_to_do = "the bot may not create or write it. Give the user running the bot write access"
    else:
        what_to_do = "it cannot be created or opened. Check the disk and DATABASE_PATH"
    return StorageError(f"{what_to_do} ({exc.strerror or exc})", code)


def check_openable(path: Path) -> None:
    """Make the folder, then open the file once in this thread.

    aiosqlite leaves a worker thread behind when it fails to open a file, which prints a traceback
    of its own after the bot has exited; so a file that cannot be opened is found here first.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fault_from_os(exc, path) from None
    if path.is_dir():
        raise StorageError(
            "it is a folder, not a file. Set DATABASE_PATH to a file name, such as data/tutor.sqlite3",
            "EISDIR",
        )
    try:
        sqlite3.connect(path).close()
    except sqlite3.Error as exc:
        raise fault_from(exc) or exc from None


def refuse_damage(quick_check: list[str]) -> None:
    if quick_check != ["ok"]:
        first = (quick_check or ["no answer"])[0].splitlines()[0]
        raise StorageError(f"{_WHAT_TO_DO['SQLITE_CORRUPT']} ({first})", "SQLITE_CORRUPT")


class BoundedLock(asyncio.Lock):
    """An asyncio.Lock whose `async with` gives up with StorageBusyError after `wait` seconds."""

    def __init__(self, wait: float) -> None:
        super().__init__()
        self.wait = wait

    async def __aenter__(self) -> None:
        try:
            async with asyncio.timeout(self.wait):
                await self.acquire()
        except TimeoutError:
            DATABASE_FAULTS.labels("QUEUE").inc()
            raise StorageBusyError(
                f"too many clicks were waiting for the database (over {self.wait:g} s); "
                "if this happens often, the machine is too slow for the class",
                "QUEUE",
            ) from None
