"""build_context: the student's records for one IEP year, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.errors import InvalidInput, NotFound
from iepgen.generation.inputs import build_context
from iepgen.models import Template
from iepgen.templates.builtin import IDEA_STANDARD_ID
from tests.factories import make_user
from tests.integration.generation.records import add_assessment, add_iep, add_student

pytestmark = pytest.mark.both_databases

GOALS_2024 = {"goals": [{"area": "reading", "statement": "Read 40 words per minute."}]}


async def test_context_holds_the_student_assessments_and_earlier_ieps(
    database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    student_id = await add_student(database, teacher.id, date_of_birth=date(2010, 3, 1))
    assessment_id = await add_assessment(database, student_id)
    draft_2024 = await add_iep(database, student_id, "2024-2025", {"annual_goals": {}})
    final_2024 = await add_iep(
        database, student_id, "2024-2025", {"annual_goals": GOALS_2024}, status="final"
    )
    await add_iep(database, student_id, "2023-2024", {"esy": {"needed": False}})
    current = await add_iep(database, student_id, "2025-2026", {})
    await add_iep(database, student_id, "2026-2027", {})

    async with database.read() as session:
        template = await session.get(Template, IDEA_STANDARD_ID)
        assert template is not None
        ctx = await build_context(
            session,
            settings=settings,
            student_id=student_id,
            academic_year="2025-2026",
            template=template,
            case_manager_context="  Family asks for morning meetings.  ",
            exclude_iep_id=current,
        )

    assert ctx.student.id == student_id and ctx.student.first_name == "Avery"
    assert (ctx.iep_year_start, ctx.iep_year_end) == (date(2025, 8, 15), date(2026, 8, 14))
    assert (ctx.age_at_start, ctx.age_at_end) == (15, 16)
    assert ctx.transition_required and not ctx.transfer_of_rights_required
    assert [a.id for a in ctx.assessments] == [assessment_id]
    assert ctx.assessments[0].score == 61
    # Earlier years only, newest first; the final IEP wins over a draft of the same year.
    assert [p.academic_year for p in ctx.previous_ieps] == ["2024-2025", "2023-2024"]
    assert ctx.previous_ieps[0].id == final_2024 != draft_2024
    assert ctx.previous_ieps[0].sections["annual_goals"] == GOALS_2024
    assert ctx.case_manager_context == "Family asks for morning meetings."
    assert [s[0] for s in ctx.template_sections][:2] == ["student_profile", "present_levels"]


async def test_include_flags_leave_records_out(database: Database, settings: Settings) -> None:
    teacher = await make_user(database)
    student_id = await add_student(database, teacher.id)
    await add_assessment(database, student_id)
    await add_iep(database, student_id, "2024-2025", {"annual_goals": GOALS_2024})
    async with database.read() as session:
        template = await session.get(Template, IDEA_STANDARD_ID)
        assert template is not None
        ctx = await build_context(
            session,
            settings=settings,
            student_id=student_id,
            academic_year="2025-2026",
            template=template,
            include_assessments=False,
            include_previous_ieps=False,
        )
    assert ctx.assessments == () and ctx.previous_ieps == ()
    assert ctx.case_manager_context is None


async def test_unknown_student_and_bad_year_are_refused(
    database: Database, settings: Settings
) -> None:
    async with database.read() as session:
        template = await session.get(Template, IDEA_STANDARD_ID)
        assert template is not None
        with pytest.raises(NotFound):
            await build_context(
                session,
                settings=settings,
                student_id="missing",
                academic_year="2025-2026",
                template=template,
            )
        with pytest.raises(InvalidInput) as raised:
            await build_context(
                session,
                settings=settings,
                student_id="missing",
                academic_year="2025-2027",
                template=template,
            )
        assert raised.value.field == ("academic_year",)
