"""Answers a server should not give: each ends in a repair or a clear error, never a hang,
and none of them opens the circuit (the server answered: it is up).

Every test sets the circuit to open on the first outage, so a bad answer miscounted as
one would show as an open circuit.
"""

from __future__ import annotations

import pytest

from iepgen.db import Database
from iepgen.errors import InvalidOutput, ProviderRejected
from iepgen.generation.provider import Provider
from iepgen.llm.circuit_breaker import circuit_state
from iepgen.sections import StudentProfile
from tests.fakes import openai_server as fake
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.scripted_server import Reply
from tests.fakes.student_context import profile_answer, section_request
from tests.integration.llm.conftest import ProviderFactory, openai_settings

pytestmark = pytest.mark.timeout(60)


def empty_choices() -> Reply:
    reply = fake.success(profile_answer())
    return Reply(body={**reply.body, "choices": []})


def refusal() -> Reply:
    reply = fake.success("")
    choice = {
        "index": 0,
        "message": {"role": "assistant", "content": None, "refusal": "I can't help with that."},
        "finish_reason": "stop",
    }
    return Reply(body={**reply.body, "choices": [choice]})


def provider(database_url: str, server: FakeOpenAIServer, make: ProviderFactory) -> Provider:
    return make(openai_settings(database_url, server, circuit_failure_threshold=1))


async def closed(database: Database) -> bool:
    return await circuit_state(database, "openai") == "closed"


@pytest.mark.parametrize(
    ("first", "problem"),
    [
        (fake.invalid_json(), "not valid JSON"),
        (fake.truncated(profile_answer()), "cut off at the output token limit"),
        (empty_choices(), "The answer was empty"),
        (fake.success([profile_answer()]), "one JSON object, not a list"),
        (fake.success(profile_answer(grade="13")), "grade: Input should be"),
    ],
    ids=["non-json", "truncated", "empty-choice", "a-list", "schema-breach"],
)
async def test_a_bad_answer_gets_one_repair_that_quotes_the_problem(
    first: Reply,
    problem: str,
    database: Database,
    database_url: str,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    openai_server.script(first, fake.success(profile_answer()))

    result = await provider(database_url, openai_server, make_provider).generate_section(
        section_request()
    )

    assert isinstance(result.content, StudentProfile) and result.usage.llm_calls == 2
    repair = openai_server.requests[1].json()["messages"][-1]["content"]
    assert problem in repair
    assert await closed(database)


@pytest.mark.parametrize(
    "bad",
    [fake.invalid_json(), fake.truncated(profile_answer()), empty_choices()],
    ids=["non-json", "truncated", "empty-choice"],
)
async def test_a_bad_answer_twice_fails_the_section_with_a_clear_message(
    bad: Reply,
    database: Database,
    database_url: str,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    openai_server.script(bad, bad)

    with pytest.raises(InvalidOutput, match="did not produce a usable draft of this section"):
        await provider(database_url, openai_server, make_provider).generate_section(
            section_request()
        )

    assert len(openai_server.requests) == 2
    assert await closed(database)


async def test_a_refusal_is_terminal_with_a_message_a_teacher_can_act_on(
    database: Database,
    database_url: str,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    openai_server.script(refusal())
    with pytest.raises(ProviderRejected, match="declined to draft this section"):
        await provider(database_url, openai_server, make_provider).generate_section(
            section_request()
        )
    assert len(openai_server.requests) == 1 and await closed(database)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(status=400, raw=b"<html><body>Bad Request</body></html>"), "HTTP 400"),
        (Reply(status=422, body={"detail": "unprocessable"}), "HTTP 422"),
        (Reply(status=404, raw=b"Not Found"), "does not know the configured model"),
        (Reply(status=413, body={"error": "payload too large"}), "HTTP 413"),
    ],
    ids=["400-html", "422-detail", "404-text", "413-odd-body"],
)
async def test_a_4xx_with_an_unexpected_body_fails_at_once_without_opening_the_circuit(
    reply: Reply,
    message: str,
    database: Database,
    database_url: str,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    openai_server.script(reply)
    with pytest.raises(ProviderRejected, match=message):
        await provider(database_url, openai_server, make_provider).generate_section(
            section_request()
        )
    assert len(openai_server.requests) == 1 and await closed(database)


@pytest.mark.parametrize(
    "reply",
    [Reply(status=200, raw=b"<html>Welcome to the model hub</html>"), Reply(raw=b'{"choices": [')],
    ids=["web-page", "cut-body"],
)
async def test_a_200_that_is_no_chat_completion_names_the_address_to_check(
    reply: Reply,
    database: Database,
    database_url: str,
    openai_server: FakeOpenAIServer,
    make_provider: ProviderFactory,
) -> None:
    openai_server.script(reply)
    with pytest.raises(ProviderRejected, match="OPENAI_BASE_URL"):
        await provider(database_url, openai_server, make_provider).generate_section(
            section_request()
        )
    assert len(openai_server.requests) == 1 and await closed(database)
