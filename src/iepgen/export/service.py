"""Exporting an IEP: who may, in which format, and the audit entry every export leaves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal, get_args

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.errors import NotFound
from iepgen.ieps.reading import current_body
from iepgen.ieps.service import get_accessible_iep
from iepgen.models import Student
from iepgen.students.assessments import repository as assessments
from iepgen.users.service import Actor

from . import docx, markdown, pdf
from .assemble import build_document, evidence_labels, file_stem
from .document import ExportDocument, printable_document
from .family_summary import build_family_summary, reading_grade

log = structlog.get_logger("iepgen.export")

ExportFormat = Literal["docx", "pdf", "md", "family"]
EXPORT_FORMATS: Final[tuple[str, ...]] = get_args(ExportFormat)
# Every assessment a document may cite; a student with more is far past any real caseload.
MAX_CITED_ASSESSMENTS: Final = 200

# format → (renderer, media type, file suffix)
_RENDERINGS: Final[dict[str, tuple[Callable[[ExportDocument], bytes], str, str]]] = {
    "docx": (docx.render_docx, docx.MEDIA_TYPE, ".docx"),
    "pdf": (pdf.render_pdf, pdf.MEDIA_TYPE, ".pdf"),
    "md": (markdown.render_markdown, markdown.MEDIA_TYPE, ".md"),
    "family": (pdf.render_pdf, pdf.MEDIA_TYPE, "-family-summary.pdf"),
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


async def export_iep(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    export_format: ExportFormat,
) -> ExportFile:
    """The IEP's current version as a document; NotFound unless the actor may see it."""
    iep = await get_accessible_iep(session, actor, iep_id)
    body = await current_body(session, iep)
    student = await session.get(Student, iep.student_id)
    if student is None:  # deleted between the two reads
        raise NotFound("IEP not found.")
    if export_format == "family":
        document = build_family_summary(body, student)
        log.info("iep.family_summary", iep_id=iep.id, reading_grade=reading_grade(document))
    else:
        cited, _ = await assessments.page(
            session, student.id, limit=MAX_CITED_ASSESSMENTS, offset=0
        )
        document = build_document(body, student, labels=evidence_labels(cited))
    document = printable_document(document)
    render, media_type, suffix = _RENDERINGS[export_format]
    # Laying out a long PDF takes a noticeable fraction of a second: keep the loop free.
    content = await asyncio.to_thread(render, document)
    await record(
        session,
        actor,
        "iep.export",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"format": export_format, "version": body.version},
    )
    log.info("iep.exported", iep_id=iep.id, format=export_format, bytes=len(content))
    return ExportFile(content=content, media_type=media_type, filename=file_stem(body) + suffix)
