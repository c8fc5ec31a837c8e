"""Next year builds on this year: last year's goal data become the new draft's baseline and
present level, and the checker flags a goal carried over with no progress data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.db.base import new_id, utcnow
from iepgen.generation.compliance import check_iep
from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import decide
from iepgen.generation.inputs import build_context
from iepgen.generation.offline.drafter import draft_iep
from iepgen.models import Assessment, ProgressPoint, Template
from iepgen.templates.builtin import IDEA_STANDARD_ID
from tests.integration.progress.support import FinalIEP, final_iep

pytestmark = pytest.mark.both_databases

NEXT_YEAR = "2026-2027"


async def _add_points(database: Database, final: FinalIEP, values: list[float]) -> None:
    async with database.transaction() as session:
        for index, value in enumerate(values):
            session.add(
                ProgressPoint(
                    id=new_id(),
                    iep_id=final.iep_id,
                    goal_number=1,
                    # The newest check is later than the reading assessment (2025-09-15).
                    measured_on=final.start + timedelta(days=40 + 14 * index),
                    value=value,
                    entered_by=final.teacher.id,
                    source="api",
                    created_at=utcnow(),
                )
            )


async def _next_year(database: Database, settings: Settings, final: FinalIEP) -> GenerationContext:
    async with database.read() as session:
        template = await session.get(Template, IDEA_STANDARD_ID)
        assert template is not None
        return await build_context(
            session,
            settings=settings,
            student_id=final.student_id,
            academic_year=NEXT_YEAR,
            template=template,
        )


async def test_last_year_s_latest_value_is_the_new_baseline(
    database: Database, settings: Settings
) -> None:
    final = await final_iep(database, settings)
    await _add_points(database, final, [58, 63, 66, 71, 74])
    context = await _next_year(database, settings, final)

    (previous,) = context.previous_ieps
    (outcome,) = previous.goal_outcomes
    assert (outcome.points, outcome.latest_value, outcome.target_value) == (5, 74, 90)
    assert outcome.met is False

    decisions = decide(context)
    (reading,) = [plan for plan in decisions.goals if plan.area == "reading"]
    assert reading.baseline_value == 74
    assert reading.baseline_source == final.iep_id
    assert reading.unit == "words correct per minute"
    assert "it was not met" in reading.progress_note

    sections = draft_iep(context)
    present = sections["present_levels"].render_text()
    assert "The 2025-2026 IEP's reading goal aimed for 90 words correct per minute" in present
    assert "the latest was 74 words correct per minute: it was not met" in present
    goals = sections["annual_goals"].render_text()
    assert "74 words correct per minute on the latest progress check on the 2025-2026" in goals
    findings = check_iep(sections, context).findings
    assert not [f for f in findings if f.rule == "carried_goal_without_data"]


async def test_a_goal_carried_over_with_no_progress_data_is_flagged(
    database: Database, settings: Settings
) -> None:
    final = await final_iep(database, settings)
    context = await _next_year(database, settings, final)
    (outcome,) = context.previous_ieps[0].goal_outcomes
    assert outcome.points == 0 and outcome.met is None
    sections = draft_iep(context)
    flagged = [
        f for f in check_iep(sections, context).findings if f.rule == "carried_goal_without_data"
    ]
    assert len(flagged) == 1
    assert "no progress data" in flagged[0].message
    # Without data nothing is inferred: the baseline stays the assessment's.
    (reading,) = [plan for plan in decide(context).goals if plan.area == "reading"]
    assert reading.baseline_source != final.iep_id


async def test_a_met_goal_is_reported_met_and_its_latest_value_is_the_baseline(
    database: Database, settings: Settings
) -> None:
    final = await final_iep(database, settings)
    await _add_points(database, final, [80, 86, 92])
    context = await _next_year(database, settings, final)
    assert context.previous_ieps[0].goal_outcomes[0].met is True
    plan = next(p for p in decide(context).goals if p.area == "reading")
    assert plan.baseline_value == 92 and "it was met" in plan.progress_note


async def _without_assessments(database: Database, final: FinalIEP) -> None:
    """Only last year's IEP speaks of reading now (no assessment in the record)."""
    async with database.transaction() as session:
        await session.execute(delete(Assessment).where(Assessment.student_id == final.student_id))


@pytest.mark.parametrize(("values", "asks"), [([58, 63, 74], False), ([80, 86, 92], True)])
async def test_last_year_s_data_decide_an_area_no_assessment_speaks_of(
    database: Database, settings: Settings, values: list[float], asks: bool
) -> None:
    final = await final_iep(database, settings)
    await _add_points(database, final, values)
    await _without_assessments(database, final)
    decisions = decide(await _next_year(database, settings, final))
    (area,) = [a for a in decisions.areas if a.area == "reading"]
    assert (area.status, area.basis, area.evidence) == ("need", "previous_iep", [final.iep_id])
    assert ("it was met" if asks else "it was not met") in area.reason
    still = [q for q in decisions.questions if q.topic == "Reading: still a need?"]
    assert bool(still) is asks
    (plan,) = [p for p in decisions.goals if p.area == "reading"]
    assert plan.baseline_value == values[-1] and plan.baseline_source == final.iep_id
