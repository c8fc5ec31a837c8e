"""The checker fails each defect a reviewer found, and every rule of iep.md, one change at a time.

Each test starts from an offline draft the checker passes, makes the one change a
reviewer saw (or a rule forbids), and asserts the rule that must fire — so a rule that
cannot fail shows up here as a failing test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from iepgen.generation.compliance import RULES, ComplianceReport, check_iep, flesch_kincaid_grade
from iepgen.generation.compliance.placement import sessions_per_week
from iepgen.generation.context import GenerationContext
from iepgen.generation.offline import draft_iep
from iepgen.sections import SectionContent, parse_section_content
from iepgen.students.record_parts import Subscore
from tests.corpus.contexts import corpus_context
from tests.corpus.students import CASES

Sections = dict[str, SectionContent]


def drafted(key: str, **context: Any) -> tuple[GenerationContext, Sections]:
    ctx = corpus_context(CASES[key], **context)
    return ctx, draft_iep(ctx)


def changed(sections: Sections, section_type: str, change: Any) -> Sections:
    """`sections` with one section's JSON changed by `change(data)` and re-validated."""
    data = sections[section_type].model_dump(mode="json")
    change(data)
    return {**sections, section_type: parse_section_content(section_type, data)}


def errors(sections: Sections, ctx: GenerationContext) -> set[str]:
    return {f.rule for f in check_iep(sections, ctx).findings if f.severity == "error"}


def warnings(sections: Sections, ctx: GenerationContext) -> set[str]:
    return {f.rule for f in check_iep(sections, ctx).findings if f.severity == "warning"}


def messages(sections: Sections, ctx: GenerationContext) -> str:
    return " ".join(f.message for f in check_iep(sections, ctx).findings)


@pytest.mark.parametrize(
    "key",
    [
        "deaf_asl_el",
        "blind_braille",
        "ed_with_fba",
        "alternate_aac",
        "speech_sounds_only",
        "preschooler",
        "benchmark_reader",
        "el_sld",
        "rights_informed",
    ],
)
def test_the_offline_drafts_of_complete_records_pass(key: str) -> None:
    ctx, sections = drafted(key)
    report = check_iep(sections, ctx)
    assert report.passed, [f for f in report.findings if f.severity == "error"]


def test_a_report_says_what_it_checked() -> None:
    ctx, sections = drafted("el_sld")
    report = check_iep(sections, ctx)
    assert len(report.checked) == len(RULES) >= 25
    assert "No goal in an area the data call not a need" in report.checked
    assert report.as_dict()["checked"] == list(report.checked)


def test_each_check_says_whether_it_passed_or_how_many_findings_it_made() -> None:
    ctx, sections = drafted("el_sld")
    clean = check_iep(sections, ctx)
    assert [c.check for c in clean.checks] == list(clean.checked)
    assert all(c.errors == 0 for c in clean.checks)
    broken = changed(sections, "services", lambda d: d.update(services=[]))
    report = check_iep(broken, ctx)
    failing = {c.check: c.errors for c in report.checks if c.errors}
    assert failing and sum(failing.values()) == len(
        [f for f in report.findings if f.severity == "error"]
    )
    assert report.as_dict()["checks"][0].keys() == {"check", "errors", "warnings"}


def test_subscores_the_record_holds_may_be_cited() -> None:
    ctx = corpus_context(CASES["el_sld"])
    first = ctx.assessments[0]
    with_subscores = replace(
        first,
        subscores=(Subscore(name="Phonological Awareness", score=71.0, percentile=3.0),),
        summary=first.summary,
    )
    ctx = replace(ctx, assessments=(with_subscores, *ctx.assessments[1:]))
    sections = draft_iep(ctx)
    assert "71" in sections["present_levels"].render_text()
    assert "no_invented_data" not in errors(sections, ctx)


