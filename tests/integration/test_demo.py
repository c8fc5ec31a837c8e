"""`iepgen demo`: a fictional student's IEP drafted end to end and written as Markdown."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import structlog
from rich.console import Console
from sqlalchemy import func, select
from typer.testing import CliRunner

from iepgen.cli import app
from iepgen.config import Settings, get_settings
from iepgen.db import Database
from iepgen.demo import current_academic_year, run_demo
from iepgen.errors import NotFound
from iepgen.models import IEP
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS
from tests.databases import sqlite_url

QUIET = Console(quiet=True)


def test_current_academic_year_turns_over_on_august_15() -> None:
    settings = Settings(environment="test")
    assert current_academic_year(settings, date(2026, 8, 14)) == "2025-2026"
    assert current_academic_year(settings, date(2026, 8, 15)) == "2026-2027"


async def test_demo_seeds_drafts_stores_and_writes_markdown(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "draft.md"
    result = await run_demo(database, settings, student=None, out=out, console=QUIET)

    assert result.student_name == "Maya" and result.out == out
    assert result.outcome.report.passed
    markdown = out.read_text()
    assert "DRAFT written with the built-in drafter (no AI)." in markdown
    for section in IDEA_STANDARD_SECTIONS:
        assert f"## {section['title']}" in markdown
    assert "52 words correct per minute" in markdown
    async with database.read() as session:
        iep = await session.get(IEP, result.iep_id)
        assert iep is not None and iep.compliance["passed"] is True

    again = await run_demo(database, settings, student="theo", out=out, console=QUIET)
    assert again.student_name == "Theo"
    async with database.read() as session:
        assert (await session.execute(select(func.count()).select_from(IEP))).scalar_one() == 2


async def test_demo_names_a_missing_student(database: Database, settings: Settings) -> None:
    with pytest.raises(NotFound):
        await run_demo(database, settings, student="Nobody", out=None, console=QUIET)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The demo command quiets logging for its progress bar; put it back for other tests."""
    saved = structlog.get_config()
    handlers = list(logging.getLogger().handlers)
    level = logging.getLogger().level
    yield
    structlog.configure(**saved)
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_demo_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url(tmp_path / "demo.db"))
    monkeypatch.setenv("LLM_PROVIDER", "offline")
    monkeypatch.setenv("ENVIRONMENT", "test")
    get_settings.cache_clear()
    out = tmp_path / "maya.md"
    try:
        result = CliRunner().invoke(app, ["demo", "--out", str(out)])
        missing = CliRunner().invoke(app, ["demo", "--student", "Nobody"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "## Measurable Annual Goals" in out.read_text()
    assert missing.exit_code == 1
