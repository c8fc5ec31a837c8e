"""The response cache: repeats and concurrent duplicates make one call; failures never replay."""

from __future__ import annotations

import asyncio

import pytest
import zstandard
from sqlalchemy import select

from iepgen.db import Database
from iepgen.llm.cache import ResponseCache
from iepgen.llm.completion import Completion
from iepgen.models import LLMCacheEntry
from tests.fakes import gemini_server as fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.student_context import profile_answer, section_request
from tests.integration.llm.conftest import ProviderFactory, gemini_settings

pytestmark = pytest.mark.both_databases


async def cache_rows(database: Database) -> list[LLMCacheEntry]:
    async with database.read() as session:
        return list((await session.execute(select(LLMCacheEntry))).scalars())


async def test_a_repeated_request_is_answered_from_the_cache(
    database_url: str,
    gemini_server: FakeGeminiServer,
    make_provider: ProviderFactory,
    database: Database,
) -> None:
    gemini_server.script(fake.success(profile_answer(), prompt_tokens=300, output_tokens=70))
    provider = make_provider(gemini_settings(database_url, gemini_server))

    first = await provider.generate_section(section_request())
    again = await provider.generate_section(section_request())

    assert len(gemini_server.requests) == 1
    assert again.content == first.content
    assert (again.usage.llm_calls, again.usage.cache_hits, again.usage.prompt_tokens) == (0, 1, 0)
    [row] = await cache_rows(database)
    assert row.hits == 1 and row.provider == "gemini" and row.finish_reason == "stop"
    assert (row.prompt_tokens, row.output_tokens) == (300, 70)
    assert row.model_version == "gemini-3.5-flash-001" and row.response_id
    stored = zstandard.ZstdDecompressor().decompress(row.response).decode()
    assert "[STUDENT_FULL_NAME]" in stored  # pseudonymised: no student data in the cache


async def test_a_different_request_is_not_served_from_the_cache(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.success(profile_answer()), fake.success(profile_answer(age=14)))
    provider = make_provider(gemini_settings(database_url, gemini_server))
    await provider.generate_section(section_request())
    other = await provider.generate_section(section_request(instructions="Shorter, please."))
    assert other.content.age == 14  # type: ignore[attr-defined]
    assert len(gemini_server.requests) == 2


async def test_concurrent_identical_requests_make_one_call(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.success(profile_answer(), delay_seconds=0.5))
    provider = make_provider(gemini_settings(database_url, gemini_server))

    results = await asyncio.gather(
        *(provider.generate_section(section_request()) for _ in range(5))
    )

    assert len(gemini_server.requests) == 1
    assert sum(r.usage.llm_calls for r in results) == 1
    assert sum(r.usage.cache_hits for r in results) == 4
    assert len({r.content.model_dump_json() for r in results}) == 1


async def test_an_answer_that_failed_validation_is_never_replayed(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.invalid_json(), fake.success(profile_answer()))
    provider = make_provider(gemini_settings(database_url, gemini_server))
    await provider.generate_section(section_request())

    gemini_server.script(fake.success(profile_answer(age=14)))
    rerun = await provider.generate_section(section_request())

    assert rerun.content.age == 14  # type: ignore[attr-defined]
    assert len(gemini_server.requests) == 3


async def test_two_stores_of_one_key_keep_one_row(database: Database) -> None:
    first, second = ResponseCache(database), ResponseCache(database)
    answer = Completion(text='{"a": 1}', finish_reason="stop", prompt_tokens=5)
    await asyncio.gather(
        first.put("k" * 64, "gemini", "m", answer),
        second.put("k" * 64, "gemini", "m", Completion(text="{}", finish_reason="stop")),
    )
    assert len(await cache_rows(database)) == 1
    hit = await second.get("k" * 64)
    assert hit is not None and hit.text in ('{"a": 1}', "{}")
    assert await first.get("0" * 64) is None