def test_every_rule_is_a_named_function_with_a_docstring() -> None:
    for rule in RULES:
        assert rule.__name__ != "<lambda>" and rule.__doc__


# --- Needs come from data, not from the existence of an assessment ----------------------


def test_a_goal_in_an_area_at_benchmark_is_an_error() -> None:
    ctx, sections = drafted("benchmark_reader")

    def reading_goal(data: dict[str, Any]) -> None:
        goal = dict(data["goals"][0], area="reading")
        data["goals"].append(goal)

    assert "goal_in_decided_need" in errors(changed(sections, "annual_goals", reading_goal), ctx)


def test_a_need_listed_where_the_team_found_none_is_an_error() -> None:
    ctx, sections = drafted("benchmark_reader")

    def math_need(data: dict[str, Any]) -> None:
        data["areas"].append(dict(data["areas"][0], area="math"))

    broken = changed(sections, "present_levels", math_need)
    assert "need_has_evidence" in errors(broken, ctx)
    assert "not an area of need" in messages(broken, ctx)


def test_a_service_for_an_area_that_is_not_a_need_is_an_error() -> None:
    ctx, sections = drafted("benchmark_reader")

    def math_service(data: dict[str, Any]) -> None:
        data["services"].append(dict(data["services"][0], serves=["math"]))

    assert "support_serves_need" in errors(changed(sections, "services", math_service), ctx)


def test_a_support_that_says_nothing_of_what_it_serves_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def unexplained(data: dict[str, Any]) -> None:
        data["classroom"][0]["serves"] = []

    assert "support_serves_need" in errors(changed(sections, "accommodations", unexplained), ctx)


def test_an_audiogram_filed_under_health_never_makes_a_health_need() -> None:
    ctx, sections = drafted("deaf_asl_el")

    def health_need(data: dict[str, Any]) -> None:
        data["areas"].append(dict(data["areas"][0], area="health"))

    def nurse(data: dict[str, Any]) -> None:
        data["services"].append(
            dict(data["services"][0], provider_role="School nurse", serves=["health"])
        )

    assert "need_has_evidence" in errors(changed(sections, "present_levels", health_need), ctx)
    assert "support_serves_need" in errors(changed(sections, "services", nurse), ctx)


# --- One measure from baseline to target -------------------------------------------------


def test_a_goal_that_changes_its_measure_from_the_baseline_is_an_error() -> None:
    ctx, sections = drafted("alternate_aac")

    def course_text(data: dict[str, Any]) -> None:
        goal = data["goals"][0]
        goal["criterion"] = "summarizing the main idea of a grade-10 course text"
        goal["target"] = "the main idea of 4 of 5 grade-10 course texts"

    assert "one_measure" in errors(changed(sections, "annual_goals", course_text), ctx)


def test_intervals_off_task_cannot_become_accuracy() -> None:
    ctx, sections = drafted("ed_with_fba")

    def accuracy(data: dict[str, Any]) -> None:
        data["goals"][0]["criterion"] = "reaching 80% accuracy on 3 of 4 checks"

    broken = changed(sections, "annual_goals", accuracy)
    assert "one_measure" in errors(broken, ctx)
    assert "accuracy" in messages(broken, ctx)


def test_a_behavior_to_reduce_must_fall() -> None:
    ctx, sections = drafted("ed_with_fba")

    def rising(data: dict[str, Any]) -> None:
        data["goals"][0]["measure"]["target_value"] = 60
        data["goals"][0]["criterion"] = "with no more than 60% of observed intervals off task"
        data["goals"][0]["target"] = "60% of observed intervals off task"

    broken = changed(sections, "annual_goals", rising)
    assert "one_measure" in errors(broken, ctx)
    assert "not below its baseline" in messages(broken, ctx)


def test_objectives_must_step_from_baseline_to_target() -> None:
    ctx, sections = drafted("el_sld")

    def backwards(data: dict[str, Any]) -> None:
        data["goals"][0]["short_term_objectives"][0]["value"] = 300

    assert "one_measure" in errors(changed(sections, "annual_goals", backwards), ctx)


