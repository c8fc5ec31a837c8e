"""Offline draft of present levels: each decided need with its data, and what was not a need."""

from __future__ import annotations

from typing import Final

from iepgen.generation.applicability import is_preschool
from iepgen.generation.context import AssessmentFacts, GenerationContext
from iepgen.generation.decisions import AreaDecision, Decisions, GoalPlan
from iepgen.generation.decisions.factors import is_hearing_finding, is_vision_finding
from iepgen.generation.decisions.goals import measure_phrase
from iepgen.generation.decisions.readings import Reading, read_assessment, stated_expectation
from iepgen.sections import AREA_LABELS, AreaLevel, DataPoint, PresentLevels
from iepgen.sections.base import friendly_date
from iepgen.sections.present_levels import AreaSummary
from iepgen.sections.vocabulary import DISABILITY_LABELS, join_words

from .wording import assessment_sentence, clip, notes_for, score_words

# Where a need in each area shows up in the school day (for the impact statement).
AREA_IMPACT: Final[dict[str, str]] = {
    "reading": "reading tasks in every subject",
    "writing": "written work in all classes",
    "math": "math class and number work in science",
    "communication": "class discussions and working with classmates",
    "behavior": "staying with instruction and class routines",
    "social_emotional": "group work and time with peers",
    "motor": "handwriting, art, PE and moving around the school",
    "adaptive": "daily routines and taking care of materials",
    "vocational": "career classes and work experiences",
    "health": "attendance and energy for the full school day",
    "other": "parts of the school day",
}
PRESCHOOL_IMPACT: Final = "play, circle time, early learning activities and daily routines"


def _expected_on_measure(cited: list[AssessmentFacts], plan: GoalPlan | None) -> str:
    """The expectation the record states on the goal's own measure ("grade-8 norm 150")."""
    if plan is None:
        return ""
    for assessment in cited:
        if assessment.id != plan.baseline_source:
            continue
        expected = stated_expectation(assessment)
        if expected is not None:
            return (
                f"{measure_phrase(expected, plan.unit, plan.maximum)}, the expectation the "
                f"{assessment.name} states."
            )
    return ""


def _expected(assessment: AssessmentFacts) -> str:
    """The average range the reading compares with, in the assessment's own kind of score."""
    reading = read_assessment(assessment)
    if reading.basis != "norm_score":
        return ""
    kind = (assessment.score_type or "").lower()
    # Named by its test: the goal may count something else (percent correct, words), and an
    # unnamed "Expected" would read as the goal's own expectation.
    on = f"On the {assessment.name}, "
    if assessment.score is not None and "standard" in kind:
        return on + "a standard score of 85 or above is in the average range for age or grade."
    if assessment.score is not None and "scaled" in kind:
        return on + "a scaled score of 7 or above is in the average range."
    if assessment.score is not None and "t" in kind.replace("_", " ").split():
        return on + "a T-score under 60 is in the typical range."
    return on + "the 16th percentile or above is in the average range for age or grade."


def _baseline_point(plan: GoalPlan | None) -> list[DataPoint]:
    """The goal's baseline first in the data table: the number the goal is measured from."""
    if plan is None or plan.baseline_value is None or plan.baseline_source is None:
        return []
    return [
        DataPoint(measure=plan.unit[:300], value=plan.baseline_value, source=plan.baseline_source)
    ]


def _data_points(assessments: list[AssessmentFacts]) -> list[DataPoint]:
    points: list[DataPoint] = []
    for assessment in assessments:
        if assessment.score is not None:
            points.append(
                DataPoint(
                    measure=score_words(assessment.score_type)[:300],
                    value=assessment.score,
                    source=assessment.id,
                )
            )
        if assessment.percentile is not None:
            points.append(
                DataPoint(measure="percentile", value=assessment.percentile, source=assessment.id)
            )
    return points


def _need_statement(name: str, decision: AreaDecision, plan: GoalPlan | None) -> str:
    label = AREA_LABELS[decision.area].lower()
    if plan is None:
        return f"{name} needs specialized instruction in {label}."
    now = (
        f" Now: {measure_phrase(plan.baseline_value, plan.unit, plan.maximum)}."
        if plan.baseline_value is not None
        else ""
    )
    return f"{name} needs specialized instruction in {plan.skill}.{now}"


