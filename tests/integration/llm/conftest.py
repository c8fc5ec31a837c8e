"""Fake provider servers and providers built from settings, on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.generation.provider import Provider
from iepgen.llm.factory import build_provider, close_provider
from tests.conftest import make_settings
from tests.fakes.gemini_server import API_KEY, FakeGeminiServer
from tests.fakes.openai_server import FakeOpenAIServer

# Fast policies for tests: tiny backoff, short timeouts; each test overrides what it checks.
FAST: dict[str, Any] = {
    "llm_retry_base_seconds": 0.01,
    "llm_retry_max_seconds": 5.0,
    "llm_timeout_seconds": 5.0,
    "llm_max_retries": 3,
    "circuit_failure_threshold": 5,
    "circuit_reset_seconds": 60.0,
    "llm_requests_per_minute": 60_000,
}


@pytest.fixture
def gemini_server() -> Iterator[FakeGeminiServer]:
    server = FakeGeminiServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    server = FakeOpenAIServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def gemini_settings(database_url: str, server: FakeGeminiServer, **overrides: Any) -> Settings:
    values = {
        **FAST,
        "llm_provider": "gemini",
        "gemini_api_key": API_KEY,
        "gemini_base_url": server.url,
        **overrides,
    }
    return make_settings(database_url, **values)


def openai_settings(database_url: str, server: FakeOpenAIServer, **overrides: Any) -> Settings:
    values = {
        **FAST,
        "llm_provider": "openai",
        "openai_base_url": f"{server.url}/v1",
        "openai_api_key": "local-key",
        **overrides,
    }
    return make_settings(database_url, **values)


ProviderFactory = Callable[[Settings], Provider]


@pytest.fixture
async def make_provider(database: Database) -> AsyncIterator[ProviderFactory]:
    """Build providers from settings on the test's database; all closed after the test."""
    built: list[Provider] = []

    def make(settings: Settings) -> Provider:
        provider = build_provider(settings, database)
        built.append(provider)
        return provider

    yield make
    for provider in built:
        await close_provider(provider)