def test_a_baseline_value_no_cited_record_holds_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def invented(data: dict[str, Any]) -> None:
        data["goals"][0]["measure"]["baseline_value"] = 61
        data["goals"][0]["baseline"] = "61 words correct per minute."

    broken = changed(sections, "annual_goals", invented)
    assert {"one_measure", "no_invented_data"} <= errors(broken, ctx)


def test_baseline_marked_established_with_no_data_is_an_error() -> None:
    ctx, sections = drafted("carried_goal")

    def established(data: dict[str, Any]) -> None:
        data["goals"][0]["baseline_established"] = True

    broken = changed(sections, "annual_goals", established)
    assert "one_measure" in errors(broken, ctx)
    assert "no baseline value" in messages(broken, ctx)


def test_a_goal_with_no_measure_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def no_measure(data: dict[str, Any]) -> None:
        data["goals"][0]["measure"] = None

    assert "one_measure" in errors(changed(sections, "annual_goals", no_measure), ctx)


def test_progress_reported_in_another_unit_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def other_unit(data: dict[str, Any]) -> None:
        data["methods"][0]["unit"] = "% of comprehension questions correct"
        data["methods"][0]["method"] = "Comprehension checks, every two weeks"

    assert "one_measure" in errors(changed(sections, "progress_reporting", other_unit), ctx)


# --- Special factors, as the record requires ---------------------------------------------


def test_read_aloud_and_fm_for_a_deaf_signer_are_errors() -> None:
    ctx, sections = drafted("deaf_asl_el")

    def hearing_supports(data: dict[str, Any]) -> None:
        first = data["classroom"][0]
        data["classroom"].append(dict(first, description="Test items read aloud"))
        data["classroom"].append(dict(first, description="An FM system in class"))

    broken = changed(sections, "accommodations", hearing_supports)
    assert "support_fits_access" in errors(broken, ctx)


def test_a_listening_goal_for_a_deaf_signer_is_an_error() -> None:
    ctx, sections = drafted("deaf_asl_el")

    def listening(data: dict[str, Any]) -> None:
        data["goals"][0]["behavior"] = "Ximena will read aloud and answer after listening"

    assert "support_fits_access" in errors(changed(sections, "annual_goals", listening), ctx)


def test_no_interpreter_for_a_student_who_uses_one_is_an_error() -> None:
    ctx, sections = drafted("deaf_asl_el")

    def without(data: dict[str, Any]) -> None:
        data["services"] = [s for s in data["services"] if "interpret" not in s["description"]]

    assert "communication_plan" in errors(changed(sections, "services", without), ctx)


def test_a_communication_plan_missing_its_parts_is_an_error() -> None:
    ctx, sections = drafted("deaf_asl_el")

    def thin(data: dict[str, Any]) -> None:
        data["communication_plan"]["direct_communication"] = ""

    broken = changed(sections, "special_factors", thin)
    assert "special_factor_response" in errors(broken, ctx)
    assert "direct communication" in messages(broken, ctx)


def test_checking_later_whether_a_braille_reader_needs_braille_is_an_error() -> None:
    ctx, sections = drafted("blind_braille")

    def later(data: dict[str, Any]) -> None:
        data["braille"]["braille_instruction"] = (
            "A teacher of students with visual impairments will check whether he needs braille."
        )

    assert "braille_provided" in errors(changed(sections, "special_factors", later), ctx)


def test_large_print_magnification_and_handwriting_for_a_braille_reader_are_errors() -> None:
    ctx, sections = drafted("blind_braille")

    def print_supports(data: dict[str, Any]) -> None:
        first = data["classroom"][0]
        for text in ("Large print materials", "Magnification", "Handwriting practice"):
            data["classroom"].append(dict(first, description=text))

    broken = changed(sections, "accommodations", print_supports)
    assert "support_fits_access" in errors(broken, ctx)
    assert messages(broken, ctx).count("reads braille") == 3


