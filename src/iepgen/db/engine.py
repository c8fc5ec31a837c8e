"""Engines and sessions: one `Database` per process, built at start-up and closed on shutdown.

SQLite needs care to be a safe multi-process queue store: WAL so readers never block the
writer, `busy_timeout` so a writer waits instead of failing, and `BEGIN IMMEDIATE` for every
transaction that may write. A deferred transaction that reads and then writes can fail with
`database is locked` at once (its snapshot is stale and the busy handler is not consulted),
so write sessions take the write lock up front and read-only sessions stay deferred.
"""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from iepgen.config import Settings

# Execution option that marks a read-only engine view: its transactions begin DEFERRED.
READ_ONLY_OPTION = "iepgen_read_only"


def _install_sqlite_settings(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when BEGIN is emitted.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(READ_ONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass
class Database:
    """The engine and session factories of one process."""

    url: str
    engine: AsyncEngine
    write_sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A unit of work that may write: commits on success, rolls back on any error."""
        async with self.write_sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit of work (never blocks writers on SQLite)."""
        async with self.read_sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


PRIVATE_FILE_MODE = 0o600


def make_private(path: Path) -> None:
    """Create `path` if missing, readable and writable by its owner only; tighten it if it
    exists. SQLite gives its -wal and -shm files the database file's mode."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE)
    except OSError:
        return  # no such directory, read-only disk: SQLite reports it when it connects
    os.close(descriptor)
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) != PRIVATE_FILE_MODE:
            os.chmod(candidate, PRIVATE_FILE_MODE)


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def create_database(settings: Settings, *, url: str | None = None, **engine_kw: Any) -> Database:
    """Build the engine and session factories for `url` (default: settings.database_url).

    A SQLite file (with its WAL and shared-memory files) holds every student record, so it
    is created, or tightened, to mode 0600 before SQLite opens it.
    """
    url = url or settings.database_url
    path = sqlite_file(url)
    if path is not None:
        make_private(path)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs = {"connect_args": {"timeout": settings.sqlite_busy_timeout_ms / 1000}}
    else:
        kwargs.update(pool_size=10, max_overflow=20, pool_recycle=1800)
    # Statement parameters are student records: keep them out of exception text and logs.
    kwargs["hide_parameters"] = True
    kwargs.update(engine_kw)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _install_sqlite_settings(engine, settings.sqlite_busy_timeout_ms)
    read_engine = engine.execution_options(**{READ_ONLY_OPTION: True})
    return Database(
        url=url,
        engine=engine,
        write_sessions=async_sessionmaker(engine, expire_on_commit=False),
        read_sessions=async_sessionmaker(read_engine, expire_on_commit=False),
    )
