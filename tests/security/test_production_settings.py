"""Settings that would expose student records are refused before the server starts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from iepgen.cli import app
from iepgen.config import DEVELOPMENT_SECRET_KEY, Settings, get_settings, is_loopback

STRONG_KEY = "9c1f4e2ab7d8a3f6c0e5b2d97a4f1c8e6b3d0a7f5c2e9b4d1a8f6c3e0b7d5a2f"
SAFE: dict[str, Any] = {
    "environment": "production",
    "secret_key": STRONG_KEY,
    "session_cookie_secure": True,
}


def _settings(**values: Any) -> Settings:
    return Settings(**values, _env_file=None)


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_safe_production_settings_start_with_metrics_behind_a_token() -> None:
    settings = _settings(**SAFE)
    assert settings.metrics_protected is True
    assert _settings(environment="development").metrics_protected is False


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"secret_key": "a" * 32}, "SECRET_KEY is too predictable"),
        ({"secret_key": "password" * 4}, "SECRET_KEY is too predictable"),
        ({"secret_key": DEVELOPMENT_SECRET_KEY}, "published development key"),
        ({"metrics_require_auth": False}, "METRICS_REQUIRE_AUTH"),
        ({"pii_pseudonymize": False}, "LLM_PROVIDER_ON_PREMISES"),
        (
            {
                "llm_provider": "gemini",
                "gemini_api_key": "k",
                "gemini_base_url": "http://proxy:8080",
            },
            "GEMINI_BASE_URL must use https",
        ),
        (
            {"llm_provider": "openai", "openai_base_url": "http://gpu-server.district.local/v1"},
            "OPENAI_BASE_URL must use https",
        ),
        (
            {"llm_provider": "gemini", "gemini_api_key": "k", "llm_provider_on_premises": True},
            "cannot describe Gemini",
        ),
    ],
)
def test_production_refuses_each_unsafe_setting_by_name(
    overrides: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValidationError, match=named):
        _settings(**{**SAFE, **overrides})


def test_production_allows_what_is_safe() -> None:
    _settings(**SAFE, llm_provider="openai", openai_base_url="http://127.0.0.1:11434/v1")
    _settings(**SAFE, llm_provider="gemini", gemini_api_key="k", gemini_base_url="https://gw/x")
    on_premises = _settings(
        **SAFE,
        llm_provider="openai",
        openai_base_url="https://llm.district.example/v1",
        pii_pseudonymize=False,
        llm_provider_on_premises=True,
    )
    assert on_premises.pii_pseudonymize is False


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "iepgen.district.example"])
def test_the_development_key_is_refused_whenever_the_server_listens_beyond_loopback(
    host: str,
) -> None:
    assert not is_loopback(host)
    for environment in ("development", "test"):
        with pytest.raises(ValidationError, match="listens beyond this machine"):
            _settings(environment=environment, host=host)
    _settings(environment="development", host=host, secret_key=STRONG_KEY)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_the_development_key_is_fine_on_loopback(host: str) -> None:
    assert is_loopback(host)
    _settings(environment="development", host=host)


def test_serve_refuses_a_public_host_with_the_development_key() -> None:
    result = CliRunner().invoke(
        app, ["serve", "--host", "0.0.0.0", "--no-worker"], env={"ENVIRONMENT": "development"}
    )
    assert result.exit_code == 2
    assert "Refusing to listen on 0.0.0.0" in result.output


def test_seed_demo_refuses_production(tmp_path: Any) -> None:
    env = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": STRONG_KEY,
        "SESSION_COOKIE_SECURE": "true",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/never.db",
    }
    result = CliRunner().invoke(app, ["seed-demo"], env=env)
    assert result.exit_code == 2
    assert "published passwords" in result.output
    assert not (tmp_path / "never.db").exists()
