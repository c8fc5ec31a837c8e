"""GeminiProvider through the real google-genai SDK against the fake Gemini server."""

from __future__ import annotations

import pytest

from iepgen.db import Database
from iepgen.errors import InvalidOutput, ProviderRejected, ProviderTransientError
from iepgen.sections import StudentProfile
from tests.fakes import gemini_server as fake
from tests.fakes.gemini_server import FakeGeminiServer, prompt_text
from tests.fakes.student_context import FIRST_NAME, LAST_NAME, profile_answer, section_request
from tests.integration.llm.conftest import ProviderFactory, gemini_settings


def provider_for(
    make_provider: ProviderFactory, database_url: str, server: FakeGeminiServer, **overrides: object
):  # type: ignore[no-untyped-def]
    return make_provider(gemini_settings(database_url, server, **overrides))


async def test_a_section_is_drafted_validated_and_restored(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.success(profile_answer(), prompt_tokens=500, cached_tokens=200))
    provider = provider_for(make_provider, database_url, gemini_server)

    result = await provider.generate_section(section_request())

    assert isinstance(result.content, StudentProfile)
    assert result.content.name == f"{FIRST_NAME} {LAST_NAME}"
    assert result.generated_by == "gemini:gemini-3.5-flash"
    assert (result.usage.llm_calls, result.usage.prompt_tokens) == (1, 500)
    assert (result.usage.output_tokens, result.usage.cached_tokens) == (80, 200)
    [sent] = gemini_server.requests
    assert sent.path == "/v1beta/models/gemini-3.5-flash:generateContent"
    assert sent.headers["x-goog-api-key"] == fake.API_KEY
    body = sent.json()
    config = body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"]["properties"]["name"]["type"] == "string"
    assert config["maxOutputTokens"] == 8192
    assert "temperature" not in config  # Gemini 3 models keep their own default (1.0)
    assert {s["threshold"] for s in body["safetySettings"]} == {"BLOCK_ONLY_HIGH"}
    assert "HARM_CATEGORY_HARASSMENT" in {s["category"] for s in body["safetySettings"]}
    assert body["systemInstruction"]["parts"][0]["text"].startswith("You draft one section")


async def test_the_api_version_is_pinned_and_a_set_temperature_sent(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.success(profile_answer()))
    provider = provider_for(
        make_provider, database_url, gemini_server, gemini_api_version="v1", llm_temperature=0.4
    )
    await provider.generate_section(section_request())
    assert gemini_server.requests[0].path == "/v1/models/gemini-3.5-flash:generateContent"
    assert gemini_server.requests[0].json()["generationConfig"]["temperature"] == 0.4


async def test_a_429_with_retry_delay_waits_that_long(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.rate_limited(retry_delay=1.2), fake.success(profile_answer()))
    provider = provider_for(make_provider, database_url, gemini_server)

    await provider.generate_section(section_request())

    first, second = gemini_server.requests
    assert first.status == 429 and second.status == 200
    assert second.received_at - first.received_at >= 1.2


async def test_a_daily_quota_429_fails_at_once_with_a_clear_message(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.daily_quota(), fake.success(profile_answer()))
    provider = provider_for(make_provider, database_url, gemini_server)

    with pytest.raises(ProviderRejected, match="daily quota for Gemini is used up"):
        await provider.generate_section(section_request())
    assert len(gemini_server.requests) == 1


