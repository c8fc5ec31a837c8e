"""Every limit our validation enforces reaches the provider in the schema it is sent.

The fake model writes whatever the received schema allows (the longest strings, the first
enum value): a limit dropped on the way becomes an answer our validation refuses, as a
200-character "evidence" string from a real model once failed a whole IEP job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iepgen.errors import InvalidOutput
from iepgen.generation import json_schema
from iepgen.sections import SECTION_SCHEMAS
from tests.fakes import gemini_server as gemini_fake
from tests.fakes import openai_server as openai_fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.llama_cpp_server import FakeLlamaCppServer
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.schema_writer import gemini_request_schema, openai_request_schema, write
from tests.fakes.scripted_server import Reply
from tests.fakes.student_context import section_request
from tests.integration.llm.conftest import ProviderFactory, gemini_settings, openai_settings

SECTIONS = sorted(SECTION_SCHEMAS)
ASSESSMENT = "a1111111-1111-4111-8111-111111111111"
PREVIOUS_IEP = "p2222222-2222-4222-8222-222222222222"


def writer(
    schema_of: Callable[[Any], dict[str, Any] | None], success: Callable[[Any], Reply]
) -> Callable[[Any], Reply]:
    def respond(payload: Any) -> Reply:
        schema = schema_of(payload or {})
        assert schema is not None, "the request carried no schema"
        return success(write(schema))

    return respond


@pytest.mark.parametrize("section_type", SECTIONS)
async def test_gemini_is_told_every_limit(
    section_type: str,
    database_url: str,
    gemini_server: FakeGeminiServer,
    make_provider: ProviderFactory,
) -> None:
    gemini_server.responder = writer(gemini_request_schema, gemini_fake.success)
    provider = make_provider(gemini_settings(database_url, gemini_server))

    result = await provider.generate_section(section_request(section_type))

    assert result.usage.llm_calls == 1  # no repair: the first answer was valid
    schema = gemini_request_schema(gemini_server.requests[0].json())
    assert schema is not None and "maxLength" in str(schema)
    if section_type == "present_levels":
        area = schema["properties"]["areas"]["items"]["properties"]
        assert area["evidence"]["items"]["enum"] == [ASSESSMENT, PREVIOUS_IEP]
        assert area["data_points"]["items"]["properties"]["source"]["enum"] == [
            ASSESSMENT,
            PREVIOUS_IEP,
        ]


async def test_a_gemini_schema_without_lengths_fails_as_it_did_before(
    database_url: str,
    gemini_server: FakeGeminiServer,
    make_provider: ProviderFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The shape of the defect: maxLength cut from what Gemini is sent.
    without = json_schema.GEMINI_KEYWORDS - {"maxLength", "minLength"}
    monkeypatch.setattr(json_schema, "GEMINI_KEYWORDS", without)
    gemini_server.responder = writer(gemini_request_schema, gemini_fake.success)
    provider = make_provider(gemini_settings(database_url, gemini_server))

    with pytest.raises(InvalidOutput, match="String should have at most"):
        await provider.generate_section(section_request("present_levels"))


@pytest.mark.parametrize("section_type", SECTIONS)
@pytest.mark.parametrize("server_kind", ["vllm", "llama_cpp"])
async def test_openai_compatible_servers_are_told_every_limit(
    server_kind: str,
    section_type: str,
    database_url: str,
    make_provider: ProviderFactory,
) -> None:
    server = FakeOpenAIServer() if server_kind == "vllm" else FakeLlamaCppServer()
    server.responder = writer(openai_request_schema, openai_fake.success)
    with server:
        provider = make_provider(openai_settings(database_url, server))
        result = await provider.generate_section(section_request(section_type))
    assert result.usage.llm_calls == 1
