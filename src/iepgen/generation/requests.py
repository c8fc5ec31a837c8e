"""Checks on an IEP generation request that need the record: refused at submit, not later.

A meeting outside the academic year, or a goal asked for in an area the team recorded as
not a need, is a clear 422 naming the field, never a job that fails or a silent choice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.errors import InvalidInput
from iepgen.generation.decisions import decide
from iepgen.generation.inputs import build_context, check_meeting_date
from iepgen.models import Template
from iepgen.sections.base import AREA_LABELS


async def check_iep_request(
    session: AsyncSession,
    settings: Settings,
    student_id: str,
    template: Template,
    payload: dict[str, Any],
) -> None:
    """InvalidInput naming `meeting_date` or `goal_areas` when the record rules them out."""
    academic_year = str(payload["academic_year"])
    meeting = payload.get("meeting_date")
    meeting_date = date.fromisoformat(meeting) if meeting else None
    if meeting_date is not None:
        check_meeting_date(settings, academic_year, meeting_date)
    areas = payload.get("goal_areas") or []
    if not areas:
        return
    context = await build_context(
        session,
        settings=settings,
        student_id=student_id,
        academic_year=academic_year,
        template=template,
        include_assessments=bool(payload.get("include_assessments", True)),
        include_previous_ieps=bool(payload.get("include_previous_ieps", True)),
        meeting_date=meeting_date,
    )
    decisions = decide(context)
    for index, area in enumerate(areas):
        decision = decisions.area(area)
        if decision is not None and decision.status == "not_a_need":
            raise InvalidInput(
                f"goal_areas asks for a {AREA_LABELS[area].lower()} goal, but the record shows "
                f"{AREA_LABELS[area].lower()} is not an area of need ({decision.reason}) "
                "Change the finding on the assessment if the team decided otherwise, or leave "
                "this area out.",
                field=("goal_areas", index),
            )
