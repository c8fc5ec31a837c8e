"""Each job type described once: its request, payload, reference check, handler and title.

The API's submit endpoints, the web UI, the worker's handler registry and the self-check
all read these descriptions; adding a job type means adding one `JobDefinition` here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid
from iepgen.config import Settings
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.generation.handlers import GenerationHandlers
from iepgen.generation.provider import Provider
from iepgen.generation.requests import check_iep_request
from iepgen.ieps.service import get_accessible_iep
from iepgen.jobs.schemas import IEPGenerationRequest, JobType, SectionGenerationRequest
from iepgen.queue import Handler
from iepgen.students.service import (
    STUDENT_NOT_FOUND,
    ensure_not_archived,
    get_accessible_student,
)
from iepgen.templates.service import get_template
from iepgen.users.service import Actor

IEP_NOT_FOUND = "IEP not found."

# Raises NotFound/Conflict/InvalidInput unless the caller may run the job now; returns
# the student it concerns (for the audit log).
ReferenceCheck = Callable[[AsyncSession, Actor, dict[str, Any], Settings], Awaitable[str]]


@dataclass(frozen=True)
class JobDefinition:
    """What every layer needs to know about one job type."""

    job_type: JobType
    title: str  # how the web UI names a job of this type
    request: type[BaseModel]  # the body the API and the web form validate
    payload: Callable[[Any], dict[str, Any]]  # a valid request → the job's canonical payload
    check: ReferenceCheck
    handler: Callable[[Provider], Handler]  # the handler, given the process's provider


def _canonical_id(value: str, not_found: str) -> str:
    canonical = canonical_uuid(value)
    if canonical is None:
        raise NotFound(not_found)
    return canonical


def _iep_payload(body: IEPGenerationRequest) -> dict[str, Any]:
    """What the handler needs, in canonical form: equal requests give equal payloads."""
    payload: dict[str, Any] = {
        "student_id": _canonical_id(body.student_id, STUDENT_NOT_FOUND),
        "template_id": body.template_id,
        "academic_year": body.academic_year,
        "include_previous_ieps": body.include_previous_ieps,
        "include_assessments": body.include_assessments,
        "context": body.context,
    }
    # Optional parts only when given, so a request without them dedupes as before.
    if body.meeting_date is not None:
        payload["meeting_date"] = body.meeting_date.isoformat()
    if body.section_notes:
        payload["section_notes"] = dict(sorted(body.section_notes.items()))
    if body.goal_areas:
        payload["goal_areas"] = sorted(set(body.goal_areas))
    return payload


async def _check_iep(
    session: AsyncSession, actor: Actor, payload: dict[str, Any], settings: Settings
) -> str:
    student = await get_accessible_student(session, actor, str(payload.get("student_id")))
    ensure_not_archived(student)
    template = await get_template(session, str(payload.get("template_id")))
    # The meeting inside the IEP year, requested goal areas not marked "not a need".
    await check_iep_request(session, settings, student.id, template, payload)
    return student.id


def _section_payload(body: SectionGenerationRequest) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "iep_id": _canonical_id(body.iep_id, IEP_NOT_FOUND),
        "section_type": body.section_type,
        "context": body.context,
    }
    if body.base_version is not None:
        payload["base_version"] = body.base_version
    return payload


async def _check_section(
    session: AsyncSession, actor: Actor, payload: dict[str, Any], settings: Settings
) -> str:
    iep = await get_accessible_iep(session, actor, str(payload.get("iep_id")))
    template = await get_template(session, iep.template_id)
    section_type = payload.get("section_type")
    if section_type not in {section["section_type"] for section in template.sections}:
        raise InvalidInput(
            f"This IEP's template has no '{section_type}' section.", field=("section_type",)
        )
    if iep.status != "draft":
        raise Conflict("This IEP is final: its sections can no longer be regenerated.")
    base = payload.get("base_version")
    if isinstance(base, int) and base > iep.version:
        raise InvalidInput(
            f"base_version {base} is newer than the IEP (version {iep.version}).",
            field=("base_version",),
        )
    return iep.student_id


JOB_DEFINITIONS: Final[Mapping[JobType, JobDefinition]] = {
    definition.job_type: definition
    for definition in (
        JobDefinition(
            job_type=JobType.IEP_GENERATION,
            title="Drafting an IEP",
            request=IEPGenerationRequest,
            payload=_iep_payload,
            check=_check_iep,
            handler=lambda provider: GenerationHandlers(provider).generate_iep,
        ),
        JobDefinition(
            job_type=JobType.SECTION_GENERATION,
            title="Redrafting a section",
            request=SectionGenerationRequest,
            payload=_section_payload,
            check=_check_section,
            handler=lambda provider: GenerationHandlers(provider).regenerate_section,
        ),
    )
}


def definition_of(job_type: str) -> JobDefinition:
    """The description of a stored job's type; NotFound for a type this system never runs."""
    try:
        return JOB_DEFINITIONS[JobType(job_type)]
    except ValueError:
        raise NotFound(f"Unknown job type '{job_type}'.") from None
