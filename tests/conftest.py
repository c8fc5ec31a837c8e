"""Fixtures shared by every test: settings, real databases, the app and an HTTP client."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.templates.service import ensure_builtin_templates
from tests.databases import PostgresDatabase, SQLiteTemplate, dispose_checked, postgres_database

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SQLiteTemplate:
    return SQLiteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_db() -> Iterator[PostgresDatabase]:
    yield from postgres_database()


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": database_url,
        "llm_provider": "offline",
        "gemini_api_key": None,
        "poll_interval": 0.2,
        "submissions_per_minute": 1000,
    }
    values.update(overrides)
    return Settings.model_validate(values)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test on a real database runs on SQLite; those marked `both_databases` (where
    the SQL differs between the two) run on PostgreSQL too."""
    if "database_url" not in metafunc.fixturenames:
        return
    dialects: list[object] = ["sqlite"]
    if metafunc.definition.get_closest_marker("both_databases") is not None:
        dialects.append(pytest.param("postgres", marks=pytest.mark.postgres))
    metafunc.parametrize("database_url", dialects, indirect=True)


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: SQLiteTemplate
) -> str:
    """A freshly migrated database URL (see `pytest_generate_tests` for which dialects)."""
    if request.param == "sqlite":
        return sqlite_template.fresh_copy(tmp_path / "iepgen.db")
    postgres: PostgresDatabase = request.getfixturevalue("postgres_db")
    import asyncio

    asyncio.run(postgres.truncate_all())
    return postgres.url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = create_database(settings)
    async with db.transaction() as session:
        await ensure_builtin_templates(session)
    try:
        yield db
    finally:
        await dispose_checked(db)


@pytest.fixture
async def app(settings: Settings, database: Database) -> AsyncIterator[FastAPI]:
    application = create_app(settings, database)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
