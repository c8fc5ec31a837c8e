"""Request and response bodies of `/api/v1/jobs` (docs/api.md "Jobs")."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from iepgen.api.fields import IsoDate, StrictBool, storable_text, today_utc
from iepgen.api.schemas import Paginated
from iepgen.generation.inputs import MAX_CONTEXT_CHARS
from iepgen.models import Job, JobStatus
from iepgen.sections.base import Area
from iepgen.templates.builtin import IDEA_STANDARD_ID, SectionType


class JobType(StrEnum):
    """The kinds of job the API accepts; each is described once in `jobs.definitions`."""

    IEP_GENERATION = "iep_generation"
    SECTION_GENERATION = "section_generation"


# An academic year this far from today is a typo, not a plan (spec: `YYYY-YYYY`).
YEARS_BACK = 10
YEARS_AHEAD = 5

EXAMPLE_JOB_ID = "6a3f1f0e-4c1b-4d7e-9a51-0f2f8c9d1e21"
EXAMPLE_USER_ID = "0b7f2a43-2f7e-4d8a-8d0c-7b8d2f3e1a22"
EXAMPLE_STUDENT_ID = "5f0c6d1e-8a54-4a8e-9a59-2b1f6f0f9b11"
EXAMPLE_IEP_ID = "9d2e4b7a-1c3f-4e5a-8b6d-7f0a1b2c3d4e"


def as_utc(value: datetime) -> datetime:
    """A timezone-aware datetime in UTC; a naive one is refused (it is always a bug)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must carry a timezone")
    return value.astimezone(UTC)


UTCDateTime = Annotated[datetime, AfterValidator(as_utc)]

EntityId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    AfterValidator(storable_text),
]
TemplateId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    AfterValidator(storable_text),
]
Priority = Annotated[int, Field(ge=1, le=10, strict=True, description="1-10; higher runs first.")]


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


ContextText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_CONTEXT_CHARS),
    AfterValidator(storable_text),
]
CaseManagerContext = Annotated[
    ContextText | None,
    BeforeValidator(_blank_to_none),
    Field(
        description=f"Extra instructions from the case manager (at most {MAX_CONTEXT_CHARS} "
        "characters)."
    ),
]


SectionNote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(storable_text),
]


def _check_academic_year(value: str) -> str:
    first, _, second = value.partition("-")
    if not (len(first) == 4 and first.isdigit() and len(second) == 4 and second.isdigit()):
        raise ValueError("must look like 2025-2026")
    if int(second) != int(first) + 1:
        raise ValueError("must be two consecutive years, like 2025-2026")
    this_year = today_utc().year
    if not this_year - YEARS_BACK <= int(first) <= this_year + YEARS_AHEAD:
        raise ValueError(
            f"must start between {this_year - YEARS_BACK} and {this_year + YEARS_AHEAD}"
        )
    return value


AcademicYear = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=9, max_length=9),
    AfterValidator(_check_academic_year),
]


class IEPGenerationRequest(BaseModel):
    """Draft a whole IEP for one student and academic year."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "student_id": EXAMPLE_STUDENT_ID,
                    "template_id": IDEA_STANDARD_ID,
                    "academic_year": "2025-2026",
                    "include_previous_ieps": True,
                    "include_assessments": True,
                    "priority": 8,
                    "context": "Keep the language plain; report progress monthly.",
                    "meeting_date": "2025-10-14",
                    "section_notes": {
                        "accommodations": "The family asked that tests be given in the morning."
                    },
                    "goal_areas": ["reading"],
                }
            ]
        },
    )

    student_id: EntityId = Field(description="A student on the caller's caseload.")
    template_id: TemplateId = IDEA_STANDARD_ID
    academic_year: AcademicYear = Field(description="`YYYY-YYYY`, two consecutive years.")
    include_previous_ieps: StrictBool = True
    include_assessments: StrictBool = True
    priority: Priority = 5
    context: CaseManagerContext = Field(
        default=None,
        description=f"Drafting instructions (at most {MAX_CONTEXT_CHARS} characters): they steer "
        "the draft, are kept with the job, and are never copied into the IEP.",
    )
    meeting_date: IsoDate | None = Field(
        default=None,
        description="The IEP meeting, inside `academic_year`; the IEP runs from it for one "
        "year. Default: today in the school's time zone (or the year's first day when today "
        "is outside it).",
    )
    section_notes: dict[SectionType, SectionNote] = Field(
        default_factory=dict,
        description="Notes meant for the IEP itself, by section type; printed as the "
        "section's team notes.",
    )
    goal_areas: list[Area] = Field(
        default_factory=list,
        max_length=11,
        description="Areas the team wants goals in. An area whose assessment is recorded as "
        "not a need is refused (422); one with no data gets a goal whose baseline is still to "
        "be measured.",
    )


class SectionGenerationRequest(BaseModel):
    """Regenerate one section of a draft IEP."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "iep_id": EXAMPLE_IEP_ID,
                    "section_type": "annual_goals",
                    "context": "Add a goal for written expression.",
                    "priority": 5,
                }
            ]
        },
    )

    iep_id: EntityId = Field(description="A draft IEP of a student on the caller's caseload.")
    section_type: SectionType = Field(description="A section of the IEP's template.")
    context: CaseManagerContext = None
    priority: Priority = 5
    base_version: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="The IEP version you are looking at. If the IEP changes before the new "
        "section is ready, it is kept as a proposal beside the change instead of over it.",
    )