def test_no_behavior_plan_response_where_the_record_shows_behavior_is_an_error() -> None:
    ctx, sections = drafted("ed_with_fba")

    def dropped(data: dict[str, Any]) -> None:
        data["behavior_supports"] = None

    assert "special_factor_response" in errors(changed(sections, "special_factors", dropped), ctx)


def test_behavior_marked_by_category_alone_is_an_error() -> None:
    ctx, sections = drafted("autism_no_behavior_data")

    def by_category(data: dict[str, Any]) -> None:
        data["behavior"]["applies"] = True
        data["behavior"]["response"] = "With autism, behavior supports are part of this IEP."

    broken = changed(sections, "special_factors", by_category)
    assert {"special_factor_response", "no_category_reasons"} <= errors(broken, ctx)


# --- Decisions by category, placeholders, unrecorded facts, instructions -------------------


def test_esy_justified_by_category_is_an_error() -> None:
    ctx, sections = drafted("autism_no_behavior_data")

    def by_category(data: dict[str, Any]) -> None:
        data["needed"] = True
        data["rationale"] = "With autism, these skills are at risk of being lost."

    assert "no_category_reasons" in errors(changed(sections, "esy", by_category), ctx)


def test_an_alternate_assessment_reason_naming_the_category_is_an_error() -> None:
    ctx, sections = drafted("alternate_aac")

    def by_category(data: dict[str, Any]) -> None:
        data["assessment_participation"]["why_regular_not_appropriate"] = (
            "Imani has a significant cognitive disability (intellectual disability)."
        )

    assert "no_category_reasons" in errors(changed(sections, "accommodations", by_category), ctx)


@pytest.mark.parametrize(
    ("section_type", "field", "text"),
    [
        ("present_levels", "needs", "Maya needs to build the skill the team named."),
        ("accommodations", "description", "Supports agreed by the team for this need"),
        ("services", "description", "Reading support TBD"),
        ("present_levels", "needs", "Maya needs [SKILL] practice."),
    ],
)
def test_placeholder_wording_is_an_error(section_type: str, field: str, text: str) -> None:
    ctx, sections = drafted("el_sld")

    def placeholder(data: dict[str, Any]) -> None:
        key = {"present_levels": "areas", "accommodations": "classroom", "services": "services"}
        data[key[section_type]][0][field] = text

    assert "no_placeholders" in errors(changed(sections, section_type, placeholder), ctx)


def test_an_invitation_the_record_does_not_hold_is_an_error() -> None:
    ctx, sections = drafted("transition_no_aspirations")

    def invited(data: dict[str, Any]) -> None:
        data["student_invited"] = True
        data["team_notes"] = "The student was invited to the IEP meeting."

    broken = changed(sections, "transition", invited)
    assert "no_unrecorded_facts" in errors(broken, ctx)


def test_telling_the_family_without_a_recorded_date_is_an_error() -> None:
    ctx, sections = drafted("transition_no_aspirations")

    def told(data: dict[str, Any]) -> None:
        data["statement"] += " Rhys and the family were told about this."

    assert "no_unrecorded_facts" in errors(changed(sections, "transfer_of_rights", told), ctx)


def test_a_parents_agreement_is_never_asserted_by_a_draft() -> None:
    ctx, sections = drafted("el_sld")

    def agreed(data: dict[str, Any]) -> None:
        data["rationale"] += " The parents agreed."

    assert "no_unrecorded_facts" in errors(changed(sections, "esy", agreed), ctx)


def test_a_drafting_instruction_copied_into_the_iep_is_an_error() -> None:
    instruction = "Keep the goals short and focus on fluency for the meeting."
    ctx, sections = drafted("el_sld", context=instruction)

    def copied(data: dict[str, Any]) -> None:
        data["team_notes"] = instruction

    assert "instructions_not_content" in errors(changed(sections, "annual_goals", copied), ctx)


