"""Migrations from an empty database: up, down to nothing, up again; schema equals the models."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

import iepgen.models  # noqa: F401  (registers every table)
from iepgen.db import create_database
from iepgen.db.base import Base
from iepgen.db.migrate import alembic_config, head_revision
from tests.conftest import make_settings
from tests.databases import POSTGRES_ADMIN_DSN, sqlite_url


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=10)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty.db")
        return
    name = f"iepgen_migrations_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0]
        yield "postgresql+asyncpg://" + f"{base}/{name}".split("://", 1)[1]
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _on(url: str, work: Any) -> Any:
    """Run `work(sync_connection)` against `url` and return its result."""

    async def run() -> Any:
        database = create_database(make_settings(url))
        try:
            async with database.engine.begin() as connection:
                return await connection.run_sync(work)
        finally:
            await database.dispose()

    return asyncio.run(run())


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    differences = compare_metadata(context, Base.metadata)
    if connection.dialect.name == "sqlite":
        # SQLite reflects expression indexes (e.g. `priority DESC`) without the expression,
        # so an index present on both sides shows up as remove + add of the same name.
        removed = {d[1].name for d in differences if d[0] == "remove_index"}
        added = {d[1].name for d in differences if d[0] == "add_index"}
        both = removed & added
        differences = [
            d
            for d in differences
            if not (d[0] in ("remove_index", "add_index") and d[1].name in both)
        ]
    return differences


def _audit_update_refused(connection: Connection) -> bool:
    connection.execute(
        text(
            "INSERT INTO audit_log (at, action, fields, detail) "
            "VALUES (CURRENT_TIMESTAMP, 'test.probe', '[]', '{}')"
        )
    )
    try:
        with connection.begin_nested():
            connection.execute(text("UPDATE audit_log SET action = 'rewritten'"))
    except DBAPIError as exc:
        return "append-only" in str(exc)
    return False


def test_up_down_and_up_again(empty_database_url: str) -> None:
    url = empty_database_url
    config = alembic_config(url)
    expected = set(Base.metadata.tables)

    command.upgrade(config, "head")
    assert _on(url, _tables) >= expected
    assert _on(url, _schema_differences) == []
    revision = _on(url, lambda c: MigrationContext.configure(c).get_current_revision())
    assert revision == head_revision()
    assert _on(url, _audit_update_refused)

    command.downgrade(config, "base")
    assert _on(url, _tables) <= {"alembic_version"}

    command.upgrade(config, "head")
    assert _on(url, _tables) >= expected
    assert _on(url, _schema_differences) == []
    assert _on(url, _audit_update_refused)


def _seed_before_security(connection: Connection) -> None:
    connection.execute(
        text(
            "INSERT INTO users (id, username, role, is_active, created_at) "
            "VALUES ('00000000-0000-4000-8000-0000000000aa', 'old.teacher', 'teacher', true, "
            "CURRENT_TIMESTAMP)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO api_tokens (id, user_id, token_hash, created_at) VALUES "
            "('00000000-0000-4000-8000-0000000000bb', '00000000-0000-4000-8000-0000000000aa', "
            "'" + "a" * 64 + "', CURRENT_TIMESTAMP)"
        )
    )


def _after_security(connection: Connection) -> tuple[Any, ...]:
    user = connection.execute(text("SELECT must_change_password FROM users")).one()
    token = connection.execute(text("SELECT expires_at FROM api_tokens")).one()
    return (bool(user[0]), token[0])


def test_the_security_revision_upgrades_existing_accounts(empty_database_url: str) -> None:
    """Accounts made before 0003 keep working; their tokens get an expiry instead of none."""
    url = empty_database_url
    config = alembic_config(url)
    command.upgrade(config, "0001")
    _on(url, _seed_before_security)
    command.upgrade(config, "head")
    must_change, expires_at = _on(url, _after_security)
    assert must_change is False
    assert expires_at is not None
    command.downgrade(config, "0001")
    assert "web_sessions" not in _on(url, _tables)
