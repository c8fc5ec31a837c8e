"""Progress data reach the IEP's exports: each goal's chart (drawn in the PDF, in words in
the DOCX and Markdown) and its data table, with every value."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import docx
import httpx
import pypdf

from iepgen.config import Settings
from iepgen.db import Database
from tests.integration.progress.support import FinalIEP, final_iep

VALUES = (55, 58.5, 61)


async def _with_points(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> FinalIEP:
    final = await final_iep(database, settings)
    for week, value in enumerate(VALUES):
        day = final.start + timedelta(weeks=week + 1)
        added = await client.post(
            final.goal_url(1),
            json={"measured_on": day.isoformat(), "value": value, "note": f"probe {week + 1}"},
            headers=final.teacher.headers,
        )
        assert added.status_code == 201, added.text
    return final


async def _export(client: httpx.AsyncClient, final: FinalIEP, export_format: str) -> bytes:
    response = await client.get(
        f"{final.url}/export", params={"format": export_format}, headers=final.teacher.headers
    )
    assert response.status_code == 200, response.text
    return response.content


async def test_the_pdf_draws_the_chart_and_prints_the_data_table(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    final = await _with_points(client, database, settings)
    reader = pypdf.PdfReader(io.BytesIO(await _export(client, final, "pdf")))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    assert "Progress toward the annual goals" in text
    assert "Goal 1 (reading): progress in words correct per minute" in text
    assert "Dashed line: aim line. Solid line: trend." in text
    assert "Data for goal 1" in text
    for value, note in zip(("55", "58.5", "61"), ("probe 1", "probe 2", "probe 3"), strict=True):
        assert value in text and note in text
    assert "Jordan Ellis" in text


async def test_the_docx_carries_the_data_table_and_the_chart_in_words(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    final = await _with_points(client, database, settings)
    document = docx.Document(io.BytesIO(await _export(client, final, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Progress toward the annual goals" in headings
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("3 checks from ") and "aim line runs from" in p for p in paragraphs)
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Date"]
    assert [c.text for c in table.rows[0].cells] == [
        "Date",
        "Value (words correct per minute)",
        "Note",
        "Entered by",
    ]
    assert [row.cells[1].text for row in table.rows[1:]] == ["55", "58.5", "61"]


async def test_an_iep_without_progress_data_has_no_progress_section(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    final = await final_iep(database, settings)
    text = (await _export(client, final, "md")).decode()
    assert "Progress toward the annual goals" not in text