# --- Dates against the meeting -----------------------------------------------------------


def test_a_service_starting_before_the_meeting_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def august(data: dict[str, Any]) -> None:
        data["services"][0]["start_date"] = "2026-08-15"

    broken = changed(sections, "services", august)
    assert "service_complete" in errors(broken, ctx)
    assert "from the meeting on 2026-11-30" in messages(broken, ctx)


def test_an_objective_due_before_the_meeting_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def november(data: dict[str, Any]) -> None:
        data["goals"][0]["short_term_objectives"][0]["target_date"] = "2026-11-19"

    assert "goal_timeframe" in errors(changed(sections, "annual_goals", november), ctx)


def test_a_baseline_due_before_the_meeting_is_an_error() -> None:
    ctx, sections = drafted("carried_goal")

    def september(data: dict[str, Any]) -> None:
        data["goals"][0]["baseline_due_date"] = "2026-09-26"

    assert "baseline_to_be_established" in errors(changed(sections, "annual_goals", september), ctx)


def test_an_esy_decision_date_outside_the_iep_is_an_error() -> None:
    ctx, sections = drafted("speech_sounds_only")

    def late(data: dict[str, Any]) -> None:
        data["decide_by"] = "2028-04-15"

    assert "dates_inside_iep" in errors(changed(sections, "esy", late), ctx)


def test_an_lre_percent_the_services_do_not_add_up_to_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def seventy_five(data: dict[str, Any]) -> None:
        data["percent_in_general_education"] = 75

    broken = changed(sections, "lre", seventy_five)
    assert "lre_matches_services" in errors(broken, ctx)


def test_a_change_from_the_recorded_placement_is_a_warning() -> None:
    ctx, sections = drafted("alternate_aac")
    assert "placement_change" in warnings(sections, ctx)


@pytest.mark.parametrize(
    ("frequency", "per_week"),
    [
        ("5 times per week", 5),
        ("3 times a week", 3),
        ("Daily", 5),
        ("Every school day, all day", 5),
        ("1 time per month", 0.25),
        ("twice a week", 2),
        ("Weekly", 1),
        ("as needed", None),
    ],
)
def test_service_frequencies_are_counted(frequency: str, per_week: float | None) -> None:
    assert sessions_per_week(frequency) == per_week


# --- Goals carried over, honest gaps, the rules of form ------------------------------------


def test_a_goal_carried_over_without_progress_data_is_a_warning() -> None:
    ctx, sections = drafted("carried_goal")
    assert "carried_goal_without_data" in warnings(sections, ctx)
    assert check_iep(sections, ctx).passed


def test_a_goal_copied_word_for_word_from_last_year_is_a_warning() -> None:
    ctx, sections = drafted("carried_goal")
    previous = CASES["carried_goal"].previous_goals[0]["statement"]

    def copied(data: dict[str, Any]) -> None:
        data["goals"][0]["statement"] = previous
        data["goals"][0]["progress_note"] = ""

    assert "repeated_goal" in warnings(changed(sections, "annual_goals", copied), ctx)


def test_a_record_without_data_cannot_pass_without_goals() -> None:
    ctx, sections = drafted("transfer_no_scores")
    assert errors(sections, ctx) == {"goal_for_each_need"}


def test_a_transition_plan_without_aspirations_is_incomplete() -> None:
    ctx, sections = drafted("transition_no_aspirations")
    broken = errors(sections, ctx)
    assert broken == {"transition_complete"}
    assert "postsecondary employment goal" in messages(sections, ctx)


def test_open_questions_are_listed_as_warnings() -> None:
    ctx, sections = drafted("transition_no_aspirations")
    assert "questions_for_team" in warnings(sections, ctx)


