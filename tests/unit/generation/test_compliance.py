"""Every compliance rule of docs/iep.md, each made to fire by one targeted change."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from iepgen.generation.compliance import (
    RULES,
    ComplianceReport,
    check_iep,
    flesch_kincaid_grade,
)
from iepgen.generation.context import GenerationContext, PreviousIEPFacts
from iepgen.sections import SectionContent, parse_section_content
from tests.unit.generation.builders import aged, assessment, context
from tests.unit.sections.examples import ASSESSMENT_ID, VALID_CONTENT


def sections_from(content: dict[str, dict[str, Any]]) -> dict[str, SectionContent]:
    return {kind: parse_section_content(kind, body) for kind, body in content.items()}


def base_context() -> GenerationContext:
    return context(assessments=(assessment(id=ASSESSMENT_ID),))


def checked(
    changes: dict[str, dict[str, Any]] | None = None, ctx: GenerationContext | None = None
) -> ComplianceReport:
    content = copy.deepcopy(VALID_CONTENT)
    for kind, body in (changes or {}).items():
        content[kind] = body
    return check_iep(sections_from(content), ctx or base_context())


def rules_fired(report: ComplianceReport, severity: str = "error") -> set[str]:
    return {f.rule for f in report.findings if f.severity == severity}


def goals_with(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(VALID_CONTENT["annual_goals"])
    body["goals"][0].update(changes)
    return body


def levels_with(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(VALID_CONTENT["present_levels"])
    body["areas"][0].update(changes)
    return body


def test_the_valid_example_passes_without_findings() -> None:
    report = checked()
    assert report.passed
    assert report.findings == ()
    assert report.as_dict() == {"passed": True, "findings": []}


def test_every_rule_is_a_named_function_with_a_docstring() -> None:
    assert len(RULES) >= 14
    for rule in RULES:
        assert rule.__doc__ and rule.__name__


def test_missing_section_is_an_error() -> None:
    sections = sections_from(copy.deepcopy(VALID_CONTENT))
    del sections["esy"]
    report = check_iep(sections, base_context())
    assert not report.passed
    assert report.findings[0].section_type == "esy"
    assert report.findings[0].rule == "required_section"
    assert report.as_dict()["findings"][0]["severity"] == "error"


def test_missing_impact_statement_is_an_error() -> None:
    body = copy.deepcopy(VALID_CONTENT["present_levels"])
    body["impact_on_general_curriculum"] = ""
    assert "impact_statement" in rules_fired(checked({"present_levels": body}))


def test_area_of_need_without_goal_is_an_error() -> None:
    body = copy.deepcopy(VALID_CONTENT["present_levels"])
    body["areas"].append({**body["areas"][0], "area": "math", "needs": "Fractions."})
    report = checked({"present_levels": body})
    assert "goal_for_each_need" in rules_fired(report)
    assert any("math" in f.message for f in report.findings)


def test_goal_without_a_countable_criterion_is_an_error() -> None:
    body = goals_with(criterion="with good effort", target="better reading")
    assert "goal_measurable" in rules_fired(checked({"annual_goals": body}))


def test_goal_timeframe_after_the_iep_year_is_an_error() -> None:
    assert "goal_timeframe" in rules_fired(
        checked({"annual_goals": goals_with(timeframe="2026-09-30")})
    )


def test_objective_after_the_goal_date_is_an_error() -> None:
    body = goals_with()
    body["goals"][0]["short_term_objectives"][1]["target_date"] = "2026-07-01"
    assert "goal_timeframe" in rules_fired(checked({"annual_goals": body}))


def test_invented_baseline_number_is_an_error() -> None:
    body = goals_with(baseline="61 words correct per minute.")
    report = checked({"annual_goals": body})
    assert "no_invented_data" in rules_fired(report)
    assert any("61" in f.message for f in report.findings)


def test_baseline_number_from_an_uncited_record_is_an_error() -> None:
    other = assessment(id="a-math-1", area="math", score=91.0, summary="Solved 91 problems.")
    ctx = context(assessments=(assessment(id=ASSESSMENT_ID), other))
    body = goals_with(baseline="91 problems solved.")
    assert "no_invented_data" in rules_fired(checked({"annual_goals": body}, ctx))


def test_baseline_citing_nothing_is_an_error() -> None:
    assert "evidence_cited" in rules_fired(checked({"annual_goals": goals_with(evidence=[])}))


def test_baseline_citing_an_unknown_record_is_an_error() -> None:
    body = goals_with(evidence=[ASSESSMENT_ID, "made-up-id"])
    report = checked({"annual_goals": body})
    assert "evidence_cited" in rules_fired(report)


def test_unestablished_baseline_needs_a_date_inside_the_year() -> None:
    body = goals_with(
        baseline="No data yet.",
        baseline_established=False,
        baseline_due_date="2026-10-01",
        evidence=[],
    )
    assert "baseline_to_be_established" in rules_fired(checked({"annual_goals": body}))
    body["goals"][0]["baseline_due_date"] = "2025-09-26"
    assert checked({"annual_goals": body}).passed


def test_unestablished_baseline_may_not_carry_a_number() -> None:
    body = goals_with(
        baseline="About 40 words per minute, to be confirmed.",
        baseline_established=False,
        baseline_due_date="2025-09-26",
        evidence=[],
    )
    assert "no_invented_data" in rules_fired(checked({"annual_goals": body}))


def test_present_level_with_invented_number_is_an_error() -> None:
    body = levels_with(current_performance="Maya reads 95 words per minute.")
    assert "no_invented_data" in rules_fired(checked({"present_levels": body}))


def test_present_level_data_point_must_match_its_source() -> None:
    body = levels_with(
        data_points=[{"measure": "standard score", "value": 81, "source": ASSESSMENT_ID}]
    )
    assert "no_invented_data" in rules_fired(checked({"present_levels": body}))


def test_present_level_without_evidence_is_an_error() -> None:
    body = levels_with(evidence=[], current_performance="Maya reads slowly.", data_points=[])
    assert "evidence_cited" in rules_fired(checked({"present_levels": body}))


def test_present_level_without_data_needs_a_collection_date() -> None:
    body = levels_with(
        evidence=[], current_performance="No data yet.", data_points=[], data_available=False
    )
    assert "evidence_cited" in rules_fired(checked({"present_levels": body}))
    body["areas"][0]["data_due_date"] = "2025-09-30"
    assert checked({"present_levels": body}).passed


def test_profile_numbers_may_be_used_without_citation() -> None:
    body = levels_with(current_performance="Maya is 14 and reads 52 words correct per minute.")
    assert checked({"present_levels": body}).passed


def test_repeated_goal_without_progress_note_is_a_warning() -> None:
    statement = VALID_CONTENT["annual_goals"]["goals"][0]["statement"]
    previous = PreviousIEPFacts(
        id="iep-2024",
        academic_year="2024-2025",
        status="final",
        sections={"annual_goals": {"goals": [{"statement": statement.upper()}]}},
    )
    ctx = context(assessments=(assessment(id=ASSESSMENT_ID),), previous_ieps=(previous,))
    report = checked(ctx=ctx)
    assert report.passed
    assert "repeated_goal" in rules_fired(report, "warning")
    noted = goals_with(progress_note="Rose from 30 to 52 words per minute; not yet met.")
    assert "repeated_goal" not in rules_fired(checked({"annual_goals": noted}, ctx), "warning")


def test_vague_verb_is_a_warning() -> None:
    report = checked({"annual_goals": goals_with(behavior="Maya will understand main ideas")})
    assert report.passed
    assert "observable_verbs" in rules_fired(report, "warning")
    fine = goals_with(behavior="Maya will improve fluency by reading aloud")
    assert "observable_verbs" not in rules_fired(checked({"annual_goals": fine}), "warning")


def test_service_outside_the_year_is_an_error() -> None:
    body = copy.deepcopy(VALID_CONTENT["services"])
    body["services"][0]["end_date"] = "2026-08-20"
    assert "service_complete" in rules_fired(checked({"services": body}))


def test_service_without_a_clear_frequency_is_an_error() -> None:
    body = copy.deepcopy(VALID_CONTENT["services"])
    body["services"][0]["frequency"] = "as needed"
    assert "service_complete" in rules_fired(checked({"services": body}))


def sixteen_year_old() -> GenerationContext:
    return aged(base_context(), date_of_birth=date(2010, 3, 1), grade_level="10")


def test_transition_missing_when_required_is_an_error() -> None:
    ctx = sixteen_year_old()
    assert ctx.transition_required and not ctx.transfer_of_rights_required
    assert "transition_complete" in rules_fired(checked(ctx=ctx))


def test_incomplete_transition_plan_names_what_is_missing() -> None:
    body = {"applies": True, "course_of_study": "", "student_invited": False}
    report = checked({"transition": body}, sixteen_year_old())
    messages = " ".join(f.message for f in report.findings if f.rule == "transition_complete")
    assert "employment" in messages and "invited" in messages and "course of study" in messages


def test_complete_transition_plan_passes() -> None:
    body = {
        "applies": True,
        "postsecondary_goals": {
            "education_training": "After high school, attend a technical college.",
            "employment": "Work as an automotive technician.",
        },
        "transition_assessments": [{"name": "Interest inventory", "summary": "Likes cars."}],
        "transition_services": [{"description": "Job shadowing.", "responsible": "School"}],
        "course_of_study": "Career and technical education track.",
        "supporting_goal_areas": ["reading"],
        "student_invited": True,
    }
    assert checked({"transition": body}, sixteen_year_old()).passed


def test_transition_not_applicable_must_say_why() -> None:
    body = {"applies": False, "not_applicable_reason": ""}
    assert "transition_complete" in rules_fired(checked({"transition": body}))


def test_transfer_of_rights_missing_when_required_is_an_error() -> None:
    ctx = aged(base_context(), date_of_birth=date(2009, 1, 10), grade_level="11")
    assert ctx.transfer_of_rights_required
    assert "transfer_of_rights" in rules_fired(checked(ctx=ctx))


def test_transfer_of_rights_needs_a_statement() -> None:
    assert "transfer_of_rights" in rules_fired(
        checked({"transfer_of_rights": {"applies": True, "statement": ""}})
    )


@pytest.mark.parametrize("missing", ["why_regular_not_appropriate", "why_alternate_appropriate"])
def test_alternate_assessment_needs_both_justifications(missing: str) -> None:
    body = copy.deepcopy(VALID_CONTENT["accommodations"])
    body["assessment_participation"] = {
        "mode": "alternate",
        "why_regular_not_appropriate": "Grade-level tests do not show her skills.",
        "why_alternate_appropriate": "It measures the extended standards she learns.",
    }
    body["assessment_participation"][missing] = ""
    assert "alternate_assessment_justified" in rules_fired(checked({"accommodations": body}))


def test_profile_alternate_with_regular_plan_is_a_warning() -> None:
    ctx = aged(base_context(), alternate_assessment=True)
    assert "alternate_assessment_justified" in rules_fired(checked(ctx=ctx), "warning")


def test_hard_prose_is_a_readability_warning() -> None:
    body = {
        "needed": False,
        "rationale": "Comprehensive longitudinal documentation demonstrates insufficient "
        "evidentiary justification regarding substantial regression, notwithstanding "
        "considerable intermittent administrative deliberation concerning eligibility.",
    }
    report = checked({"esy": body})
    assert report.passed
    assert [f.section_type for f in report.findings if f.rule == "readability"] == ["esy"]


def test_flesch_kincaid_grade_orders_simple_below_dense_text() -> None:
    assert flesch_kincaid_grade("The cat sat on the mat. It was warm.") < 2
    assert flesch_kincaid_grade("") == 0.0
    dense = "Individualized programming necessitates comprehensive interdisciplinary evaluation."
    assert flesch_kincaid_grade(dense) > 16


def test_errors_are_listed_before_warnings() -> None:
    body = goals_with(behavior="Maya will understand main ideas", timeframe="2027-01-01")
    severities = [f.severity for f in checked({"annual_goals": body}).findings]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert "warning" in severities and "error" in severities


def test_finding_is_frozen() -> None:
    finding = checked({"annual_goals": goals_with(evidence=[])}).findings[0]
    with pytest.raises(AttributeError):
        finding.rule = "other"  # type: ignore[misc]
    assert replace(finding, rule="x").rule == "x"
