"""Family and team documents read back from DOCX and PDF: content, language, marks."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import docx
import httpx
import pypdf
from docx.oxml.ns import qn

from iepgen.db import Database
from iepgen.generation.compliance import flesch_kincaid_grade
from iepgen.models import Student
from iepgen.translation.readability import PLAIN_SPANISH, fernandez_huerta
from tests.factories import make_user, review_all_sections
from tests.integration.export.conftest import ExportRecords

MEETING: dict[str, Any] = {
    "start_time": "15:30",
    "end_time": "16:30",
    "location": "Room 204",
    "contact": {
        "name": "Jordan Ellis",
        "role": "Case manager",
        "phone": "555-0142",
        "email": "jellis@district.example",
    },
    "participants": [
        {"role": "parent", "name": "Rosa López", "attended": True, "agreement": "agree"},
        {
            "role": "general_education_teacher",
            "name": "Sam Rivera",
            "title": "English 8",
            "attended": True,
            "agreement": "agree",
        },
        {"role": "case_manager", "name": "Jordan Ellis", "attended": True},
    ],
}


def pdf_pages(content: bytes) -> list[str]:
    return [
        re.sub(r"\s+", " ", page.extract_text())
        for page in pypdf.PdfReader(io.BytesIO(content)).pages
    ]


def pdf_text(content: bytes) -> str:
    return " ".join(pdf_pages(content))


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def _family_record(database: Database, records: ExportRecords) -> None:
    async with database.transaction() as session:
        student = await session.get(Student, records.student_id)
        assert student is not None
        student.parent_guardian_names = ["Rosa López"]
        student.strengths = "Strong visual memory; persistent."
        student.parent_concerns = "Reading homework takes hours."


async def test_the_family_summary_is_in_spanish_then_english_with_the_notices(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    await _family_record(database, records)
    headers = records.teacher.headers
    assert (await client.put(records.meeting, json=MEETING, headers=headers)).status_code == 200

    response = await client.get(records.document("family-summary"), headers=headers)

    assert response.status_code == 200
    assert response.headers["content-language"] == "es"
    assert response.headers["x-translation"] == "offline"
    text = pdf_text(response.content)
    spanish, _, english = text.partition("Original en inglés / English original")
    assert spanish.startswith("Resumen en BORRADOR: el equipo del IEP debe revisarlo Traducción")
    assert "Traducción hecha por computadora: pida a un traductor calificado" in spanish
    assert "Machine-drafted translation — have it reviewed by a qualified translator." in spanish
    assert "El IEP de Maya: un resumen para su familia" in spanish
    assert "Meta para el 5 de junio de 2026: 90 palabras correctas por minuto." in spanish
    assert "5 veces por semana, 45 minutos cada vez" in spanish
    assert "Padres o tutores Rosa López" in spanish
    assert "Jordan Ellis, Coordinador o coordinadora del caso, teléfono 555-0142" in spanish
    # What the record wrote in English is marked, never passed off as Spanish.
    assert "«Strong visual memory; persistent.» (en inglés, sin traducir)" in spanish
    assert "Maya's IEP: a summary for your family" in english
    assert "Goal by June 5, 2026: 90 words correct per minute." in english
    assert fernandez_huerta(spanish.split("Sobre Maya", 1)[1]) >= PLAIN_SPANISH

    word = await client.get(records.document("family-summary", "format=docx"), headers=headers)
    document = docx.Document(io.BytesIO(word.content))
    languages = {lang.get(qn("w:val")) for lang in document.element.body.iter(qn("w:lang"))}
    assert languages == {"es-US", "en-US"}
    assert "El IEP de Maya: un resumen para su familia" in docx_text(word.content)


async def test_the_english_summary_keeps_a_plain_reading_level(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    await _family_record(database, records)
    response = await client.get(
        records.document("family-summary", "language=en"), headers=records.teacher.headers
    )

    text = pdf_text(response.content)
    assert response.headers["x-translation"] == "original"
    assert "Machine-drafted" not in text
    assert "What Maya does well: Strong visual memory; persistent." in text
    assert flesch_kincaid_grade(text) <= 8.0


async def test_a_language_the_build_cannot_translate_says_so(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    response = await client.get(
        records.document("family-summary", "language=Tagalog&format=md"),
        headers=records.teacher.headers,
    )

    assert response.status_code == 200
    assert response.headers["x-translation"] == "unavailable"
    assert response.headers["content-language"] == "en"
    text = response.text
    assert "This document could not be produced in Tagalog" in text
    assert "This is the English original, not a translation." in text
    assert "Machine-drafted translation" not in text


async def test_prior_written_notice_has_the_parts_of_300_503(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    await _family_record(database, records)
    headers = records.teacher.headers
    for document_format, read in (("pdf", pdf_text), ("docx", docx_text)):
        response = await client.get(
            records.document("prior-written-notice", f"format={document_format}"), headers=headers
        )
        assert response.status_code == 200
        text = read(response.content)
        for heading in (
            "1. Lo que la escuela propone",
            "2. Por qué la escuela lo propone",
            "3. Otras opciones consideradas y por qué no se eligieron",
            "4. Lo que la escuela usó para decidir",
            "5. Otros factores",
            "6. Sus derechos",
            "1. What the school proposes",
            "6. Your rights",
        ):
            assert heading in text, (document_format, heading)
        assert "Woodcock-Johnson IV Tests of Achievement (15 de septiembre de 2025)" in text
        assert "garantías procesales" in text
        assert "Reading homework takes hours." in text


async def test_the_invitation_needs_the_meeting_then_says_when_where_and_who(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    headers = records.teacher.headers
    missing = await client.get(records.document("meeting-invitation"), headers=headers)
    assert missing.status_code == 409
    assert "Record the meeting's time and place first" in missing.json()["detail"]
    assert (await client.put(records.meeting, json=MEETING, headers=headers)).status_code == 200

    response = await client.get(records.document("meeting-invitation"), headers=headers)

    text = pdf_text(response.content)
    assert "Invitación a una reunión del IEP" in text
    assert "de 3:30 p. m. a 4:30 p. m." in text
    assert "3:30 p.m. to 4:30 p.m." in text
    assert "Padre, madre o tutor Rosa López" in text
    assert "Si necesita un intérprete, la escuela lo conseguirá" in text
    assert "☐ Asistiré." in text


async def test_the_iep_is_meeting_ready(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    await _family_record(database, records)
    headers = records.teacher.headers
    await client.put(records.meeting, json=MEETING, headers=headers)

    pdf = await client.get(records.url("pdf"), headers=headers)
    word = await client.get(records.url("docx"), headers=headers)

    pages = pdf_pages(pdf.content)
    assert records.iep_id[:6] not in pages[0]
    assert "Parents or guardians Rosa López" in pages[0]
    assert "Case manager Jordan Ellis, Case manager, phone 555-0142" in pages[0]
    signed = next(i for i, page in enumerate(pages) if "Participants and signatures" in page)
    assert "General education teacher (English 8) Sam Rivera Yes Agrees" in pages[signed]
    # The signatures end the IEP (the staff review sheet is a file of its own), and every
    # page names the student.
    assert signed == len(pages) - 1
    assert not any("Staff review sheet" in page for page in pages)
    assert all("Maya Lopez · IEP" in page for page in pages)
    for header in ("Frequency", "Minutes", "Location", "Provider"):
        assert re.search(rf"\b{header}\b", " ".join(pages)), header
    document = docx.Document(io.BytesIO(word.content))
    services = next(t for t in document.tables if t.rows[0].cells[0].text == "Type")
    assert [c.text for c in services.rows[0].cells][3:5] == ["Frequency", "Minutes"]
    layout = services._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"
    signatures = document.tables[-1]
    assert [c.text for c in signatures.rows[0].cells] == [
        "Role",
        "Name",
        "Attended",
        "Agreement",
        "Signature",
        "Date",
    ]


async def test_meeting_record_refuses_bad_input_naming_the_field(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    headers = records.teacher.headers
    cases = [
        ({"start_time": "3:30pm"}, ["body", "start_time"]),
        ({"start_time": "15:30", "end_time": "15:00"}, ["body", "end_time"]),
        (
            {"participants": [{"role": "parent", "name": "R", "agreement": "agree"}]},
            ["body", "participants", 0, "agreement"],
        ),
        (
            {"participants": [{"role": "parent", "name": "R", "consent_on": "2025-01-02"}]},
            ["body", "participants", 0, "consent_on"],
        ),
        ({"meeting_date": "2025-09-01"}, ["body", "meeting_date"]),
        ({"location": "Room 1", "colour": "blue"}, ["body", "colour"]),
    ]
    for body, loc in cases:
        response = await client.put(records.meeting, json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"] == loc, body
    other = await make_user(database, "teacher")
    assert (await client.put(records.meeting, json={}, headers=other.headers)).status_code == 404
    assert (await client.get(records.meeting, headers=headers)).status_code == 404
    await review_all_sections(client, records.iep_id, headers)
    assert (
        await client.post(f"/api/v1/ieps/{records.iep_id}/finalize", headers=headers)
    ).status_code == 200
    final = await client.put(records.meeting, json=MEETING, headers=headers)
    assert final.status_code == 409


async def test_teachers_get_one_page_and_their_receipt_records_the_version(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    headers = records.teacher.headers
    base = f"/api/v1/ieps/{records.iep_id}/teachers"
    added = await client.post(
        base,
        json={"teacher_name": "Sam Rivera", "class_name": "English 8", "areas": ["reading"]},
        headers=headers,
    )
    assert added.status_code == 201
    teacher = added.json()
    assert teacher["has_current_version"] is False

    page = await client.get(f"{base}/{teacher['id']}/at-a-glance", headers=headers)
    pages = pdf_pages(page.content)
    assert len(pages) == 1
    assert "IEP at a glance" in pages[0]
    assert "Text-to-speech for long readings." in pages[0]
    assert "Goal by June 5, 2026: 90 words correct per minute." in pages[0]
    assert "English 8" in pages[0]

    received = await client.post(f"{base}/{teacher['id']}/receipts", headers=headers)
    assert received.status_code == 201
    body = received.json()
    assert body["has_current_version"] is True
    assert body["receipts"][0]["iep_version"] == 1
    assert body["receipts"][0]["recorded_by"] == "Jordan Ellis"
    assert (await client.delete(f"{base}/{teacher['id']}", headers=headers)).status_code == 409
    bad = await client.post(
        base, json={"teacher_name": "X", "class_name": "Y", "areas": ["art"]}, headers=headers
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][:2] == ["body", "areas"]


HOSTILE = "Line\u000bbreak \u0007bell 😀 مرحبا بالعالم עברית " + "Supercalifragilistic" * 40


async def test_hostile_text_in_any_field_never_breaks_an_export(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    async with database.transaction() as session:
        student = await session.get(Student, records.student_id)
        assert student is not None
        student.strengths = HOSTILE
        student.parent_concerns = HOSTILE
        student.school = "Escuela \u000c" + "W" * 150
        student.parent_guardian_names = ["ليلى حداد", "Zoë 😀"]
    headers = records.teacher.headers
    meeting = {**MEETING, "location": "Room\u0007 " + "Z" * 180, "remote_access": HOSTILE}
    meeting["participants"] = [{"role": "other", "name": "נועה כהן", "title": "W" * 180}]
    assert (await client.put(records.meeting, json=meeting, headers=headers)).status_code == 200
    urls = [records.url(f) for f in ("pdf", "docx", "md", "family")]
    for kind in ("family-summary", "prior-written-notice", "meeting-invitation"):
        urls += [records.document(kind, f"format={f}") for f in ("pdf", "docx", "md")]
    for url in urls:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, url
        if "format=md" in url:
            assert "\x0b" not in response.text and "\x07" not in response.text
    word = await client.get(records.url("docx"), headers=headers)
    assert "ليلى حداد" in docx_text(word.content)


async def test_a_right_to_left_translation_is_word_only_and_names_the_format(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    response = await client.get(
        records.document("family-summary", "language=Arabic"), headers=records.teacher.headers
    )
    # Offline there is no Arabic at all: the English original, said plainly.
    assert response.status_code == 200
    assert response.headers["x-translation"] == "unavailable"
    assert "could not be produced in Arabic" in pdf_text(response.content)


def _translating_responder(prefix: str) -> Any:
    from tests.fakes import openai_server as fake

    def respond(payload: Any) -> Any:
        prompt = "\n".join(m["content"] for m in payload["messages"] if m["role"] == "user")
        segments = json.loads(prompt.split("# Segments to translate\n", 1)[1])["segments"]
        return fake.success(
            {"translations": [{"id": s["id"], "text": f"{prefix} {s['text']}"} for s in segments]}
        )

    return respond
