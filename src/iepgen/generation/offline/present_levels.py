"""Offline draft of present levels: each area's real data, cited, and the curriculum impact."""

from __future__ import annotations

from typing import Final

from iepgen.generation.applicability import grade_band, is_preschool
from iepgen.generation.context import GenerationContext
from iepgen.generation.goal_bank import choose_pattern
from iepgen.sections import AREA_LABELS, AreaLevel, DataPoint, PresentLevels

from .facts import (
    AreaData,
    areas_of_need,
    assessment_sentence,
    baseline_due,
    disability_label,
    first_name,
    score_label,
)
from .notes import team_notes
from .wording import clip, join_words

# Where a need in each area shows up in the school day (for the impact statement).
AREA_IMPACT: Final[dict[str, str]] = {
    "reading": "reading tasks in every subject",
    "writing": "written work in all classes",
    "math": "math class and number work in science",
    "communication": "class discussions and working with classmates",
    "behavior": "following class routines and staying with instruction",
    "social_emotional": "group work and time with peers",
    "motor": "handwriting, art, PE and moving around the school",
    "adaptive": "daily routines and taking care of materials",
    "vocational": "career classes and work experiences",
    "health": "attendance and energy for the full school day",
    "other": "parts of the school day",
}
PRESCHOOL_IMPACT: Final = "play, circle time, early learning activities and daily routines"


def _data_points(data: AreaData) -> list[DataPoint]:
    points: list[DataPoint] = []
    for assessment in data.assessments:
        if assessment.score is not None:
            points.append(
                DataPoint(
                    measure=score_label(assessment.score_type)[:300],
                    value=assessment.score,
                    source=assessment.id,
                )
            )
        if assessment.percentile is not None:
            points.append(
                DataPoint(
                    measure="percentile",
                    value=assessment.percentile,
                    source=assessment.id,
                )
            )
    metric = data.metric
    if metric and not any(p.value == metric.value and p.source == metric.source_id for p in points):
        points.append(
            DataPoint(measure=metric.unit[:300], value=metric.value, source=metric.source_id)
        )
    return points


def _level_with_data(context: GenerationContext, data: AreaData, strengths: str) -> AreaLevel:
    name = first_name(context)
    sentences = [assessment_sentence(a, name) for a in data.assessments]
    for earlier in data.previous_goals[:2]:
        sentences.append(f"The {earlier.iep.academic_year} IEP had this goal: {earlier.statement}")
        note = str(earlier.goal.get("progress_note") or "").strip()
        if note:
            sentences.append(f"Progress noted then: {note}")
    if not data.assessments:
        sentences.append("No new assessment in this area has been entered this year.")
    pattern = choose_pattern(
        data.area, grade_band(context.student.grade_level), data.evidence_text()
    )
    needs = f"{name} needs to build {pattern.skill}."
    if data.metric:
        needs += f" Right now: {data.metric.phrase()}."
    return AreaLevel(
        area=data.area,
        current_performance=clip(" ".join(sentences), 3900),
        evidence=data.evidence,
        data_points=_data_points(data),
        strengths=clip(strengths, 3900),
        needs=clip(needs, 3900),
    )


def _level_without_data(context: GenerationContext, data: AreaData) -> AreaLevel:
    name = first_name(context)
    pattern = choose_pattern(data.area, grade_band(context.student.grade_level), "")
    return AreaLevel(
        area=data.area,
        current_performance=(
            f"No assessment data in this area has been entered yet. {name}'s "
            f"{disability_label(context)} suggests a need with {pattern.skill}."
        ),
        evidence=[],
        data_available=False,
        data_due_date=baseline_due(context),
        needs=f"{name} may need help with {pattern.skill}. Data will confirm this.",
    )


def impact_statement(context: GenerationContext, areas: list[str]) -> str:
    name = first_name(context)
    needs = join_words([AREA_LABELS[a].lower() for a in areas]) or "learning"
    if is_preschool(context.student.grade_level):
        return (
            f"{name}'s {disability_label(context)} affects {needs}. This makes it harder "
            f"for {name} to take part in {PRESCHOOL_IMPACT} with other children."
        )
    where = join_words([AREA_IMPACT[a] for a in areas]) or "class work"
    return (
        f"{name}'s {disability_label(context)} affects {needs}. This makes it harder "
        f"for {name} to take part and make progress in the general education curriculum, "
        f"mostly in {where}. With the supports in this IEP, {name} can keep learning "
        f"grade-level content with classmates."
    )


def present_levels(context: GenerationContext, notes: str | None = None) -> PresentLevels:
    strengths = context.student.strengths or ""
    levels: list[AreaLevel] = []
    for data in areas_of_need(context):
        if data.has_data:
            # The profile's strengths once, with the first area, rather than repeated.
            levels.append(_level_with_data(context, data, strengths))
            strengths = ""
        else:
            levels.append(_level_without_data(context, data))
    return PresentLevels(
        areas=levels,
        impact_on_general_curriculum=impact_statement(context, [lvl.area for lvl in levels]),
        team_notes=team_notes(context, "present_levels", notes),
    )
