"""Exporting an IEP: who may, in which format, and the audit entry every export leaves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal, get_args

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.documents.service import audit, family_document, load_context, render
from iepgen.errors import InvalidInput
from iepgen.progress.reports import goal_data
from iepgen.translation.model import Translator
from iepgen.users.service import Actor

from . import docx, markdown, pdf
from .assemble import build_document, build_staff_review, evidence_labels_of
from .names import file_name
from .progress_blocks import progress_section

log = structlog.get_logger("iepgen.export")

ExportFormat = Literal["docx", "pdf", "md", "family"]
EXPORT_FORMATS: Final[tuple[str, ...]] = get_args(ExportFormat)
# The IEP itself, or the staff review sheet that goes with a draft (a file of its own).
ExportPart = Literal["iep", "staff-review"]

# format → (media type, file extension)
_FORMATS: Final[dict[str, tuple[str, str]]] = {
    "docx": (docx.MEDIA_TYPE, "docx"),
    "pdf": (pdf.MEDIA_TYPE, "pdf"),
    "md": (markdown.MEDIA_TYPE, "md"),
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str
    language: str = "en"


async def export_iep(
    session: AsyncSession,
    database: Database,
    actor: Actor,
    settings: Settings,
    iep_id: str,
    export_format: ExportFormat,
    translator: Translator | None = None,
    part: ExportPart = "iep",
) -> ExportFile:
    """The IEP's current version as a document; NotFound unless the actor may see it.

    `family` is the family summary in the family's language (PDF), as
    `/documents/family-summary` gives it.
    """
    if export_format == "family" and part == "staff-review":
        raise InvalidInput(
            "Part: the staff review sheet is a docx, pdf or md file, not a family summary.",
            field=("query", "part"),
        )
    if export_format == "family":
        made = await family_document(
            session, database, actor, settings, translator, iep_id, "family-summary", "pdf", None
        )
        return ExportFile(made.content, made.media_type, made.filename, made.language)
    iep, context = await load_context(session, actor, settings, iep_id)
    document = (
        build_staff_review(context.iep, context.student)
        if part == "staff-review"
        else build_document(
            context.iep,
            context.student,
            labels=evidence_labels_of(context.assessments),
            meeting=context.meeting,
            case_manager=context.case_manager_name,
            zone=settings.school_timezone,
        )
    )
    # The IEP's own file carries each goal's progress; the staff review sheet does not.
    progress = progress_section(await goal_data(session, iep)) if part == "iep" else None
    if progress is not None:
        document = replace(document, sections=(*document.sections, progress))
    content = await render(document, export_format)
    await audit(
        database,
        actor,
        iep,
        "iep.export",
        {"format": export_format, "part": part, "version": context.iep.version},
    )
    log.info("iep.exported", iep_id=iep.id, format=export_format, part=part, bytes=len(content))
    media_type, extension = _FORMATS[export_format]
    kind = "StaffReview" if part == "staff-review" else "IEP"
    return ExportFile(content, media_type, file_name(context.iep, kind, extension))
