"""Response and request bodies for IEP records, their versions and section edits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from iepgen.api.fields import IsoDate, LongText, OptionalLongText, printable_json
from iepgen.api.schemas import Paginated

_STUDENT_ID = "5f0c6d1e-8a54-4a8e-9a59-2b1f6f0f9b11"
_IEP_ID = "c2a4e6f8-1b3d-4f5a-9c7e-0d2f4a6b8c1e"
_TEACHER_ID = "0b7f2a43-2f7e-4d8a-8d0c-7b8d2f3e1a22"


class Finding(BaseModel):
    section_type: str
    rule: str
    severity: str = Field(description='"error" blocks finalizing; "warning" does not.')
    message: str


class CheckOut(BaseModel):
    check: str = Field(description="What was checked, in words.")
    errors: int = Field(ge=0, description="Findings of this check that block finalizing.")
    warnings: int = Field(ge=0)


class Compliance(BaseModel):
    passed: bool = Field(description="True when no finding has severity `error`.")
    findings: list[Finding]
    checked: list[str] = Field(
        default_factory=list, description="What the checker checked, in words."
    )
    checks: list[CheckOut] = Field(
        default_factory=list,
        description="Each check with how many errors and warnings it found (none: it passed).",
    )

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Compliance:
        findings = [Finding.model_validate(f) for f in stored.get("findings", [])]
        passed = bool(stored.get("passed", False)) and all(f.severity != "error" for f in findings)
        checked = [str(c) for c in stored.get("checked", [])]
        checks = [CheckOut.model_validate(c) for c in stored.get("checks", [])]
        return cls(passed=passed, findings=findings, checked=checked, checks=checks)


class IEPDatesOut(BaseModel):
    meeting_date: date | None = Field(description="The IEP meeting; the IEP runs from it.")
    start_date: date | None
    end_date: date | None = Field(description="One year from the meeting, less a day.")
    annual_review_due: date | None
    reevaluation_due: date | None = Field(
        description="Three years from the last evaluation, or the recorded date."
    )


class QuestionOut(BaseModel):
    """Something the record could not decide: the team answers it."""

    section_type: str
    topic: str
    question: str
    reason: str
    decide_by: date | None


class SectionOut(BaseModel):
    section_type: str
    title: str
    content: dict[str, Any] = Field(description="The section's structured content (docs/iep.md).")
    text: str = Field(description="The section as plain prose.")
    generated_by: str = Field(description='"offline", "gemini:<model>", "teacher:<username>"…')
    generated_at: datetime
    edited: bool
    reviewed_by: str | None = Field(
        default=None, description="Who marked the section reviewed (display name)."
    )
    reviewed_at: datetime | None = None


IEP_EXAMPLE: dict[str, Any] = {
    "id": _IEP_ID,
    "student_id": _STUDENT_ID,
    "template_id": "idea-standard",
    "academic_year": "2025-2026",
    "status": "draft",
    "version": 2,
    "sections": [
        {
            "section_type": "esy",
            "title": "Extended School Year",
            "content": {"needed": False, "rationale": "No significant regression expected."},
            "text": "Extended school year services: No. No significant regression expected.",
            "generated_by": "offline",
            "generated_at": "2026-09-01T14:05:00Z",
            "edited": False,
        }
    ],
    "compliance": {
        "passed": True,
        "findings": [
            {
                "section_type": "annual_goals",
                "rule": "observable_verbs",
                "severity": "warning",
                "message": "Goal 2 says 'understand' without a behaviour that can be observed.",
            }
        ],
    },
    "created_at": "2026-09-01T14:05:00Z",
    "updated_at": "2026-09-02T09:30:00Z",
    "finalized_at": None,
    "finalized_by": None,
    "finalized_by_name": None,
    "generated_with": {"provider": "offline", "model": "offline-drafter"},
    "draft_notice": "DRAFT written with the built-in drafter (no AI). "
    "The IEP team must review and revise it before it is finalized.",
    "final_notice": None,
    "dates": {
        "meeting_date": "2025-10-14",
        "start_date": "2025-10-14",
        "end_date": "2026-10-13",
        "annual_review_due": "2026-10-13",
        "reevaluation_due": "2028-09-15",
    },
    "questions_for_team": [
        {
            "section_type": "esy",
            "topic": "Extended school year",
            "question": "Does Maya need extended school year services? Collect progress "
            "data before and after the winter break and decide from it.",
            "reason": "The record holds no regression, recoupment or emerging-skill data.",
            "decide_by": "2026-04-15",
        }
    ],
    "decisions": {},
}


class IEPOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [IEP_EXAMPLE]})

    id: str
    student_id: str
    template_id: str
    academic_year: str
    status: Literal["draft", "final"]
    version: int
    sections: list[SectionOut]
    compliance: Compliance
    created_at: datetime
    updated_at: datetime
    finalized_at: datetime | None
    finalized_by: str | None = Field(description="Id of the user who finalized it.")
    finalized_by_name: str | None = Field(description="Name of the user who finalized it.")
    generated_with: dict[str, Any] = Field(description="Provider and model that drafted it.")
    draft_notice: str | None = Field(description="What a draft says about itself; null if final.")
    final_notice: str | None = Field(description="Who finalized it and when; null for a draft.")
    dates: IEPDatesOut = Field(description="The IEP's own period and due dates.")
    questions_for_team: list[QuestionOut] = Field(
        default_factory=list,
        description="What the record cannot decide, from every section, in document order.",
    )
    decisions: dict[str, Any] = Field(
        default_factory=dict,
        description="What the draft decided from the record, each with its evidence and "
        "reason (areas of need, goal measures, special factors, supports, placement, ESY).",
    )


class IEPPage(Paginated[IEPOut]):
    pass


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reviewed": True}]})

    reviewed: bool = Field(
        default=True, description="true: I have read this section as it stands; false: undo."
    )


class VersionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 2,
                    "change": "edited",
                    "changed_sections": ["annual_goals"],
                    "note": "Raised the fluency target after the team meeting.",
                    "created_by": _TEACHER_ID,
                    "created_at": "2026-09-02T09:30:00Z",
                    "compliance_passed": True,
                }
            ]
        }
    )

    version: int
    change: str = Field(
        description="generated | edited | regenerated | finalized | amended | restored"
    )
    changed_sections: list[str]
    note: str | None
    created_by: str | None
    created_at: datetime
    compliance_passed: bool
    amended_on: date | None = Field(
        default=None, description="An amendment's date (the meeting, or the written agreement)."
    )


class VersionPage(Paginated[VersionOut]):
    pass


class SectionEdit(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "content": {"needed": False, "rationale": "No regression over breaks."},
                    "note": "Team agreed ESY is not needed.",
                }
            ]
        },
    )

    content: dict[str, Any] = Field(
        description="The whole section, in its schema (docs/iep.md); it replaces what was there."
    )
    note: OptionalLongText = Field(default=None, description="Why it changed (version history).")

    @field_validator("content")
    @classmethod
    def _printable(cls, value: dict[str, Any]) -> dict[str, Any]:
        cleaned: dict[str, Any] = printable_json(value)
        return cleaned


class ProposalOut(BaseModel):
    """A regenerated section kept beside the IEP because it changed while the job ran."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    section_type: str
    title: str
    base_version: int = Field(description="The version the job drafted from.")
    found_version: int = Field(description="The version it found when it finished.")
    content: dict[str, Any]
    text: str
    generated_by: str
    job_id: str | None
    created_at: datetime