async def test_a_burst_of_500_and_503_is_retried_until_success(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(
        fake.server_error(500),
        fake.server_error(503),
        fake.server_error(503),
        fake.success(profile_answer()),
    )
    provider = provider_for(make_provider, database_url, gemini_server)

    result = await provider.generate_section(section_request())

    assert result.content.name == f"{FIRST_NAME} {LAST_NAME}"  # type: ignore[attr-defined]
    assert [r.status for r in gemini_server.requests] == [500, 503, 503, 200]


async def test_server_faults_past_the_retry_budget_are_a_transient_error(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(*[fake.server_error(503) for _ in range(5)])
    provider = provider_for(make_provider, database_url, gemini_server, llm_max_retries=2)

    with pytest.raises(ProviderTransientError, match="did not answer after 3 tries"):
        await provider.generate_section(section_request())
    assert len(gemini_server.requests) == 3


async def test_a_slow_answer_times_out_and_is_retried(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.slow(3.0), fake.success(profile_answer()))
    provider = provider_for(make_provider, database_url, gemini_server, llm_timeout_seconds=0.5)

    result = await provider.generate_section(section_request())

    assert result.usage.llm_calls == 1
    first, second = gemini_server.requests
    # The second try went out long before the slow answer would have finished.
    assert second.received_at - first.received_at < 2.5


async def test_invalid_json_gets_one_repair_request_quoting_the_problem(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.invalid_json(), fake.success(profile_answer()))
    provider = provider_for(make_provider, database_url, gemini_server)

    result = await provider.generate_section(section_request())

    assert result.usage.llm_calls == 2
    repair = gemini_server.requests[1].json()
    roles = [content["role"] for content in repair["contents"]]
    assert roles == ["user", "model", "user"]
    assert "not valid JSON" in repair["contents"][2]["parts"][0]["text"]


async def test_max_tokens_truncation_gets_one_repair_request(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.truncated(profile_answer()), fake.success(profile_answer()))
    provider = provider_for(make_provider, database_url, gemini_server)

    result = await provider.generate_section(section_request())

    assert result.content.age == 13  # type: ignore[attr-defined]
    assert "cut off" in prompt_text(gemini_server.requests[1].json())


async def test_schema_invalid_twice_fails_the_section_clearly(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(
        fake.success(profile_answer(age="thirteen")), fake.success(profile_answer(age=None))
    )
    provider = provider_for(make_provider, database_url, gemini_server)

    with pytest.raises(InvalidOutput, match="did not produce a usable draft"):
        await provider.generate_section(section_request())
    assert "age: Input should be a valid integer" in prompt_text(gemini_server.requests[1].json())


async def test_a_blocked_prompt_is_terminal_with_a_message_for_teachers(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.blocked_prompt(), fake.success(profile_answer()))
    provider = provider_for(make_provider, database_url, gemini_server)

    with pytest.raises(ProviderRejected, match="declined to draft this section") as raised:
        await provider.generate_section(section_request())
    assert "rephrase" in raised.value.message
    assert len(gemini_server.requests) == 1


async def test_a_safety_finish_is_terminal(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.safety_finish())
    provider = provider_for(make_provider, database_url, gemini_server)
    with pytest.raises(ProviderRejected, match="safety filter"):
        await provider.generate_section(section_request())


async def test_a_bad_api_key_fails_at_once(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    provider = provider_for(make_provider, database_url, gemini_server, gemini_api_key="wrong")
    with pytest.raises(ProviderRejected, match="refused the API key"):
        await provider.generate_section(section_request())
    assert len(gemini_server.requests) == 1


async def test_an_unknown_model_fails_at_once(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(fake.not_found())
    provider = provider_for(make_provider, database_url, gemini_server)
    with pytest.raises(ProviderRejected, match="does not know the configured model"):
        await provider.generate_section(section_request())


async def test_each_real_call_is_an_audited_disclosure(
    database_url: str,
    gemini_server: FakeGeminiServer,
    make_provider: ProviderFactory,
    database: Database,
) -> None:
    from sqlalchemy import select

    from iepgen.models import AuditEntry

    provider = provider_for(make_provider, database_url, gemini_server)
    request = section_request()

    async def disclosures() -> list[AuditEntry]:
        async with database.read() as session:
            query = select(AuditEntry).where(AuditEntry.action == "llm.disclosure")
            return list((await session.execute(query.order_by(AuditEntry.id))).scalars())

    gemini_server.script(fake.invalid_json(), fake.success(profile_answer()))
    await provider.generate_section(request)
    assert len(await disclosures()) == 2  # the answer and its repair
    gemini_server.script(fake.success(profile_answer()))
    await provider.generate_section(request)  # the invalid answer was not cached: asks again
    assert len(await disclosures()) == 3
    await provider.generate_section(request)  # now answered from the cache: nothing sent
    entries = await disclosures()
    assert len(entries) == 3 and len(gemini_server.requests) == 3
    entry = entries[0]
    assert entry.student_id == request.context.student.id and entry.actor_id is None
    assert entry.detail["provider"] == "gemini" and entry.detail["pseudonymized"] is True
    assert entry.detail["section_type"] == "student_profile"
    assert "student.first_name" in entry.fields and "assessments.summary" in entry.fields
    assert FIRST_NAME not in repr((entry.fields, entry.detail))
