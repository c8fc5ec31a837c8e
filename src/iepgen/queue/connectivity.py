"""Telling "the database is away" from every other failure, so workers wait instead of failing."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError


def is_connection_error(exc: BaseException) -> bool:
    """True for errors that mean the database could not be reached or the connection broke.

    SQLite's `database is locked` is an OperationalError too: waiting and retrying is the
    right answer to it as well.
    """
    if isinstance(exc, DBAPIError):
        # SQLSTATE 08xxx (connection exception) and 57P0x (server shutting down, crashed,
        # or "the database system is starting up") come wrapped in a plain DBAPIError.
        sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
        return (
            exc.connection_invalidated
            or isinstance(exc, OperationalError | InterfaceError)
            or sqlstate.startswith(("08", "57P"))
        )
    if isinstance(exc, DisconnectionError | ConnectionError | OSError | TimeoutError):
        return True
    # asyncpg raises its own classes when a pooled connection dies mid-query.
    return type(exc).__module__.startswith("asyncpg")
