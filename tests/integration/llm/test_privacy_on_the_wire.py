"""Nothing that identifies the student reaches the provider: checked on the exact bytes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import LLMCacheEntry
from tests.fakes import gemini_server as gemini_fake
from tests.fakes import openai_server as openai_fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.scripted_server import ScriptedServer
from tests.fakes.student_context import (
    BIRTH_DATE,
    FIRST_NAME,
    LAST_NAME,
    PARENTS,
    SCHOOL,
    STUDENT_NUMBER,
    profile_answer,
    section_request,
)
from tests.integration.llm.conftest import ProviderFactory, gemini_settings, openai_settings

IDENTIFYING = [
    FIRST_NAME,
    LAST_NAME,
    STUDENT_NUMBER,
    SCHOOL,
    "Juniper Ridge",
    *PARENTS,
    *(part for parent in PARENTS for part in parent.split()),
    BIRTH_DATE.isoformat(),
    BIRTH_DATE.strftime("%m/%d/%Y"),
    "2012",  # the birth year in any format
]


def leaks(body: bytes) -> list[str]:
    text = body.decode("utf-8").lower()
    return [value for value in IDENTIFYING if re.search(re.escape(value.lower()), text)]


def configure(
    kind: str, database_url: str, gemini: FakeGeminiServer, openai: FakeOpenAIServer, **kw: Any
) -> tuple[Settings, ScriptedServer]:
    if kind == "gemini":
        gemini.script(gemini_fake.invalid_json(), gemini_fake.success(profile_answer()))
        return gemini_settings(database_url, gemini, **kw), gemini
    openai.script(openai_fake.invalid_json(), openai_fake.success(profile_answer()))
    return openai_settings(database_url, openai, **kw), openai


@pytest.mark.parametrize("kind", ["gemini", "openai"])
async def test_no_identifying_data_reaches_the_provider_and_the_result_has_it_back(
    kind: str,
    database_url: str,
    gemini_server: FakeGeminiServer,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    settings, server = configure(kind, database_url, gemini_server, openai_server)
    provider = make_provider(settings)
    request = section_request(
        earlier_sections={"present_levels": {"summary": f"{FIRST_NAME} reads slowly."}},
        instructions=f"Keep {PARENTS[0]}'s words.",
    )

    result = await provider.generate_section(request)

    assert len(server.requests) == 2  # the answer and its repair (which quotes the answer)
    for sent in server.requests:
        assert leaks(sent.body) == []
        assert b"[STUDENT_FIRST_NAME]" in sent.body and b"age_at_iep_start" in sent.body
    content = result.content
    assert content.name == f"{FIRST_NAME} {LAST_NAME}"  # type: ignore[attr-defined]
    assert content.school == SCHOOL  # type: ignore[attr-defined]
    assert content.strengths == f"{FIRST_NAME} has strong visual memory."  # type: ignore[attr-defined]
    assert content.parent_concerns.startswith(PARENTS[0])  # type: ignore[attr-defined]


async def test_with_pseudonymisation_off_the_data_is_sent_as_is(
    database_url: str,
    gemini_server: FakeGeminiServer,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    """The check above can fail: turned off, the same bytes carry the student's data."""
    settings, server = configure(
        "gemini", database_url, gemini_server, openai_server, pii_pseudonymize=False
    )
    await make_provider(settings).generate_section(section_request())
    assert FIRST_NAME in leaks(server.requests[0].body)
    assert BIRTH_DATE.isoformat() in leaks(server.requests[0].body)


async def test_cached_answers_name_the_student_they_came_from(
    database_url: str,
    gemini_server: FakeGeminiServer,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
    database: Database,
) -> None:
    """So deleting the student deletes them (the cache would otherwise outlive the record)."""
    settings, _ = configure("gemini", database_url, gemini_server, openai_server)
    request = section_request()
    await make_provider(settings).generate_section(request)
    async with database.read() as session:
        owners = list((await session.execute(select(LLMCacheEntry.student_id))).scalars())
    assert owners and set(owners) == {request.context.student.id}
