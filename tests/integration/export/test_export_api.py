"""`GET /api/v1/ieps/{id}/export`: each format read back, the notices, access and the audit."""

from __future__ import annotations

import io
import re

import docx
import httpx
import pypdf
from docx.oxml.ns import qn

from iepgen.db import Database
from iepgen.generation.compliance import flesch_kincaid_grade
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS
from tests.factories import audit_actions, make_user, review_all_sections
from tests.integration.export.conftest import ExportRecords

SECTION_TITLES = [section["title"] for section in IDEA_STANDARD_SECTIONS]
DRAFT_NOTICE = (
    "DRAFT generated with assistance (offline, model offline-drafter). "
    "The IEP team must review and revise it before it is finalized."
)


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def _filename(response: httpx.Response) -> str:
    match = re.fullmatch(r'attachment; filename="([^"]+)"', response.headers["content-disposition"])
    assert match, response.headers["content-disposition"]
    return match.group(1)


async def test_docx_has_headings_goal_table_notice_and_page_numbers(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    response = await client.get(records.url("docx"), headers=records.teacher.headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert _filename(response) == f"2025-08-15_IEP_v1-draft_{records.code}.docx"
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # The IEP ends with its sections and the signatures: the staff review sheet is a file of
    # its own (part=staff-review), never pages of the IEP.
    assert headings == SECTION_TITLES
    assert "Staff review sheet" not in " ".join(p.text for p in document.paragraphs)
    paragraphs = [p.text for p in document.paragraphs]
    assert DRAFT_NOTICE in paragraphs
    headers = {t.rows[0].cells[0].text + "|" + t.rows[0].cells[-1].text: t for t in document.tables}
    goals = headers["No.|By"]
    assert [c.text for c in goals.rows[0].cells][:3] == ["No.", "Area", "Annual goal"]
    assert len(goals.rows) == 2  # the header and the one goal
    assert goals.rows[1].cells[1].text == "Reading"
    assert "90 words correct per minute" in goals.rows[1].cells[4].text
    services = headers["Type|To"]
    assert services.rows[1].cells[4].text == "45 each time"
    footer = document.sections[0].footer._element
    instructions = [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert records.iep_id[:8] not in document.sections[0].footer.paragraphs[0].text
    assert "DRAFT" in document.sections[0].header.paragraphs[0].text


async def test_pdf_text_holds_every_section_the_notice_and_page_numbers(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    response = await client.get(records.url("pdf"), headers=records.teacher.headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert _filename(response) == f"2025-08-15_IEP_v1-draft_{records.code}.pdf"
    text = _pdf_text(response.content)
    for title in SECTION_TITLES:
        assert title in text
    assert DRAFT_NOTICE in text
    assert "Maya Lopez" in text
    assert "IEP 2025-2026, version 1 · 1 / " in text
    assert records.iep_id[:8] not in text
    assert "Read 65 words correct per minute." in text


async def test_markdown_has_sections_tables_and_the_notice(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    response = await client.get(records.url("md"), headers=records.teacher.headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert _filename(response).endswith(".md")
    text = response.text
    assert text.startswith("# Individualized Education Program\n")
    assert f"> **{DRAFT_NOTICE}**" in text
    for title in SECTION_TITLES:
        assert f"\n## {title}\n" in text
    assert "| No. | Area | Annual goal | Baseline | Target | Measured by | By |" in text
    assert "| 1 | Reading | By June 5, 2026, given a grade-8 passage" in text


async def test_family_summary_is_plain_language_and_says_it_is_a_draft(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    english = await client.get(
        f"/api/v1/ieps/{records.iep_id}/documents/family-summary?language=en",
        headers=records.teacher.headers,
    )

    assert english.status_code == 200
    assert english.headers["content-type"] == "application/pdf"
    assert english.headers["content-language"] == "en"
    assert _filename(english) == f"2025-08-15_family-summary_v1-draft_{records.code}.pdf"
    text = _pdf_text(english.content)
    assert "This is a draft" in text
    assert "(offline, model offline-drafter)" in text
    assert "IEP team must check it" in text
    assert "Goal by June 5, 2026: 90 words correct per minute" in text
    assert "45 minutes each time" in text
    assert flesch_kincaid_grade(text) <= 8.0


async def test_export_family_is_the_summary_in_the_familys_language(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    response = await client.get(records.url("family"), headers=records.teacher.headers)

    assert response.status_code == 200
    assert response.headers["content-language"] == "es"
    assert _filename(response) == f"2025-08-15_family-summary-es_v1-draft_{records.code}.pdf"
    text = _pdf_text(response.content)
    assert text.index("Este es un borrador") < text.index("This is a draft")


async def test_a_final_iep_names_who_finalized_it_and_drops_the_draft_marks(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    headers = records.teacher.headers
    await review_all_sections(client, records.iep_id, headers)
    finalized = await client.post(f"/api/v1/ieps/{records.iep_id}/finalize", headers=headers)
    assert finalized.status_code == 200, finalized.text

    text = _pdf_text((await client.get(records.url("pdf"), headers=headers)).content)
    document = docx.Document(
        io.BytesIO((await client.get(records.url("docx"), headers=headers)).content)
    )

    assert re.search(r"Finalized by Jordan Ellis on \w+ \d+, \d{4}, \d+:\d\d [AP]M E[SD]T", text)
    assert "DRAFT" not in text
    paragraphs = " ".join(p.text for p in document.paragraphs)
    assert "Finalized by Jordan Ellis on" in paragraphs
    assert "DRAFT" not in paragraphs


async def test_another_teacher_gets_404_an_admin_may_export_anonymous_gets_401(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    other = await make_user(database, "teacher")
    admin = await make_user(database, "admin")

    for export_format in ("docx", "pdf", "md", "family"):
        foreign = await client.get(records.url(export_format), headers=other.headers)
        assert foreign.status_code == 404
        assert foreign.json() == {"detail": "IEP not found."}
    assert (await client.get(records.url("pdf"), headers=admin.headers)).status_code == 200
    assert (await client.get(records.url("pdf"))).status_code == 401
    unknown = await client.get(
        "/api/v1/ieps/00000000-0000-4000-8000-000000000000/export?format=pdf",
        headers=records.teacher.headers,
    )
    assert unknown.status_code == 404


async def test_unknown_or_missing_format_is_422_naming_the_parameter(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    for url in (records.url("xlsx"), f"/api/v1/ieps/{records.iep_id}/export"):
        response = await client.get(url, headers=records.teacher.headers)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "format"]


async def test_every_export_is_in_the_access_log_with_its_format(
    client: httpx.AsyncClient, database: Database, records: ExportRecords
) -> None:
    for export_format in ("md", "family"):
        response = await client.get(records.url(export_format), headers=records.teacher.headers)
        assert response.status_code == 200

    log = await client.get(
        f"/api/v1/students/{records.student_id}/access-log", headers=records.teacher.headers
    )
    exports = [e for e in log.json()["items"] if e["action"] in ("iep.export", "iep.document")]
    assert sorted(e["detail"]["format"] for e in exports) == ["md", "pdf"]
    family = next(e for e in exports if e["action"] == "iep.document")
    assert family["detail"]["kind"] == "family-summary"
    assert family["detail"]["language"] == "es"
    assert family["detail"]["translation"] == "offline"
    assert {e["entity_id"] for e in exports} == {records.iep_id}
    actions = await audit_actions(database, records.student_id)
    assert (actions.count("iep.export"), actions.count("iep.document")) == (1, 1)


async def test_the_staff_review_sheet_is_its_own_file_and_never_part_of_the_iep(
    client: httpx.AsyncClient, records: ExportRecords
) -> None:
    headers = records.teacher.headers
    sheet = await client.get(records.url("pdf") + "&part=staff-review", headers=headers)
    assert sheet.status_code == 200, sheet.text
    assert _filename(sheet) == f"2025-08-15_StaffReview_v1-draft_{records.code}.pdf"
    text = _pdf_text(sheet.content)
    assert "Staff review sheet (not part of the IEP)" in text
    assert "What the checker checked" in text
    assert "Participants and signatures" not in text
    iep = _pdf_text((await client.get(records.url("pdf"), headers=headers)).content)
    assert "Staff review sheet" not in iep and "What the checker checked" not in iep

    refused = await client.get(records.url("family") + "&part=staff-review", headers=headers)
    assert refused.status_code == 422
    assert "Part" in refused.text
