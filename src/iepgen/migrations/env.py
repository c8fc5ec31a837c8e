"""Alembic environment: runs migrations on the async engine iepgen itself uses."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

import iepgen.models  # noqa: F401  (registers every table on the metadata)
from iepgen.config import get_settings
from iepgen.db.base import Base
from iepgen.db.engine import create_database

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    database = create_database(get_settings(), url=_url())
    try:
        async with database.engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await database.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
