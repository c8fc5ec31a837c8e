"""Other languages through the configured model: pseudonymised on the wire, glossary sent."""

from __future__ import annotations

import io
import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pypdf
import pytest

from iepgen.app import create_app
from iepgen.db import Database
from iepgen.models import Student
from tests.fakes import openai_server as fake
from tests.fakes.openai_server import FakeOpenAIServer
from tests.integration.export.conftest import ExportRecords
from tests.integration.llm.conftest import openai_settings


def _translating(prefix: str) -> Any:
    def respond(payload: Any) -> Any:
        prompt = "\n".join(m["content"] for m in payload["messages"] if m["role"] == "user")
        segments = json.loads(prompt.split("# Segments to translate\n", 1)[1])["segments"]
        return fake.success(
            {"translations": [{"id": s["id"], "text": f"{prefix} {s['text']}"} for s in segments]}
        )

    return respond


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    running = FakeOpenAIServer()
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def model_client(
    database_url: str, database: Database, server: FakeOpenAIServer
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(openai_settings(database_url, server), database)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def _names(database: Database, records: ExportRecords) -> None:
    async with database.transaction() as session:
        student = await session.get(Student, records.student_id)
        assert student is not None
        student.parent_guardian_names = ["Rosa Quintanilla"]
        student.strengths = "Maya Lopez draws well; Rosa Quintanilla says she loves science."


async def test_vietnamese_goes_through_the_model_without_names(
    model_client: httpx.AsyncClient,
    database: Database,
    records: ExportRecords,
    server: FakeOpenAIServer,
) -> None:
    await _names(database, records)
    server.responder = _translating("[vi]")

    response = await model_client.get(
        records.document("family-summary", "language=vi&format=md"),
        headers=records.teacher.headers,
    )

    assert response.status_code == 200
    assert response.headers["x-translation"] == "model"
    assert response.headers["content-language"] == "vi"
    assert server.requests, "the model was not called"
    wire = b"".join(r.body for r in server.requests).decode().lower()
    for name in ("maya", "lopez", "quintanilla", "lincoln middle school", "jordan ellis"):
        assert name not in wire, name
    assert "[student_first_name]" in wire
    assert "metas anuales" in wire  # the glossary travels with the request
    text = response.text
    translated, _, original = text.partition("\n---\n")
    # Names restored in the translation; the notice in the language and in English.
    # (Markdown escapes the brackets of the fake model's marker.)
    assert (
        "\\[vi\\] What Maya does well: Maya Lopez draws well; Rosa Quintanilla says she "
        "loves science." in translated
    )
    assert "\\[vi\\] Machine-drafted translation" in translated
    assert "Machine-drafted translation — have it reviewed by a qualified translator." in translated
    assert "# Maya's IEP: a summary for your family" in original


async def test_spanish_free_text_is_translated_by_the_model_when_there_is_one(
    model_client: httpx.AsyncClient,
    database: Database,
    records: ExportRecords,
    server: FakeOpenAIServer,
) -> None:
    await _names(database, records)
    server.responder = _translating("[es]")

    response = await model_client.get(
        records.document("family-summary"), headers=records.teacher.headers
    )

    assert response.headers["x-translation"] == "offline+model"
    text = re.sub(
        r"\s+",
        " ",
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages),
    )
    assert "Lo que Maya hace bien: [es] Maya Lopez draws well" in text
    assert "(en inglés, sin traducir)" not in text.split("Original en inglés")[0]


async def test_a_model_that_fails_leaves_the_english_original_saying_so(
    model_client: httpx.AsyncClient, records: ExportRecords, server: FakeOpenAIServer
) -> None:
    server.responder = lambda payload: fake.unauthorized()

    response = await model_client.get(
        records.document("family-summary", "language=Korean&format=md"),
        headers=records.teacher.headers,
    )

    assert response.status_code == 200
    assert response.headers["x-translation"] == "unavailable"
    assert "could not be produced in Korean" in response.text
    assert "the translation model could not be reached" in response.text
