"""Stored rows to the IEP body of docs/api.md (current version or any earlier one)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from iepgen.ieps.notices import draft_notice, final_notice
from iepgen.ieps.schemas import (
    Compliance,
    IEPDatesOut,
    IEPOut,
    QuestionOut,
    SectionOut,
    VersionOut,
)
from iepgen.models import IEP, IEPSection, IEPVersion


def section_out(section: IEPSection, names: dict[str, str] | None = None) -> SectionOut:
    reviewer = section.reviewed_by
    return SectionOut(
        section_type=section.section_type,
        title=section.title,
        content=section.content,
        text=section.text,
        generated_by=section.generated_by,
        generated_at=section.generated_at,
        edited=section.edited,
        reviewed_by=(names or {}).get(reviewer, "a former user") if reviewer else None,
        reviewed_at=section.reviewed_at if reviewer else None,
    )


def questions_of(sections: list[IEPSection]) -> list[QuestionOut]:
    """Every section's questions for the team, in document order."""
    found: list[QuestionOut] = []
    for section in sections:
        for raw in section.content.get("questions_for_team") or []:
            if isinstance(raw, dict) and raw.get("question"):
                found.append(
                    QuestionOut(
                        section_type=section.section_type,
                        topic=str(raw.get("topic") or section.title),
                        question=str(raw["question"]),
                        reason=str(raw.get("reason") or ""),
                        decide_by=raw.get("decide_by"),
                    )
                )
    return found


def dates_of(iep: IEP) -> IEPDatesOut:
    return IEPDatesOut(
        meeting_date=iep.meeting_date,
        start_date=iep.start_date,
        end_date=iep.end_date,
        annual_review_due=iep.annual_review_due,
        reevaluation_due=iep.reevaluation_due,
    )


def iep_out(
    iep: IEP,
    sections: list[IEPSection],
    *,
    finalized_by_name: str | None,
    as_of: IEPVersion | None = None,
    names: dict[str, str] | None = None,
) -> IEPOut:
    """The IEP as it is now, or as it was at version `as_of`."""
    compliance: dict[str, Any] = iep.compliance
    version, status, updated_at = iep.version, iep.status, iep.updated_at
    finalized_at: datetime | None = iep.finalized_at
    if as_of is not None:
        compliance, version, updated_at = as_of.compliance, as_of.version, as_of.created_at
        # Only the version that finalized the IEP (never an earlier draft) reads as final.
        status = "final" if as_of.change == "finalized" else "draft"
    is_final = status == "final"
    if not is_final:
        finalized_at = None
    return IEPOut(
        id=iep.id,
        student_id=iep.student_id,
        template_id=iep.template_id,
        academic_year=iep.academic_year,
        status="final" if is_final else "draft",
        version=version,
        sections=[section_out(s, names) for s in sections],
        compliance=Compliance.of(compliance),
        created_at=iep.created_at,
        updated_at=updated_at,
        finalized_at=finalized_at,
        finalized_by=iep.finalized_by if is_final else None,
        finalized_by_name=finalized_by_name if is_final else None,
        generated_with=iep.generated_with,
        draft_notice=None if is_final else draft_notice(iep.generated_with),
        final_notice=final_notice(finalized_by_name, finalized_at)
        if is_final and finalized_at is not None
        else None,
        dates=dates_of(iep),
        questions_for_team=questions_of(sections),
        decisions=iep.decisions or {},
    )


def version_out(version: IEPVersion) -> VersionOut:
    return VersionOut(
        version=version.version,
        change=version.change,
        changed_sections=version.changed_sections,
        note=version.note,
        created_by=version.created_by,
        created_at=version.created_at,
        compliance_passed=Compliance.of(version.compliance).passed,
        amended_on=version.amended_on,
    )
