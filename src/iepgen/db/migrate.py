"""Alembic, driven from code: `iepgen db upgrade` / `db check` and the test fixtures use this."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from iepgen.db.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Percent signs in a URL (encoded passwords) must be escaped for configparser.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


async def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision` (Alembic runs its own event loop, so use a thread)."""
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def current_revision(database: Database) -> str | None:
    def _read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with database.engine.connect() as connection:
        return await connection.run_sync(_read)


async def check(database: Database) -> dict[str, object]:
    """Connectivity and migration state: the seed's `check_database_connection`."""
    try:
        async with database.read() as session:
            await session.execute(text("SELECT 1"))
        current = await current_revision(database)
    except Exception as exc:  # any driver error means "not reachable"; report it, don't raise
        return {"connected": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    head = head_revision()
    return {
        "connected": True,
        "dialect": database.engine.dialect.name,
        "revision": current,
        "head": head,
        "up_to_date": current == head,
    }
