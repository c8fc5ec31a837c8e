"""The offline drafter: a complete, honest, compliant draft for every kind of student."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from iepgen.errors import ProviderRejected
from iepgen.generation.compliance import check_iep
from iepgen.generation.context import GenerationContext
from iepgen.generation.offline import draft_iep, draft_section
from iepgen.generation.provider import SectionRequest
from iepgen.llm.offline import OFFLINE_MODEL, OfflineProvider
from iepgen.sections import (
    SECTION_SCHEMAS,
    Accommodations,
    AnnualGoals,
    LeastRestrictiveEnvironment,
    PresentLevels,
    ProgressReporting,
    Services,
    SpecialFactors,
    TransferOfRights,
    Transition,
)
from iepgen.templates.builtin import SECTION_TYPES
from tests.unit.generation import cases
from tests.unit.generation.builders import context, student
from tests.unit.generation.cases import CASES


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_every_case_passes_the_checker(make: Callable[[], GenerationContext]) -> None:
    ctx = make()
    sections = draft_iep(ctx)
    assert set(sections) == set(SECTION_TYPES)
    report = check_iep(sections, ctx)
    assert report.passed, report.findings
    # Plain language: at most the profile (which lists disability names) reads above grade 10.
    assert {f.section_type for f in report.findings} <= {"student_profile"}


def test_the_draft_is_deterministic() -> None:
    first = {k: v.model_dump() for k, v in draft_iep(cases.sixteen_year_old()).items()}
    second = {k: v.model_dump() for k, v in draft_iep(cases.sixteen_year_old()).items()}
    assert first == second


def test_baselines_are_the_real_numbers_with_their_source() -> None:
    ctx = cases.eighth_grade_english_learner()
    goals = draft_iep(ctx)["annual_goals"]
    assert isinstance(goals, AnnualGoals)
    reading, writing = goals.goals
    assert reading.area == "reading" and reading.baseline_established
    assert reading.baseline.startswith("52 words correct per minute")
    assert reading.evidence == ["r-8"]
    assert "73 words correct per minute" in reading.criterion
    assert writing.baseline.startswith("2 of 6")
    assert writing.target.startswith("4 of 6")
    assert len(reading.short_term_objectives) >= 2


def test_lower_is_better_behaviour_goal_halves_the_count() -> None:
    goals = draft_iep(cases.third_grader_with_autism())["annual_goals"]
    assert isinstance(goals, AnnualGoals)
    behavior = next(g for g in goals.goals if g.area == "behavior")
    assert behavior.baseline.startswith("6 elopement or shutdown incidents per week")
    assert "no more than 3 elopement or shutdown incidents per week" in behavior.criterion
    steps = [o.description for o in behavior.short_term_objectives]
    assert "no more than 5" in steps[0] and "no more than 4" in steps[1]


def test_no_data_means_an_honest_baseline_date_in_the_first_six_weeks() -> None:
    ctx = cases.no_assessments()
    sections = draft_iep(ctx)
    levels, goals = sections["present_levels"], sections["annual_goals"]
    assert isinstance(levels, PresentLevels) and isinstance(goals, AnnualGoals)
    assert {lvl.area for lvl in levels.areas} == {"behavior", "social_emotional"}
    for level in levels.areas:
        assert not level.data_available and level.evidence == []
        assert "No assessment data" in level.current_performance
    for goal in goals.goals:
        assert not goal.baseline_established and goal.evidence == []
        assert goal.baseline_due_date is not None
        assert (
            ctx.iep_year_start < goal.baseline_due_date <= ctx.iep_year_start + timedelta(weeks=6)
        )
        assert not any(ch.isdigit() for ch in goal.baseline)
        assert "not yet measured" in goals.render_text()


def test_previous_iep_is_built_on_not_repeated() -> None:
    ctx = cases.with_previous_iep()
    sections = draft_iep(ctx)
    goals = sections["annual_goals"]
    assert isinstance(goals, AnnualGoals)
    reading = next(g for g in goals.goals if g.area == "reading")
    assert reading.statement != cases.PREVIOUS_READING_GOAL
    assert "2024-2025" in reading.progress_note and "58 words" in reading.progress_note
    assert reading.evidence == ["iep-2024"]
    assert not reading.baseline_established
    levels = sections["present_levels"]
    assert isinstance(levels, PresentLevels)
    assert "iep-2024" in next(lvl for lvl in levels.areas if lvl.area == "reading").evidence


def test_transition_and_transfer_follow_age() -> None:
    sixteen = draft_iep(cases.sixteen_year_old())
    plan = sixteen["transition"]
    assert isinstance(plan, Transition) and plan.applies and plan.student_invited
    assert plan.postsecondary_goals is not None
    assert "auto mechanics" in plan.postsecondary_goals.employment
    assert any(a.evidence == ["v-16"] for a in plan.transition_assessments)
    assert plan.supporting_goal_areas == ["vocational"]
    notice = sixteen["transfer_of_rights"]
    assert isinstance(notice, TransferOfRights) and not notice.applies
    assert "17" in notice.not_applicable_reason

    seventeen = draft_iep(cases.seventeen_year_old())["transfer_of_rights"]
    assert isinstance(seventeen, TransferOfRights) and seventeen.applies
    assert "December 1, 2026" in seventeen.statement

    adult = draft_iep(cases.past_majority())["transfer_of_rights"]
    assert isinstance(adult, TransferOfRights) and "passed" in adult.statement

    young = draft_iep(cases.preschooler())["transition"]
    assert isinstance(young, Transition) and not young.applies
    assert "16" in young.not_applicable_reason


def test_alternate_assessment_is_justified_and_modified() -> None:
    sections = draft_iep(cases.alternate_assessment_student())
    accommodations = sections["accommodations"]
    assert isinstance(accommodations, Accommodations)
    participation = accommodations.assessment_participation
    assert participation.mode == "alternate"
    assert participation.why_regular_not_appropriate and participation.why_alternate_appropriate
    services = sections["services"]
    assert isinstance(services, Services)
    assert "program_modification" in {s.category for s in services.services}
    lre = sections["lre"]
    assert isinstance(lre, LeastRestrictiveEnvironment)
    assert lre.percent_in_general_education < 100


def test_special_factors_follow_the_student() -> None:
    el = draft_iep(cases.eighth_grade_english_learner())["special_factors"]
    assert isinstance(el, SpecialFactors)
    assert el.limited_english_proficiency.applies and "Spanish" in (
        el.limited_english_proficiency.response
    )
    assert el.assistive_technology.applies and not el.behavior.applies
    autism = draft_iep(cases.third_grader_with_autism())["special_factors"]
    assert isinstance(autism, SpecialFactors) and autism.behavior.applies
    deafblind = draft_iep(cases.past_majority())["special_factors"]
    assert isinstance(deafblind, SpecialFactors)
    assert deafblind.blind_or_visually_impaired.applies
    assert deafblind.deaf_or_hard_of_hearing.applies
    for factors in (el, autism, deafblind):
        assert all(f.considered for f in factors.factors().values())


def test_services_sit_inside_the_iep_year_and_match_the_needs() -> None:
    ctx = cases.many_areas()
    services = draft_iep(ctx)["services"]
    assert isinstance(services, Services)
    roles = {s.provider_role for s in services.services}
    assert {"Speech-language pathologist", "Occupational therapist", "School nurse"} <= roles
    assert "Physical therapist" in roles  # orthopedic impairment as a secondary category
    for service in services.services:
        assert ctx.iep_year_start <= service.start_date <= service.end_date <= ctx.iep_year_end


def test_case_manager_context_lands_in_team_notes_verbatim() -> None:
    ctx = context(
        student(),
        case_manager_context="Family prefers meetings after 3 pm.\n"
        "services: Consider an OT consult for handwriting.\n"
        "ESY: Revisit in February.",
    )
    sections = draft_iep(ctx)
    assert sections["student_profile"].team_notes == "Family prefers meetings after 3 pm."
    assert sections["services"].team_notes == "Consider an OT consult for handwriting."
    assert sections["esy"].team_notes == "Revisit in February."
    assert sections["annual_goals"].team_notes == ""
    assert check_iep(sections, ctx).passed


def test_template_instructions_it_can_honour() -> None:
    template = (
        ("progress_reporting", "Progress", "Report progress to families monthly."),
        ("transition", "Transition", "Begin transition planning from age 14."),
    )
    ctx = context(student(date_of_birth=date(2011, 4, 17)), template_sections=template)
    assert ctx.age_at_end == 15 and not ctx.transition_required
    sections = draft_iep(ctx)
    reporting = sections["progress_reporting"]
    assert isinstance(reporting, ProgressReporting) and reporting.schedule == "Monthly"
    plan = sections["transition"]
    assert isinstance(plan, Transition) and plan.applies


def test_goals_follow_edited_present_levels() -> None:
    ctx = cases.eighth_grade_english_learner()
    levels = draft_iep(ctx)["present_levels"].model_dump(mode="json")
    levels["areas"].append(
        {
            "area": "math",
            "current_performance": "No data yet.",
            "data_available": False,
            "data_due_date": "2025-09-30",
            "needs": "Fractions.",
        }
    )
    goals = draft_section("annual_goals", ctx, {"present_levels": levels})
    assert isinstance(goals, AnnualGoals)
    assert [g.area for g in goals.goals] == ["reading", "writing", "math"]


async def test_provider_returns_a_section_result() -> None:
    provider = OfflineProvider()
    assert (provider.name, provider.model) == ("offline", OFFLINE_MODEL)
    ctx = cases.preschooler()
    result = await provider.generate_section(
        SectionRequest("esy", SECTION_SCHEMAS["esy"], ctx, instructions="Check in June.")
    )
    assert result.provider == "offline" and result.generated_by == "offline"
    assert result.usage.llm_calls == 0
    assert result.content.model_dump()["team_notes"] == "Check in June."
    fallback = OfflineProvider(generated_by="offline (fallback)")
    result = await fallback.generate_section(SectionRequest("lre", SECTION_SCHEMAS["lre"], ctx))
    assert result.generated_by == "offline (fallback)"


async def test_provider_refuses_an_unknown_section() -> None:
    request = SectionRequest("horoscope", SECTION_SCHEMAS["esy"], cases.preschooler())
    with pytest.raises(ProviderRejected):
        await OfflineProvider().generate_section(request)
