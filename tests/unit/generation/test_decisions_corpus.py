"""What the decisions stage decides for each hard student: the decisions, not the prose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from iepgen.generation.decisions import Decisions, decide
from tests.corpus.contexts import corpus_context
from tests.corpus.students import ALL_CASES, CASES, MEETING


def decided(key: str) -> Decisions:
    return decide(corpus_context(CASES[key]))


def status(decisions: Decisions) -> dict[str, str]:
    return {a.area: a.status for a in decisions.areas}


def services_text(decisions: Decisions) -> str:
    return " ".join(f"{s.description} {s.provider_role}" for s in decisions.services).lower()


def accommodations_text(decisions: Decisions) -> str:
    return " ".join(a.description for a in decisions.accommodations).lower()


def questions(decisions: Decisions, section_type: str | None = None) -> list[str]:
    return [
        f"{q.topic}: {q.question}"
        for q in decisions.questions
        if section_type is None or q.section_type == section_type
    ]


def test_the_corpus_holds_at_least_fifteen_students() -> None:
    assert len(ALL_CASES) >= 15


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.key)
def test_every_date_lies_between_the_meeting_and_the_end(case: object) -> None:
    decisions = decide(corpus_context(case))  # type: ignore[arg-type]
    assert decisions.dates["meeting_date"] == MEETING.isoformat()
    assert decisions.dates["end_date"] == "2027-11-29"
    for plan in decisions.goals:
        assert all(MEETING < day <= date(2027, 11, 29) for day in plan.objective_dates)
        assert plan.goal_date == date(2027, 11, 29)
        if plan.baseline_due:
            assert MEETING < plan.baseline_due < date(2027, 11, 29)
    if decisions.esy.decide_by:
        assert MEETING < decisions.esy.decide_by <= date(2027, 11, 29)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.key)
def test_every_support_serves_a_decided_need_or_factor(case: object) -> None:
    decisions = decide(corpus_context(case))  # type: ignore[arg-type]
    allowed = decisions.support_targets()
    for support in [*decisions.services, *decisions.accommodations]:
        assert support.serves and set(support.serves) <= allowed, support


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.key)
def test_no_goal_outside_a_decided_need(case: object) -> None:
    decisions = decide(corpus_context(case))  # type: ignore[arg-type]
    assert {g.area for g in decisions.goals} <= set(decisions.need_areas())


def test_deaf_asl_user_gets_a_communication_plan_and_an_interpreter_not_read_aloud() -> None:
    decisions = decided("deaf_asl_el")
    assert status(decisions) == {"reading": "need", "math": "not_a_need"}
    factor = decisions.factor("deaf_or_hard_of_hearing")
    assert factor.applies and factor.plan is not None
    assert "American Sign Language" in factor.plan["language_and_mode"]
    assert "directly" in factor.plan["direct_communication"]
    assert factor.plan["direct_instruction"] and factor.plan["academic_level"]
    assert "interpreter" in factor.plan["full_range_of_needs"]
    assert "interpret" in services_text(decisions)
    words = accommodations_text(decisions)
    assert "captions" in words and "in american sign language" in words
    assert "read aloud" not in words and "text-to-speech" not in words and "fm" not in words
    # An audiogram under "health" is an access finding, never a health need.
    assert "health" not in status(decisions)
    assert not any(s.provider_role == "School nurse" for s in decisions.services)
    # Reading is measured silently: no oral reading fluency for a Deaf signer.
    (goal,) = decisions.goals
    assert goal.measure_key == "comprehension" and goal.baseline_value == 55
    assert "grade-3" in goal.condition
    # English learner: proficiency and the test's listening domains go to the team.
    language = decisions.factor("limited_english_proficiency")
    assert language.applies and language.plan and "WIDA" in language.plan["proficiency"]
    assert any("listening and speaking" in q for q in questions(decisions, "accommodations"))


def test_blind_braille_reader_gets_braille_instruction_and_no_print_supports() -> None:
    decisions = decided("blind_braille")
    factor = decisions.factor("blind_or_visually_impaired")
    assert factor.applies and factor.plan is not None
    assert "braille" in factor.plan["braille_instruction"].lower()
    assert "whether" not in factor.plan["braille_instruction"]
    assert "Nemeth" in factor.plan["braille_instruction"]
    assert "orientation and mobility" in factor.plan["expanded_core"].lower()
    services = services_text(decisions)
    assert "teacher of students with visual impairments" in services
    assert "orientation and mobility" in services and "transcription" in services
    words = accommodations_text(decisions)
    assert "braille" in words
    for print_support in ("large print", "magnif", "handwriting", "pencil"):
        assert print_support not in words and print_support not in services
    (goal,) = decisions.goals
    assert goal.baseline_value == 38 and "braille" in goal.condition
    # Half the gap to the benchmark the probe states (90), not print growth norms.
    assert goal.target_value == 64 and "benchmark" in goal.rationale


def test_behavior_supports_follow_the_function_with_a_falling_target() -> None:
    decisions = decided("ed_with_fba")
    assert status(decisions)["behavior"] == "need" and status(decisions)["math"] == "not_a_need"
    factor = decisions.factor("behavior")
    assert factor.applies and factor.plan is not None
    assert "escape" in factor.plan["hypothesized_function"]
    assert factor.plan["replacement_behavior"] == "ask for a break with a break card"
    assert "October 20, 2026" in factor.plan["behavior_plan"]
    assert factor.plan["removals"].startswith("4 school day")
    goal, replacement = decisions.goals
    assert goal.unit == "% of observed intervals off task" and goal.direction == "decrease"
    # Measured where the baseline was: the FBA observed independent written work.
    assert goal.condition == "during independent written work"
    # The behavior the plan teaches is a goal of its own, its baseline measured first.
    assert replacement.behavior.startswith("ask for a break with a break card instead of")
    assert replacement.condition == "when he is asked to start a written task"
    assert replacement.baseline_value is None and replacement.baseline_due == date(2026, 12, 21)
    # A newly taught behavior starts near zero: the target is mastery, not a gain over it.
    assert (replacement.target_value, replacement.objective_values) == (80, [40, 60])
    assert replacement.criterion == "using it in 80% of opportunities for 4 weeks in a row"
    assert goal.baseline_value == 45 and goal.target_value is not None
    assert goal.target_value < goal.baseline_value
    assert "accuracy" not in goal.criterion
    values = [v for v in goal.objective_values if v is not None]
    assert values == sorted(values, reverse=True) and all(22 <= v <= 45 for v in values)


def test_alternate_standards_and_a_device_rest_on_data_not_the_category() -> None:
    decisions = decided("alternate_aac")
    participation = decisions.participation
    assert participation.mode == "alternate"
    # Adaptive results alone: the draft does not assert the state's cognitive criteria.
    assert "the team confirms at the meeting, with cognitive data" in (
        participation.why_regular_not_appropriate
    )
    # The current placement leads; the drafted sum is named as arithmetic, not a move.
    assert decisions.placement.placement.startswith("Regular class less than 40% of the day now")
    # Paced one to one under its own rules: no fixed multiple of a time limit on that test.
    timing = [a for a in decisions.accommodations if "xt" in a.description.split()[0]]
    assert [(a.description, a.setting) for a in timing] == [
        ("Extra time and breaks on reading-heavy class work", "classroom")
    ]
    assert "Vineland" in participation.why_regular_not_appropriate
    assert "intellectual disability" not in participation.why_regular_not_appropriate.lower()
    reading = next(g for g in decisions.goals if g.area == "reading")
    assert reading.unit == "functional community words" and reading.maximum == 100
    assert (reading.baseline_value, reading.target_value) == (35, 68)
    assert "grade-10" not in reading.condition
    communication = next(g for g in decisions.goals if g.area == "communication")
    assert communication.measure_key == "aac_messages"
    technology = decisions.factor("assistive_technology")
    assert technology.applies and "speech-generating device" in technology.plan["devices"]
    assert "family" in technology.plan["services_and_training"]
    transition = decisions.transition
    assert transition.applies and set(transition.goals) == {
        "education_training",
        "employment",
        "independent_living",
    }
    assert all(
        goal.startswith("After high school, Imani will") for goal in transition.goals.values()
    )
    assert {s.supports_goal for s in transition.services} == set(transition.goals)
    # What the course of study names is provided: a work placement and community instruction.
    provided = " ".join(s.description for s in transition.services)
    assert "school work placement toward Imani's goal" in provided
    assert "community-based instruction" in provided
    assert transition.invited_on == date(2026, 11, 2)
    # Current placement 35% against drafted services: a question, never a silent change.
    assert any("35%" in q for q in questions(decisions, "lre"))
    assert decisions.esy.needed is None


def test_speech_sounds_only_need_gets_speech_therapy_and_nothing_else() -> None:
    decisions = decided("speech_sounds_only")
    assert status(decisions) == {
        "reading": "not_a_need",
        "math": "not_a_need",
        "communication": "need",
    }
    (goal,) = decisions.goals
    assert goal.measure_key == "speech_sounds" and goal.baseline_value == 40
    # Speech therapy is the only instruction: it is the student's special education.
    (therapy,) = decisions.services
    assert (therapy.category, therapy.provider_role) == (
        "special_education",
        "Speech-language pathologist",
    )
    assert "text-to-speech" not in accommodations_text(decisions)
    assert decisions.placement.percent_in_general_education >= 95


def test_transfer_without_scores_decides_no_need_and_states_comparable_services() -> None:
    decisions = decided("transfer_no_scores")
    assert decisions.areas == [] and decisions.goals == []
    # The previous IEP's service continues as a comparable service, sized from its record.
    (comparable,) = decisions.services
    assert comparable.serves == ["comparable_services"]
    assert comparable.minutes == 45 and comparable.per_week == 5
    assert comparable.location == "Resource room"
    # Out of state: until the district's evaluation and new IEP (60 days projected), not a year.
    assert comparable.until == date(2027, 1, 29)
    assert "until the new IEP (projected January 29, 2027" in comparable.description
    assert "Placement under the previous IEP" in [q.topic for q in decisions.questions]
    assert decisions.transfer is not None
    assert "comparable" in decisions.transfer.statement
    assert "resource reading 45 minutes daily" in decisions.transfer.statement
    assert "November 10, 2026" in decisions.transfer.statement
    topics = [q.topic for q in decisions.questions]
    assert "Transfer records" in topics and "Reevaluation" in topics


def test_preschooler_takes_no_state_test_and_is_measured_in_play() -> None:
    decisions = decided("preschooler")
    assert decisions.participation.mode == "not_applicable"
    assert "early childhood outcomes" in decisions.participation.not_applicable_reason
    assert status(decisions) == {"communication": "need", "motor": "not_a_need"}
    (goal,) = decisions.goals
    assert goal.measure_key == "early_words" and goal.baseline_value == 20
    assert decisions.placement.placement.startswith("Early childhood program")
    assert "until the program's weekly hours are recorded" in decisions.placement.percent_basis


def test_results_at_benchmark_or_marked_not_a_need_create_nothing() -> None:
    decisions = decided("benchmark_reader")
    assert status(decisions) == {
        "reading": "not_a_need",
        "writing": "need",
        "math": "not_a_need",
    }
    assert [g.area for g in decisions.goals] == ["writing"]
    assert not any(set(s.serves) & {"reading", "math"} for s in decisions.services)
    assert "calculator" not in accommodations_text(decisions)
    assert "text-to-speech" not in accommodations_text(decisions)


def test_low_vision_print_reader_with_an_evaluation_gets_print_supports_not_braille() -> None:
    decisions = decided("low_vision_print")
    factor = decisions.factor("blind_or_visually_impaired")
    assert factor.applies and factor.plan is not None
    assert "not appropriate" in factor.plan["braille_instruction"]
    assert "large print" in accommodations_text(decisions)
    assert "braille" not in services_text(decisions)
    assert decisions.factor("assistive_technology").applies


def test_hard_of_hearing_spoken_language_user_has_no_interpreter() -> None:
    decisions = decided("hard_of_hearing_spoken")
    factor = decisions.factor("deaf_or_hard_of_hearing")
    assert factor.applies and factor.plan is not None
    assert "interpreter" not in factor.plan["direct_communication"]
    assert "interpret" not in services_text(decisions)
    assert "hearing aids" in services_text(decisions)


def test_autism_without_behavior_data_gets_no_behavior_decision() -> None:
    decisions = decided("autism_no_behavior_data")
    assert not decisions.factor("behavior").applies
    assert "behavior" not in status(decisions)
    assert status(decisions)["communication"] == "not_a_need"
    assert [g.area for g in decisions.goals] == ["social_emotional"]
    assert "autism" not in decisions.esy.reason.lower()


def test_carried_goal_without_data_keeps_its_area_and_asks_the_team() -> None:
    decisions = decided("carried_goal")
    (area,) = decisions.areas
    assert (area.area, area.basis) == ("math", "previous_iep")
    (goal,) = decisions.goals
    assert goal.baseline_value is None and goal.target_value is None
    assert goal.carried_statement and goal.baseline_due == date(2026, 12, 21)
    assert any("still" in q for q in questions(decisions, "present_levels"))


def test_missing_aspirations_invitation_and_notice_become_questions() -> None:
    decisions = decided("transition_no_aspirations")
    assert decisions.transition.applies and decisions.transition.goals == {}
    topics = {q.topic for q in decisions.questions}
    assert {
        "Postsecondary goal: education or training",
        "Postsecondary goal: employment",
        "Student invitation",
        "Transfer of rights",
    } <= topics
    rights = decisions.transfer_of_rights
    assert rights.applies and rights.informed_on is None
    # He turns 18 in August 2027: the notice was due in August 2026 and is overdue, which
    # the draft says rather than setting a deadline that has passed.
    assert rights.inform_by == date(2026, 8, 19) and rights.overdue
    (notice,) = [q for q in decisions.questions if q.topic == "Transfer of rights"]
    assert "was due by August 19, 2026" in notice.question and notice.decide_by is None
    # After he turns 18 inside this IEP, notices and reports go to him.
    assert "progress reports" in rights.reason
    assert {"Course of study", "Transition assessment"} <= topics


def test_break_data_decide_extended_school_year() -> None:
    assert decided("esy_regression").esy.needed is True
    assert decided("el_sld").esy.needed is False
    undecided = decided("speech_sounds_only").esy
    assert undecided.needed is None and undecided.decide_by == date(2027, 4, 15)


def test_a_health_plan_allows_nursing_services_without_a_health_goal() -> None:
    decisions = decided("health_plan")
    assert "health" not in decisions.need_areas()
    nurse = {s.category: s for s in decisions.services if s.provider_role == "School nurse"}
    # Health services for the student, and training for the adults around them.
    assert set(nurse) == {"related_service", "personnel_support"}
    assert all(s.serves == ["health_plan"] for s in nurse.values())
    (goal,) = decisions.goals
    assert goal.measure_key == "correct_word_sequences" and goal.baseline_value == 22


def test_an_unclear_finding_is_a_question_and_no_goal() -> None:
    decisions = decided("unclear_finding")
    assert status(decisions)["behavior"] == "unclear"
    assert [g.area for g in decisions.goals] == ["math"]
    assert not decisions.factor("behavior").applies
    assert any("behavior" in q.lower() for q in questions(decisions, "present_levels"))


def test_transfer_of_rights_is_stated_with_the_recorded_date() -> None:
    decisions = decided("rights_informed")
    rights = decisions.transfer_of_rights
    assert rights.informed_on == date(2026, 11, 16) and rights.inform_by is None
    transition = decisions.transition
    assert transition.goals["employment"] == (
        "After high school, Beatriz will work as a certified nursing assistant in a hospital."
    )


def test_english_learner_reading_goal_keeps_the_passage_level_of_its_baseline() -> None:
    decisions = decided("el_sld")
    (goal,) = decisions.goals
    assert goal.unit == "words correct per minute" and goal.baseline_value == 52
    assert "grade-5" in goal.condition
    assert "grade 5" in goal.rationale
    assert "glossary" in accommodations_text(decisions)


def test_an_english_learners_reading_need_asks_for_data_that_rule_out_learning_english() -> None:
    decisions = decided("el_sld")
    (asked,) = [q for q in questions(decisions, "present_levels") if "learning English" in q]
    assert "in Spanish" in asked and "reading difficulty" in asked
    # The English language development the record names is not silently left out of the day.
    lre = decisions.placement.reason
    assert "English language development (" in lre and "not among them" in lre
    assert any(
        q.startswith("English language development time") for q in questions(decisions, "lre")
    )


def test_a_home_language_assessment_of_the_need_answers_the_language_question() -> None:
    case = CASES["el_sld"]
    spanish = {
        **case.assessments[0],
        "summary": case.assessments[0]["summary"]
        + " Reading in Spanish was also below grade level (Spanish oral reading, grade 5).",
    }
    context = corpus_context(replace(case, assessments=[spanish, *case.assessments[1:]]))
    assert not [q for q in decide(context).questions if "learning English" in q.topic]


def test_a_student_who_is_not_an_english_learner_is_not_asked_about_language() -> None:
    decisions = decided("benchmark_reader")
    assert not [q for q in decisions.questions if "English" in q.topic]


def topics(decisions: Decisions) -> set[str]:
    return {q.topic for q in decisions.questions}


def test_a_reading_or_writing_need_is_a_reason_to_consider_technology_not_a_device() -> None:
    writer = decided("benchmark_reader")
    technology = writer.factor("assistive_technology")
    assert not technology.applies and technology.plan is None
    (asked,) = [q for q in writer.questions if q.topic == "Assistive technology"]
    assert "writing" in asked.question and "evaluation" in asked.question
    # The examples fit the student: nothing read aloud for a student who does not hear.
    deaf = [q for q in decided("deaf_asl_el").questions if q.topic == "Assistive technology"]
    assert deaf and "text-to-speech" not in deaf[0].question


def test_who_signs_at_school_and_which_braille_device_are_the_teams_facts() -> None:
    deaf = decided("deaf_asl_el")
    plan = deaf.factor("deaf_or_hard_of_hearing").plan or {}
    assert "signing staff" not in plan["direct_communication"]
    assert "Direct communication" in topics(deaf)
    blind = decided("blind_braille")
    devices = (blind.factor("assistive_technology").plan or {})["devices"]
    assert "the team names" in devices
    assert "Braille technology" in topics(blind)


def test_a_preschool_placement_asks_for_the_program_week_and_the_move_to_kindergarten() -> None:
    decisions = decided("preschooler")
    assert {"Early childhood program", "Move to kindergarten"} <= topics(decisions)
    assert "school week" not in decisions.placement.reason


def test_a_senior_is_asked_about_graduation_and_gets_dated_individual_services() -> None:
    decisions = decided("graduating_senior")
    assert {"Graduation", "Course of study"} <= topics(decisions)
    assert decisions.transition.course_of_study == ""
    assert decisions.transition.supporting_areas == ["reading"]
    descriptions = [s.description for s in decisions.transition.services]
    assert any("early childhood education" in d for d in descriptions)
    assert any("preschool teacher's assistant" in d for d in descriptions)
    assert all(d.startswith("By ") for d in descriptions)


def test_a_recorded_course_of_study_is_used_as_written() -> None:
    decisions = decided("rights_informed")
    assert decisions.transition.course_of_study.startswith("Standard diploma courses")
    assert "Course of study" not in topics(decisions)


def test_no_data_means_no_services_the_placement_kept_and_questions() -> None:
    decisions = decided("no_data_continuing")
    assert decisions.areas == [] and decisions.services == []
    assert decisions.placement.percent_in_general_education == 85
    assert {"Current data", "Family concerns"} <= topics(decisions)
    assert "Change of placement" not in topics(decisions)


def test_a_concern_the_record_has_no_area_for_is_quoted_back_to_the_team() -> None:
    (asked,) = [q for q in decided("unmapped_concern").questions if q.topic == "Family concerns"]
    assert "bus ride is long" in asked.question
    # A concern the draft answers elsewhere (braille, moving around school) is not asked.
    assert "Family concerns" not in topics(decided("blind_braille"))


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.key)
def test_a_goal_counts_only_the_checks_its_method_makes(case: object) -> None:
    for goal in decide(corpus_context(case)).goals:  # type: ignore[arg-type]
        if "weekly" in goal.criterion:
            assert "every week" in goal.method, (goal.method, goal.criterion)


def test_a_baseline_keeps_its_own_measure_and_sound() -> None:
    (maze,) = decided("graduating_senior").goals
    assert maze.measure_key == "maze" and maze.unit == "% of maze items correct"
    (speech,) = decided("unmapped_concern").goals
    assert speech.unit == "% of words with /r/ said correctly"
    assert speech.behavior == "say /r/ correctly in words"


def test_a_baseline_read_from_a_normed_test_is_confirmed_on_the_goals_probe() -> None:
    (comprehension,) = decided("deaf_asl_el").goals
    # The Woodcock-Johnson's summary gave the share; the goal's own checks confirm it.
    assert comprehension.baseline_confirm_by == date(2026, 12, 21)
    (braille,) = decided("blind_braille").goals
    assert braille.baseline_confirm_by is None  # a probe: the goal's own measure


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.key)
def test_objectives_are_real_steps_between_baseline_and_target(case: object) -> None:
    for goal in decide(corpus_context(case)).goals:  # type: ignore[arg-type]
        if goal.baseline_value is None or goal.target_value is None:
            continue
        values = [goal.baseline_value, *goal.objective_values, goal.target_value]
        assert len(set(values)) == len(values), values


def test_reports_and_objectives_fall_on_school_days_outside_summer() -> None:
    decisions = decided("el_sld")
    for plan in decisions.goals:
        for day in plan.objective_dates:
            assert day.weekday() < 5 and not (date(2027, 6, 15) <= day <= date(2027, 8, 14))


def test_sensory_needs_the_record_leaves_open_are_asked() -> None:
    deaf = topics(decided("deaf_asl_el"))
    assert {"American Sign Language proficiency", "Hearing technology"} <= deaf
    low_vision = decided("low_vision_print")
    assert "Orientation and mobility" in topics(low_vision)
    # The device an AT evaluation names is an accommodation too.
    assert "assistive technology named in the" in accommodations_text(low_vision)
    blind = accommodations_text(decided("blind_braille"))
    assert "audio versions of long texts, except when reading itself is tested" in blind


def test_strengths_are_asked_for_only_when_the_record_holds_none() -> None:
    assert "Strengths" in topics(decided("speech_sounds_only"))
    assert "Strengths" not in topics(decided("deaf_asl_el"))