class JobProgress(BaseModel):
    completed_sections: int = Field(ge=0)
    total_sections: int = Field(ge=0)


class JobError(BaseModel):
    """Why a job failed, in words a teacher can act on."""

    type: str
    message: str


class JobOut(BaseModel):
    """A job as every endpoint of `/api/v1/jobs` returns it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": EXAMPLE_JOB_ID,
                    "job_type": "iep_generation",
                    "status": "completed",
                    "priority": 8,
                    "attempts": 1,
                    "max_attempts": 4,
                    "progress": {"completed_sections": 11, "total_sections": 11},
                    "result": {
                        "iep_id": EXAMPLE_IEP_ID,
                        "llm_calls": 11,
                        "prompt_tokens": 0,
                        "output_tokens": 0,
                        "cache_hits": 0,
                        "provider": "offline",
                        "model": "offline",
                    },
                    "error": None,
                    "deduplicated": False,
                    "cancel_requested": False,
                    "created_by": EXAMPLE_USER_ID,
                    "created_at": "2026-03-01T14:05:00Z",
                    "started_at": "2026-03-01T14:05:01Z",
                    "completed_at": "2026-03-01T14:05:09Z",
                    "updated_at": "2026-03-01T14:05:09Z",
                    "run_after": "2026-03-01T14:05:00Z",
                    "retry_of": None,
                }
            ]
        }
    )

    id: str
    job_type: str = Field(description="`iep_generation` or `section_generation`.")
    status: JobStatus
    priority: int
    attempts: int = Field(ge=0)
    max_attempts: int = Field(ge=0)
    progress: JobProgress
    result: dict[str, Any] | None = Field(
        description="On completion: `iep_id` (section jobs also `section_type`) and usage."
    )
    error: JobError | None = Field(description="On failure: what happened and what to do.")
    deduplicated: bool = Field(
        description="True when this submission returned an identical job already queued."
    )
    cancel_requested: bool
    created_by: str | None
    created_at: UTCDateTime
    started_at: UTCDateTime | None
    completed_at: UTCDateTime | None
    updated_at: UTCDateTime
    run_after: UTCDateTime = Field(description="Not claimed before this time (retry backoff).")
    retry_of: str | None = Field(description="The failed or cancelled job this one retries.")

    @classmethod
    def of(cls, job: Job, *, deduplicated: bool = False) -> JobOut:
        error = job.error
        return cls(
            id=job.id,
            job_type=job.job_type,
            status=job.status,
            priority=job.priority,
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            progress=JobProgress(
                completed_sections=job.progress_completed, total_sections=job.progress_total
            ),
            result=job.result,
            error=(
                JobError(type=str(error.get("type", "error")), message=str(error.get("message")))
                if error
                else None
            ),
            deduplicated=deduplicated,
            cancel_requested=job.cancel_requested,
            created_by=job.created_by,
            created_at=job.created_at,
            started_at=job.started_at,
            completed_at=job.completed_at,
            updated_at=job.updated_at,
            run_after=job.run_after,
            retry_of=job.retry_of,
        )


class JobPage(Paginated[JobOut]):
    pass


class CleanupRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"older_than_days": 30, "delete_archived_older_than_days": 365}]
        },
    )

    older_than_days: int = Field(
        default=30, ge=1, le=36_500, strict=True, description="Archive jobs finished earlier."
    )
    delete_archived_older_than_days: int = Field(
        default=365,
        ge=1,
        le=36_500,
        strict=True,
        description="Delete archived jobs that finished earlier than this.",
    )


class CleanupOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"archived": 120, "deleted": 4}]})

    archived: int = Field(ge=0)
    deleted: int = Field(ge=0)
