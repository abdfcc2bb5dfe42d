"""What can go wrong between the bot and PostgreSQL, as the StorageErrors the error table already knows.

A server that is down, restarting, hung, out of connections or cancelling our statement is "busy, press
again" for the student (StorageBusyError), never "something went wrong": their answer was not taken, or
was taken and pressing again shows it. Anything else is a bug and stays the exception it is.
"""

from __future__ import annotations

import asyncpg

from bot.storage.faults import StorageBusyError, StorageError

# PostgreSQL's error classes (SQLSTATE's first two characters) that come from the server's state, not
# from the statement: connection exceptions, insufficient resources, operator intervention (shutdown,
# restart, cancelled statement), and transaction rollbacks (serialization failure, deadlock).
_PASSING = {"08", "53", "57", "40"}
# Raised by asyncpg itself when a connection drops or the pool closes mid-statement.
_CONNECTION_LOST = (
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
    ConnectionError,
    OSError,
)


def fault_from_postgres(exc: BaseException, waited: float) -> StorageError | None:
    """The StorageError a PostgreSQL failure stands for, or None if it is a bug rather than the server."""
    if isinstance(exc, TimeoutError):
        return StorageBusyError(f"PostgreSQL did not answer within {waited:g} s", "PG_TIMEOUT")
    if isinstance(exc, asyncpg.PostgresError):
        state = str(getattr(exc, "sqlstate", "") or "")
        if state[:2] in _PASSING:
            return StorageBusyError(f"PostgreSQL refused for now ({exc})", f"PG_{state}")
        return None
    if isinstance(exc, _CONNECTION_LOST):
        return StorageBusyError(f"cannot reach PostgreSQL ({type(exc).__name__}: {exc})", "PG_UNREACHABLE")
    return None