def _level(
    context: GenerationContext, decision: AreaDecision, plan: GoalPlan | None, strengths: str
) -> AreaLevel:
    name = context.student.first_name
    sources = {
        *decision.evidence,
        *([plan.baseline_source] if plan and plan.baseline_source else []),
    }
    cited = [a for a in context.assessments if a.id in sources]
    sentences = [assessment_sentence(a) for a in cited]
    progress_source = (
        [plan.baseline_source] if plan and plan.last_year_has_data and plan.baseline_source else []
    )
    record_ids = [
        e
        for e in dict.fromkeys([*decision.evidence, *(a.id for a in cited), *progress_source])
        if not e.startswith("student.")
    ]
    if plan is not None and plan.last_year_has_data:
        sentences.append(plan.last_year)
    elif decision.basis == "previous_iep" and plan is not None and plan.carried_statement:
        sentences.append(
            f"The previous IEP had this goal: {plan.carried_statement} No progress data on it "
            "is in the record."
        )
    if decision.basis == "behavior_record" and not cited:
        behavior = context.student.behavior
        if behavior is not None and behavior.target_behavior:
            sentences.append(f"The record describes the behavior: {behavior.target_behavior}.")
    has_data = bool(cited) or decision.basis == "previous_iep"
    if not has_data and plan is not None:
        sentences.append(
            f"No {AREA_LABELS[decision.area].lower()} data is in the record yet. It will be "
            f"collected by {friendly_date(plan.baseline_due or context.dates.baseline_due)}."
        )
    return AreaLevel(
        area=decision.area,
        current_performance=clip(" ".join(sentences) or decision.reason, 3900),
        evidence=record_ids,
        data_points=_baseline_point(plan) + _data_points(cited),
        data_available=has_data,
        data_due_date=None
        if has_data
        else (plan.baseline_due if plan else context.dates.baseline_due),
        strengths=clip(strengths, 3900),
        needs=clip(_need_statement(name, decision, plan), 3900),
        expected_level=_expected_on_measure(cited, plan) or (_expected(cited[0]) if cited else ""),
    )


def _other_areas(context: GenerationContext, decisions: Decisions) -> list[AreaSummary]:
    others: list[AreaSummary] = []
    for decision in decisions.areas:
        if decision.status == "need":
            continue
        prefix = (
            "Not yet decided; see the questions for the team. "
            if decision.status == "unclear"
            else ""
        )
        others.append(
            AreaSummary(
                area=decision.area,
                summary=clip(prefix + decision.reason, 3900),
                evidence=[e for e in decision.evidence if not e.startswith("student.")],
            )
        )
    decided = {d.area for d in decisions.areas}
    for assessment in context.assessments:
        reading = read_assessment(assessment)
        if reading.status in ("access", "context") and assessment.area not in decided:
            others.append(
                AreaSummary(
                    area=assessment.area,
                    summary=clip(
                        f"{assessment_sentence(assessment)} {_use(context, reading)}", 3900
                    ),
                    evidence=[assessment.id],
                    status="other_finding",
                )
            )
    return others


def _use(context: GenerationContext, reading: Reading) -> str:
    """What a finding that is not a skill to teach is for."""
    if reading.status == "context":
        return "It informs the transition plan."
    text = f"{reading.assessment.name} {reading.assessment.summary}"
    if is_hearing_finding(text) or is_vision_finding(text):
        return "It shapes how information reaches the student (see special factors)."
    if context.student.health_plan:
        return "The health plan covers it (see services)."
    return "It shapes access and accommodations, not a skill to teach."


def _need_words(area: str, decisions: Decisions | None) -> str:
    """A need named by its skill and, when the record gives one, the level now:
    'reading fluency (38 words correct per minute now)'."""
    plan = next((g for g in decisions.goals if g.area == area), None) if decisions else None
    if plan is None:
        return AREA_LABELS[area].lower()
    skill = plan.skill.split(":")[0].split(" (")[0]
    if plan.baseline_value is None:
        return skill
    return f"{skill} ({measure_phrase(plan.baseline_value, plan.unit, plan.maximum)} now)"


def impact_statement(
    context: GenerationContext, areas: list[str], decisions: Decisions | None = None
) -> str:
    """How the needs the data show affect the general curriculum: from the data, with the
    category only as the eligibility it is (decisions.md: never a reason)."""
    name = context.student.first_name
    disability = DISABILITY_LABELS.get(context.student.disability_category, "disability")
    eligible = f"{name} is eligible for special education under {disability}."
    if not areas:
        return (
            f"{eligible} The record does not yet hold current data showing how it affects "
            f"{name}'s learning; the team describes it once the data are in."
        )
    needs = join_words([_need_words(a, decisions) for a in areas])
    if is_preschool(context.student.grade_level):
        return (
            f"{eligible} The data above show needs in {needs}. These make it harder for "
            f"{name} to take part in {PRESCHOOL_IMPACT} with other children."
        )
    where = join_words([AREA_IMPACT[a] for a in areas if a != "other"]) or "class work"
    return (
        f"{eligible} The data above show needs in {needs}. These make it harder for {name} "
        f"to take part and make progress in the general education curriculum, mostly in "
        f"{where}."
    )


def present_levels(context: GenerationContext, decisions: Decisions) -> PresentLevels:
    strengths = context.student.strengths or ""
    plans = {plan.area: plan for plan in decisions.goals}
    levels: list[AreaLevel] = []
    for decision in decisions.areas:
        if decision.status != "need":
            continue
        levels.append(_level(context, decision, plans.get(decision.area), strengths))
        strengths = ""  # the profile's strengths once, with the first area
    return PresentLevels(
        areas=levels,
        other_areas=_other_areas(context, decisions),
        impact_on_general_curriculum=impact_statement(
            context, [lvl.area for lvl in levels], decisions
        ),
        parent_input=clip(context.student.parent_concerns or "", 3900),
        student_input=clip(context.student.student_input or "", 3900),
        team_notes=notes_for(context, "present_levels"),
        questions_for_team=decisions.questions_for("present_levels"),
    )
