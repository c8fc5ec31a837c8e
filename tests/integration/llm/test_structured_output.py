"""Structured-output negotiation through the real openai SDK against servers that differ.

One fake behaves like llama-cpp-python's server (refuses `json_schema` with the HTTP 500
the real one gives), the other like vLLM or Ollama (takes it). A refusal is negotiated
past, remembered in the database for every process, and never counted as an outage.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iepgen.db import Database
from iepgen.db.base import utcnow
from iepgen.errors import ProviderRejected
from iepgen.jobs.health import check_health
from iepgen.llm.circuit_breaker import circuit_state
from iepgen.llm.output_modes import remembered_mode, server_key
from iepgen.sections import PresentLevels, StudentProfile
from tests.fakes import openai_server as fake
from tests.fakes.llama_cpp_server import FakeLlamaCppServer
from tests.fakes.openai_server import FakeOpenAIServer, format_kind, prompt_text
from tests.fakes.student_context import profile_answer, section_request
from tests.integration.llm.conftest import ProviderFactory, openai_settings

ASSESSMENT = "a1111111-1111-4111-8111-111111111111"


@pytest.fixture
def llama_server() -> Iterator[FakeLlamaCppServer]:
    server = FakeLlamaCppServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def present_levels_answer() -> dict[str, object]:
    return {
        "areas": [
            {
                "area": "reading",
                "current_performance": "Read 61 words correct per minute (DIBELS 8, 2025-09-15).",
                "evidence": [ASSESSMENT],
                "data_points": [
                    {"measure": "words correct per minute", "value": 61, "source": ASSESSMENT}
                ],
                "needs": "Reading fluency.",
            }
        ]
    }


async def remembered(database: Database, server: FakeOpenAIServer) -> tuple[str, tuple[str, ...]]:
    memory = await remembered_mode(database, server_key(f"{server.url}/v1"), fake.MODEL)
    assert memory is not None
    return memory.mode, memory.refusals


async def test_a_llama_cpp_server_is_asked_with_json_object_and_every_process_remembers(
    database: Database,
    database_url: str,
    llama_server: FakeLlamaCppServer,
    make_provider: ProviderFactory,
) -> None:
    llama_server.script(fake.success(present_levels_answer()), fake.success(profile_answer()))
    # One failure would open the circuit: the two refusals must not count.
    settings = openai_settings(database_url, llama_server, circuit_failure_threshold=1)

    result = await make_provider(settings).generate_section(section_request("present_levels"))

    assert isinstance(result.content, PresentLevels) and result.usage.llm_calls == 1
    assert [(format_kind(r.json()), r.status) for r in llama_server.requests] == [
        ("json_schema_strict", 500),
        ("json_schema", 500),
        ("json_object", 200),
    ]
    sent = llama_server.requests[-1].json()["response_format"]
    area = sent["schema"]["properties"]["areas"]["items"]["properties"]
    assert area["evidence"]["items"]["enum"] == [ASSESSMENT, "p2222222-2222-4222-8222-222222222222"]
    # llama.cpp's grammar cannot take a 4000-character limit; 1000 stays inside ours.
    assert area["current_performance"]["maxLength"] == 1000
    assert await circuit_state(database, "openai") == "closed"
    assert await remembered(database, llama_server) == (
        "json_object",
        (
            "response_format json_schema (strict) refused with HTTP 500",
            "response_format json_schema refused with HTTP 500",
        ),
    )

    # Another process (a new provider on the same database) starts where this one ended.
    llama_server.requests.clear()
    await make_provider(settings).generate_section(section_request())
    assert [format_kind(r.json()) for r in llama_server.requests] == ["json_object"]


async def test_a_vllm_like_server_takes_strict_json_schema_with_every_limit(
    database: Database,
    database_url: str,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    openai_server.script(fake.success(present_levels_answer()))
    provider = make_provider(openai_settings(database_url, openai_server))

    await provider.generate_section(section_request("present_levels"))

    [sent] = openai_server.requests
    response_format = sent.json()["response_format"]
    assert format_kind(sent.json()) == "json_schema_strict"
    # Strict mode makes an optional field required and nullable: areas too.
    [areas, _null] = response_format["json_schema"]["schema"]["properties"]["areas"]["anyOf"]
    area = areas["items"]
    assert area["properties"]["current_performance"]["maxLength"] == 4000
    # Strict mode makes an optional field required and nullable.
    [evidence, null] = area["properties"]["evidence"]["anyOf"]
    assert evidence["items"]["enum"][0] == ASSESSMENT and null == {"type": "null"}
    assert await remembered(database, openai_server) == ("json_schema_strict", ())


async def test_strict_refused_is_asked_again_without_strict(
    database: Database, database_url: str, make_provider: ProviderFactory
) -> None:
    with FakeOpenAIServer(refused_formats=frozenset({"json_schema_strict"})) as server:
        server.script(fake.success(profile_answer()))
        await make_provider(openai_settings(database_url, server)).generate_section(
            section_request()
        )
        kinds = [(format_kind(r.json()), r.status) for r in server.requests]
    assert kinds == [("json_schema_strict", 400), ("json_schema", 200)]
    assert (await remembered(database, server))[0] == "json_schema"


async def test_a_server_that_takes_no_response_format_gets_the_limits_in_words(
    database: Database, database_url: str, make_provider: ProviderFactory
) -> None:
    refused = frozenset({"json_schema_strict", "json_schema", "json_object"})
    with FakeOpenAIServer(refused_formats=refused) as server:
        # Without a schema to hold it, the model wraps its JSON in prose: still used.
        prose = (
            "Here is the section:\n"
            + fake.success(profile_answer()).body["choices"][0]["message"]["content"]
        )
        server.script(fake.success(prose))
        result = await make_provider(openai_settings(database_url, server)).generate_section(
            section_request()
        )
        last = server.requests[-1].json()
    assert isinstance(result.content, StudentProfile)
    assert "response_format" not in last
    text = prompt_text(last)
    assert "## How your answer is checked" in text
    assert "- `name` (required): text of 1 to 300 characters" in text
    assert (await remembered(database, server))[0] == "prompt"


async def test_a_fixed_mode_the_server_refuses_is_a_configuration_error(
    database: Database,
    database_url: str,
    llama_server: FakeLlamaCppServer,
    make_provider: ProviderFactory,
) -> None:
    settings = openai_settings(
        database_url,
        llama_server,
        openai_structured_output="json_schema",
        circuit_failure_threshold=1,
    )
    with pytest.raises(ProviderRejected) as refused:
        await make_provider(settings).generate_section(section_request())

    message = refused.value.message
    assert "OPENAI_STRUCTURED_OUTPUT=json_schema" in message
    assert "OPENAI_STRUCTURED_OUTPUT=auto" in message and "HTTP 500" in message
    assert len(llama_server.requests) == 2  # strict, then not: no retries
    assert await circuit_state(database, "openai") == "closed"
    # A fixed setting is the administrator's: nothing is remembered for `auto`.
    key = server_key(f"{llama_server.url}/v1")
    assert await remembered_mode(database, key, fake.MODEL) is None


async def test_health_shows_the_negotiated_mode(
    database: Database,
    database_url: str,
    llama_server: FakeLlamaCppServer,
    make_provider: ProviderFactory,
) -> None:
    settings = openai_settings(database_url, llama_server)
    before = await check_health(database, settings, now=utcnow())
    assert before.llm.structured_output is not None
    assert before.llm.structured_output.mode is None  # auto, not negotiated yet

    llama_server.script(fake.success(profile_answer()))
    await make_provider(settings).generate_section(section_request())

    after = (await check_health(database, settings, now=utcnow())).llm.structured_output
    assert after is not None
    assert (after.setting, after.mode) == ("auto", "json_object")
    assert len(after.refused) == 2


async def test_health_shows_a_fixed_setting_as_it_is(
    database: Database, database_url: str, openai_server: FakeOpenAIServer
) -> None:
    settings = openai_settings(database_url, openai_server, openai_structured_output="prompt")
    health = await check_health(database, settings, now=utcnow())
    assert health.llm.structured_output is not None
    assert (health.llm.structured_output.setting, health.llm.structured_output.mode) == (
        "prompt",
        "prompt",
    )
