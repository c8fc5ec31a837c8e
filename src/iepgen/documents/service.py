"""Family and team documents of an IEP: who may, which language, which format, the audit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.errors import InvalidInput, NotFound
from iepgen.export import docx, markdown, pdf
from iepgen.export.document import ExportDocument, printable_document
from iepgen.export.names import file_name
from iepgen.generation.inputs import student_facts
from iepgen.ieps import repository as iep_rows
from iepgen.ieps.reading import current_body
from iepgen.ieps.service import get_accessible_iep
from iepgen.meetings.service import meeting_of
from iepgen.models import IEP, Student
from iepgen.students.assessments import repository as assessment_rows
from iepgen.translation.languages import Language, family_language, resolve
from iepgen.translation.model import Translator
from iepgen.translation.service import Audience, Produced, produce
from iepgen.translation.text import LocalDocument
from iepgen.users.service import Actor

from .context import Assessment, DocumentContext
from .family_summary import build_family_summary
from .invitation import build_invitation
from .prior_notice import build_prior_notice

log = structlog.get_logger("iepgen.documents")

DocumentKind = Literal["family-summary", "prior-written-notice", "meeting-invitation"]
DOCUMENT_KINDS: Final[tuple[str, ...]] = get_args(DocumentKind)
DocumentFormat = Literal["pdf", "docx", "md"]
MAX_CITED: Final = 200
# What documents print for a case manager whose account holds no full name: visible, so the
# administrator adds it, and never the login name.
UNNAMED_CASE_MANAGER: Final = "Name not recorded"

BUILDERS: Final[dict[str, Callable[[DocumentContext], LocalDocument]]] = {
    "family-summary": build_family_summary,
    "prior-written-notice": build_prior_notice,
    "meeting-invitation": build_invitation,
}
RENDERINGS: Final[dict[str, tuple[Callable[[ExportDocument], bytes], str]]] = {
    "pdf": (pdf.render_pdf, pdf.MEDIA_TYPE),
    "docx": (docx.render_docx, docx.MEDIA_TYPE),
    "md": (markdown.render_markdown, markdown.MEDIA_TYPE),
}


class LayoutUnsupported(InvalidInput):
    """A format that cannot lay out the language asked for (right-to-left text in a PDF)."""


@dataclass(frozen=True)
class DocumentFile:
    content: bytes
    media_type: str
    filename: str
    language: str
    translation: str  # original | offline | offline+model | model | unavailable


async def load_context(
    session: AsyncSession, actor: Actor, settings: Settings, iep_id: str
) -> tuple[IEP, DocumentContext]:
    """The IEP (NotFound unless the actor may see it) and what its documents are built from."""
    iep = await get_accessible_iep(session, actor, iep_id)
    body = await current_body(session, iep)
    student = await session.get(Student, iep.student_id)
    if student is None:  # deleted between the two reads
        raise NotFound("IEP not found.")
    names = await iep_rows.full_names(session, {student.case_manager_id})
    cited, _ = await assessment_rows.page(session, student.id, limit=MAX_CITED, offset=0)
    earlier, _ = await iep_rows.page(
        session,
        case_manager_id=None,
        student_id=student.id,
        status=None,
        limit=MAX_CITED,
        offset=0,
    )
    language = family_language(student.document_language, student.primary_language)
    context = DocumentContext(
        iep=body,
        student=student,
        facts=student_facts(student),
        meeting=await meeting_of(session, iep),
        case_manager_name=names.get(student.case_manager_id, UNNAMED_CASE_MANAGER),
        today=settings.school_today(),
        age_of_majority=settings.age_of_majority,
        timezone=settings.school_timezone,
        language=None if language.is_english else language.english_name,
        assessments={a.id: Assessment(a.name, a.administered_on) for a in cited},
        previous_iep_ids=frozenset(i.id for i in earlier if i.id != iep.id),
    )
    return iep, context


def requested_language(context: DocumentContext, language: str | None) -> Language:
    """The language asked for, else the family's (document language, else primary)."""
    if language:
        return resolve(language)
    student = context.student
    return family_language(student.document_language, student.primary_language)


async def audit(
    database: Database, actor: Actor, iep: IEP, action: str, detail: dict[str, Any]
) -> None:
    """The access-log entry of a document, in its own short write transaction: the request
    reads in a read-only unit of work, so a translation model's own writes (its disclosure
    entry, the response cache) never wait on the request's lock (SQLite)."""
    async with database.transaction() as session:
        await record(
            session,
            actor,
            action,
            student_id=iep.student_id,
            entity_type="iep",
            entity_id=iep.id,
            detail=detail,
        )


async def family_document(
    session: AsyncSession,
    database: Database,
    actor: Actor,
    settings: Settings,
    translator: Translator | None,
    iep_id: str,
    kind: DocumentKind,
    document_format: DocumentFormat,
    language: str | None,
) -> DocumentFile:
    started = time.perf_counter()
    iep, context = await load_context(session, actor, settings, iep_id)
    requested = requested_language(context, language)
    local = BUILDERS[kind](context)
    produced = await produce(
        local, requested, Audience(context.facts, context.people()), translator
    )
    if document_format == "pdf" and produced.document.right_to_left:
        raise LayoutUnsupported(
            f"{requested.english_name} is written right to left, which the PDF renderer cannot "
            "lay out; ask for format=docx (Word lays it out)",
            field=("format",),
        )
    content = await render(produced.document, document_format)
    await audit(
        database,
        actor,
        iep,
        "iep.document",
        {
            "kind": kind,
            "format": document_format,
            "language": produced.language,
            "translation": produced.method,
            "version": context.iep.version,
        },
    )
    log.info(
        "iep.document",
        iep_id=iep.id,
        kind=kind,
        format=document_format,
        language=produced.language,
        requested=requested.code,
        translation=produced.method,
        untranslated=produced.untranslated,
        bytes=len(content),
        ms=round((time.perf_counter() - started) * 1000, 1),
    )
    return DocumentFile(
        content=content,
        media_type=RENDERINGS[document_format][1],
        filename=file_name(
            context.iep, kind, document_format, language=produced.language, day=None
        ),
        language=produced.language,
        translation=produced.method,
    )


async def render(document: ExportDocument, document_format: str) -> bytes:
    renderer, _ = RENDERINGS[document_format]
    # Laying out a PDF takes a noticeable fraction of a second: keep the loop free.
    return await asyncio.to_thread(renderer, printable_document(document))


__all__ = ["DOCUMENT_KINDS", "DocumentFile", "Produced", "family_document", "load_context"]