def test_missing_section_and_missing_impact_statement_are_errors() -> None:
    ctx, sections = drafted("el_sld")
    without_esy = {k: v for k, v in sections.items() if k != "esy"}
    assert "required_section" in errors(without_esy, ctx)

    def no_impact(data: dict[str, Any]) -> None:
        data["impact_on_general_curriculum"] = ""

    assert "impact_statement" in errors(changed(sections, "present_levels", no_impact), ctx)


def test_a_goal_without_anything_countable_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def vague(data: dict[str, Any]) -> None:
        data["goals"][0]["criterion"] = "with good fluency"
        data["goals"][0]["target"] = "fluent reading"

    assert "goal_measurable" in errors(changed(sections, "annual_goals", vague), ctx)


def test_citing_a_record_that_is_not_in_the_file_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def unknown(data: dict[str, Any]) -> None:
        data["areas"][0]["evidence"] = ["made-up-id"]

    assert "evidence_cited" in errors(changed(sections, "present_levels", unknown), ctx)


def test_an_invented_number_in_present_levels_is_an_error() -> None:
    ctx, sections = drafted("el_sld")

    def invented(data: dict[str, Any]) -> None:
        data["areas"][0]["current_performance"] += " Reads 97 words correct per minute at home."

    assert "no_invented_data" in errors(changed(sections, "present_levels", invented), ctx)


@pytest.mark.parametrize("missing", ["why_regular_not_appropriate", "why_alternate_appropriate"])
def test_an_alternate_assessment_needs_both_reasons(missing: str) -> None:
    ctx, sections = drafted("alternate_aac")

    def drop(data: dict[str, Any]) -> None:
        data["assessment_participation"][missing] = ""

    assert "alternate_assessment_justified" in errors(
        changed(sections, "accommodations", drop), ctx
    )


def test_transfer_of_rights_and_transition_follow_age() -> None:
    ctx, sections = drafted("rights_informed")

    def not_yet(data: dict[str, Any]) -> None:
        data.update(applies=False, not_applicable_reason="Too young.")

    assert "transfer_of_rights" in errors(changed(sections, "transfer_of_rights", not_yet), ctx)
    assert "transition_complete" in errors(changed(sections, "transition", not_yet), ctx)


def test_vague_verbs_and_dense_prose_are_warnings() -> None:
    ctx, sections = drafted("el_sld")

    def vague(data: dict[str, Any]) -> None:
        data["goals"][0]["behavior"] = "Maya will understand"

    assert "observable_verbs" in warnings(changed(sections, "annual_goals", vague), ctx)

    def dense(data: dict[str, Any]) -> None:
        data["rationale"] = (
            "Notwithstanding comprehensive longitudinal documentation, multidisciplinary "
            "considerations regarding regression-recoupment methodology necessitate "
            "individualized determinations incorporating quantitative instructional "
            "performance indicators and intervention effectiveness evaluations."
        )

    assert "readability" in warnings(changed(sections, "esy", dense), ctx)
    assert flesch_kincaid_grade("The cat sat.") < flesch_kincaid_grade(
        "Comprehensive multidisciplinary evaluation necessitates deliberation."
    )


def test_errors_are_listed_before_warnings() -> None:
    ctx, sections = drafted("transition_no_aspirations")
    report: ComplianceReport = check_iep(sections, ctx)
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert date(2026, 11, 30) == ctx.dates.meeting


def test_a_goal_no_service_works_toward_is_an_error() -> None:
    ctx, sections = drafted("alternate_aac")
    assert "goal_has_service" not in errors(sections, ctx)

    def drop_reading(data: dict[str, Any]) -> None:
        data["services"] = [s for s in data["services"] if "reading" not in s["serves"]]

    broken = changed(sections, "services", drop_reading)
    assert "goal_has_service" in errors(broken, ctx)
    assert "goal 1 (reading)" in messages(broken, ctx)
