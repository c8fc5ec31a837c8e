"""`iepgen llm check`: exit 0 when the configured provider answers, 1 when it does not."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from typer.testing import CliRunner

from iepgen.cli import app
from iepgen.config import get_settings
from tests.fakes import gemini_server as fake
from tests.fakes.gemini_server import FakeGeminiServer


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


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
