"""OpenAICompatibleProvider through the real openai SDK against the fake chat-completions server."""

from __future__ import annotations

import pytest

from iepgen.errors import ProviderRejected, ProviderUnavailable
from iepgen.generation.provider import Provider
from iepgen.sections import StudentProfile
from tests.fakes import openai_server as fake
from tests.fakes.openai_server import FakeOpenAIServer, prompt_text
from tests.fakes.student_context import FIRST_NAME, LAST_NAME, profile_answer, section_request
from tests.integration.llm.conftest import ProviderFactory, openai_settings


def provider_for(
    make_provider: ProviderFactory, database_url: str, server: FakeOpenAIServer, **overrides: object
) -> Provider:
    return make_provider(openai_settings(database_url, server, **overrides))


async def test_a_section_is_drafted_with_a_strict_json_schema(
    database_url: str, openai_server: FakeOpenAIServer, make_provider: ProviderFactory
) -> None:
    # A strict schema makes the model send null for optional fields: defaults apply.
    openai_server.script(fake.success(profile_answer(team_notes=None), cached_tokens=40))
    provider = provider_for(make_provider, database_url, openai_server)

    result = await provider.generate_section(section_request())

    assert isinstance(result.content, StudentProfile)
    assert result.content.name == f"{FIRST_NAME} {LAST_NAME}" and result.content.team_notes == ""
    assert result.generated_by == "openai:llama3.1:8b-instruct"
    assert (result.usage.prompt_tokens, result.usage.output_tokens) == (150, 90)
    assert result.usage.cached_tokens == 40
    [sent] = openai_server.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer local-key"
    body = sent.json()
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert "temperature" not in body and body["max_tokens"] == 8192
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["additionalProperties"] is False


async def test_a_429_with_retry_after_waits_that_long(
    database_url: str, openai_server: FakeOpenAIServer, make_provider: ProviderFactory
) -> None:
    openai_server.script(fake.rate_limited(retry_after=1.0), fake.success(profile_answer()))
    provider = provider_for(make_provider, database_url, openai_server)

    await provider.generate_section(section_request())

    first, second = openai_server.requests
    assert second.received_at - first.received_at >= 1.0


async def test_a_spent_quota_fails_at_once(
    database_url: str, openai_server: FakeOpenAIServer, make_provider: ProviderFactory
) -> None:
    openai_server.script(fake.quota_exhausted())
    provider = provider_for(make_provider, database_url, openai_server)
    with pytest.raises(ProviderRejected, match="quota"):
        await provider.generate_section(section_request())
    assert len(openai_server.requests) == 1


async def test_503_bursts_then_success_and_a_timeout_retried(
    database_url: str, openai_server: FakeOpenAIServer, make_provider: ProviderFactory
) -> None:
    openai_server.script(
        fake.server_error(503),
        fake.slow(3.0),
        fake.server_error(502),
        fake.success(profile_answer()),
    )
    provider = provider_for(make_provider, database_url, openai_server, llm_timeout_seconds=0.5)

    result = await provider.generate_section(section_request())

    assert result.usage.llm_calls == 1
    assert len(openai_server.requests) == 4


async def test_invalid_json_and_truncation_are_repaired_once(
    database_url: str, openai_server: FakeOpenAIServer, make_provider: ProviderFactory
) -> None:
    openai_server.script(
        fake.invalid_json(),
        fake.success(profile_answer()),
        fake.truncated(profile_answer(interests="Chess")),
        fake.success(profile_answer(interests="Chess")),
    )
    provider = provider_for(make_provider, database_url, openai_server)

    first = await provider.generate_section(section_request())
    second = await provider.generate_section(section_request(instructions="Mention chess."))

    assert first.usage.llm_calls == 2 and second.content.interests == "Chess"  # type: ignore[attr-defined]
    repair = openai_server.requests[1].json()
    assert [m["role"] for m in repair["messages"]] == ["system", "user", "assistant", "user"]
    assert "not valid JSON" in repair["messages"][3]["content"]
    assert "cut off" in prompt_text(openai_server.requests[3].json())


async def test_a_content_filter_is_terminal_and_a_bad_key_fails_at_once(
    database_url: str, openai_server: FakeOpenAIServer, make_provider: ProviderFactory
) -> None:
    openai_server.script(fake.content_filtered(), fake.unauthorized())
    provider = provider_for(make_provider, database_url, openai_server)
    with pytest.raises(ProviderRejected, match="declined to draft"):
        await provider.generate_section(section_request())
    with pytest.raises(ProviderRejected, match="refused the API key"):
        await provider.generate_section(section_request(instructions="again"))
    assert len(openai_server.requests) == 2


async def test_an_unreachable_server_opens_the_circuit(
    database_url: str, openai_server: FakeOpenAIServer, make_provider: ProviderFactory
) -> None:
    port = openai_server.port
    openai_server.stop()
    provider = make_provider(
        openai_settings(
            database_url,
            openai_server,
            openai_base_url=f"http://127.0.0.1:{port}/v1",
            circuit_failure_threshold=2,
            llm_max_retries=5,
        )
    )
    with pytest.raises(ProviderUnavailable, match="not answering"):
        await provider.generate_section(section_request())
