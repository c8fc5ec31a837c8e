"""`/api/v1/students/{student_id}/assessments`: the results a student's IEP rests on."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from iepgen.api.deps import CurrentActor, PageDep, SessionDep
from iepgen.api.schemas import BAD_BODY, NOT_FOUND, UNAUTHORIZED, ErrorBody
from iepgen.students.assessments import service
from iepgen.students.assessments.schemas import (
    AssessmentCreate,
    AssessmentOut,
    AssessmentPage,
    AssessmentUpdate,
)

ARCHIVED: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "The student is archived (read-only)."}
}

router = APIRouter(
    prefix="/api/v1/students/{student_id}/assessments",
    tags=["assessments"],
    responses={**UNAUTHORIZED, **NOT_FOUND},
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AssessmentOut,
    responses={**BAD_BODY, **ARCHIVED},
)
async def create_assessment(
    student_id: str,
    body: AssessmentCreate,
    session: SessionDep,
    actor: CurrentActor,
    response: Response,
) -> AssessmentOut:
    """Record an assessment result (dated today or earlier)."""
    assessment = await service.create_assessment(session, actor, student_id, body)
    response.headers["Location"] = (
        f"/api/v1/students/{assessment.student_id}/assessments/{assessment.id}"
    )
    return AssessmentOut.model_validate(assessment)


@router.get("", response_model=AssessmentPage)
async def list_assessments(
    student_id: str, session: SessionDep, actor: CurrentActor, page: PageDep
) -> AssessmentPage:
    """The student's assessments, most recently administered first."""
    assessments, total = await service.list_assessments(
        session, actor, student_id, limit=page.limit, offset=page.offset
    )
    return AssessmentPage(
        items=[AssessmentOut.model_validate(a) for a in assessments],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/{assessment_id}", response_model=AssessmentOut)
async def get_assessment(
    student_id: str, assessment_id: str, session: SessionDep, actor: CurrentActor
) -> AssessmentOut:
    assessment = await service.read_assessment(session, actor, student_id, assessment_id)
    return AssessmentOut.model_validate(assessment)


@router.patch("/{assessment_id}", response_model=AssessmentOut, responses={**BAD_BODY, **ARCHIVED})
async def update_assessment(
    student_id: str,
    assessment_id: str,
    body: AssessmentUpdate,
    session: SessionDep,
    actor: CurrentActor,
) -> AssessmentOut:
    """Correct some fields of an assessment; each is validated as on create."""
    assessment = await service.update_assessment(session, actor, student_id, assessment_id, body)
    return AssessmentOut.model_validate(assessment)


@router.delete("/{assessment_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def delete_assessment(
    student_id: str, assessment_id: str, session: SessionDep, actor: CurrentActor
) -> None:
    await service.delete_assessment(session, actor, student_id, assessment_id)