class ProposalList(BaseModel):
    items: list[ProposalOut]


class AmendmentIn(BaseModel):
    """Opening a final IEP for amendment (34 CFR §300.324(a)(4)-(6))."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "reason": "The team added speech-language therapy after the spring screening.",
                    "amended_on": "2026-03-02",
                }
            ]
        },
    )

    reason: LongText = Field(description="Why the IEP is amended (shown in its history).")
    amended_on: IsoDate = Field(
        description="The date of the amendment meeting or the written agreement without one: "
        "inside the IEP's period and not in the future."
    )


class RestoreIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"note": "Back to the team's wording."}]}
    )

    note: OptionalLongText = Field(default=None, description="Why (version history).")


class SectionComparisonOut(BaseModel):
    section_type: str
    title: str
    changed: bool
    removed: list[str] = Field(description="Lines of the earlier version that are gone.")
    added: list[str] = Field(description="Lines of the later version that are new.")


class ComparisonOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "iep_id": _IEP_ID,
                    "from_version": 1,
                    "to_version": 2,
                    "sections": [
                        {
                            "section_type": "esy",
                            "title": "Extended School Year",
                            "changed": True,
                            "removed": ["The team will decide whether ESY services are needed."],
                            "added": ["Extended school year services are not needed."],
                        }
                    ],
                }
            ]
        }
    )

    iep_id: str
    from_version: int
    to_version: int
    sections: list[SectionComparisonOut]
