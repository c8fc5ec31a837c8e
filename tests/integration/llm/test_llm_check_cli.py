"""`iepgen llm check`: exit 0 when the configured provider answers, 1 when it does not."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import structlog
from typer.testing import CliRunner

from iepgen.cli import app
from iepgen.config import get_settings
from iepgen.db import create_database
from iepgen.llm.output_modes import remembered_mode, server_key
from tests.conftest import make_settings
from tests.databases import SQLiteTemplate
from tests.fakes import gemini_server as fake
from tests.fakes import openai_server as openai_fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.llama_cpp_server import FakeLlamaCppServer
from tests.fakes.openai_server import FakeOpenAIServer, format_kind


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def restored_logging() -> Iterator[None]:
    """The command points logging at the runner's stderr, which closes when it returns."""
    structlog_config = structlog.get_config()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    structlog.configure(**structlog_config)
    root.handlers[:] = handlers
    root.setLevel(level)


def check(env: dict[str, str]) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(app, ["llm", "check"], env={"LLM_TIMEOUT_SECONDS": "5", **env})
    return result.exit_code, orjson.loads(result.stdout)


def test_a_provider_that_answers_passes(gemini_server: FakeGeminiServer) -> None:
    gemini_server.script(fake.success({"ok": True}))
    code, report = check(
        {
            "GEMINI_API_KEY": fake.API_KEY,
            "GEMINI_BASE_URL": gemini_server.url,
            "LLM_PROVIDER": "auto",
        }
    )
    assert code == 0 and report["ok"] is True and report["provider"] == "gemini"
    [sent] = gemini_server.requests
    assert b"connection checks" in sent.body


def test_a_wrong_key_fails_with_the_reason(gemini_server: FakeGeminiServer) -> None:
    code, report = check(
        {"GEMINI_API_KEY": "wrong", "GEMINI_BASE_URL": gemini_server.url, "LLM_PROVIDER": "gemini"}
    )
    assert code == 1 and "refused the API key" in str(report["message"])


def test_an_unreachable_server_fails(gemini_server: FakeGeminiServer) -> None:
    url = gemini_server.url
    gemini_server.stop()
    code, report = check(
        {"GEMINI_API_KEY": fake.API_KEY, "GEMINI_BASE_URL": url, "LLM_PROVIDER": "gemini"}
    )
    assert code == 1 and "could not be reached" in str(report["message"])


def test_the_offline_drafter_needs_no_network() -> None:
    code, report = check({"LLM_PROVIDER": "offline"})
    assert code == 0 and report["provider"] == "offline"


def test_a_llama_cpp_server_is_checked_and_its_mode_remembered(
    tmp_path: Path, sqlite_template: SQLiteTemplate
) -> None:
    url = sqlite_template.fresh_copy(tmp_path / "iepgen.db")
    with FakeLlamaCppServer() as server:
        server.script(openai_fake.success({"ok": True, "status": "ready"}))
        code, report = check(
            {
                "LLM_PROVIDER": "openai",
                "OPENAI_BASE_URL": f"{server.url}/v1",
                "OPENAI_MODEL": openai_fake.MODEL,
                "DATABASE_URL": url,
            }
        )
        kinds = [(format_kind(r.json()), r.status) for r in server.requests]
    assert code == 0 and report["ok"] is True
    assert "asked with response_format json_object with a schema" in str(report["message"])
    assert report["structured_output"] == {
        "setting": "auto",
        "mode": "json_object",
        "refused": [
            "response_format json_schema (strict) refused with HTTP 500",
            "response_format json_schema refused with HTTP 500",
        ],
        "remembered": True,
    }
    assert kinds == [("json_schema_strict", 500), ("json_schema", 500), ("json_object", 200)]

    async def stored() -> str | None:
        database = create_database(make_settings(url))
        try:
            memory = await remembered_mode(
                database, server_key(f"{server.url}/v1"), openai_fake.MODEL
            )
        finally:
            await database.dispose()
        return memory.mode if memory else None

    assert asyncio.run(stored()) == "json_object"


def test_the_check_probes_from_the_top_so_a_changed_server_is_found(
    tmp_path: Path, sqlite_template: SQLiteTemplate
) -> None:
    url = sqlite_template.fresh_copy(tmp_path / "iepgen.db")
    env = {"LLM_PROVIDER": "openai", "OPENAI_MODEL": openai_fake.MODEL, "DATABASE_URL": url}
    with FakeLlamaCppServer() as llama:
        llama.script(openai_fake.success({"ok": True}))
        assert check({**env, "OPENAI_BASE_URL": f"{llama.url}/v1"})[0] == 0
        port = llama.port
    # The district replaces the server at the same address with one that takes json_schema.
    vllm = FakeOpenAIServer()
    vllm.start(port=port)
    try:
        vllm.script(openai_fake.success({"ok": True}))
        code, report = check({**env, "OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1"})
    finally:
        vllm.stop()
    assert code == 0 and report["structured_output"]["mode"] == "json_schema_strict"


def test_a_server_without_a_database_is_checked_all_the_same(tmp_path: Path) -> None:
    with FakeOpenAIServer() as server:
        server.script(openai_fake.success({"ok": True}))
        code, report = check(
            {
                "LLM_PROVIDER": "openai",
                "OPENAI_BASE_URL": f"{server.url}/v1",
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/absent.db",
            }
        )
    assert code == 0 and report["structured_output"]["remembered"] is False
    assert not (tmp_path / "absent.db").exists()
