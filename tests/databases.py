"""Real test databases: a migrated SQLite file per test, a private PostgreSQL database per run.

PostgreSQL is not optional: `make test` and CI run every `postgres` test against the
local server, and a missing server fails the run rather than skipping it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
from alembic import command

from iepgen.db import Database
from iepgen.db.migrate import alembic_config

POSTGRES_ADMIN_DSN = os.environ.get(
    "IEPGEN_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test"
)


async def dispose_checked(database: Database) -> None:
    """Dispose of a test's database, failing the test if it left a connection checked out.

    A connection still in use when its test's event loop closes is closed later by the
    garbage collector: aiosqlite's thread then calls into that closed loop and the error
    lands in whatever test runs at that moment. Caught here, it fails the test that leaked.
    """
    leaked = database.engine.sync_engine.pool.checkedout()
    await database.dispose()
    assert leaked == 0, f"{leaked} database connection(s) still in use when the test ended"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


class SQLiteTemplate:
    """Migrates one SQLite file per run; each test gets a copy (much faster than migrating)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.db"
        migrate(sqlite_url(self.path))

    def fresh_copy(self, target: Path) -> str:
        shutil.copyfile(self.path, target)
        return sqlite_url(target)


class PostgresDatabase:
    """A database of our own on the local server, created for this run and dropped after."""

    def __init__(self) -> None:
        self.name = f"iepgen_test_{uuid.uuid4().hex[:12]}"
        base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0]
        self.dsn = f"{base}/{self.name}"
        self.url = "postgresql+asyncpg://" + self.dsn.split("://", 1)[1]

    async def _admin(self, sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=10)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    def create(self) -> None:
        asyncio.run(self._admin(f'CREATE DATABASE "{self.name}"'))
        migrate(self.url)

    def drop(self) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))

    async def truncate_all(self) -> None:
        """Empty every table and restart every sequence, as a fresh database would be.

        DELETE with triggers off (`session_replication_role = replica`: foreign keys and
        the audit log's append-only trigger do not fire) costs a few milliseconds on
        these small tables; TRUNCATE costs about 300 ms, paid before each test.
        """
        connection = await asyncpg.connect(self.dsn, timeout=10)
        try:
            tables = await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
            sequences = await connection.fetch(
                "SELECT sequence_name FROM information_schema.sequences "
                "WHERE sequence_schema = 'public'"
            )
            statements = [f'DELETE FROM "{row["tablename"]}"' for row in tables]
            statements += [f'ALTER SEQUENCE "{row["sequence_name"]}" RESTART' for row in sequences]
            async with connection.transaction():
                await connection.execute("SET LOCAL session_replication_role = replica")
                await connection.execute("; ".join(statements))
        finally:
            await connection.close()


def postgres_database() -> Iterator[PostgresDatabase]:
    database = PostgresDatabase()
    database.create()
    try:
        yield database
    finally:
        database.drop()
