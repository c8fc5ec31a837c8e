"""`transition`: postsecondary goals and services, from the IEP year the student turns 16."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from iepgen.sections.base import (
    AREA_LABELS,
    MAX_EVIDENCE,
    Area,
    EvidenceId,
    OptionalText,
    SectionContent,
    ShortText,
    Text,
    friendly_date,
    sentence,
)


class PostsecondaryGoals(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    education_training: Text
    employment: Text
    independent_living: OptionalText = Field(default="", description="Where appropriate.")


class TransitionAssessment(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: ShortText
    administered_on: date | None = None
    summary: Text
    evidence: list[EvidenceId] = Field(default_factory=list, max_length=MAX_EVIDENCE)


class TransitionService(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: Text
    responsible: ShortText = Field(description="Who is responsible (school, agency, family).")


class Transition(SectionContent):
    applies: bool
    not_applicable_reason: OptionalText = ""
    postsecondary_goals: PostsecondaryGoals | None = None
    transition_assessments: list[TransitionAssessment] = Field(default_factory=list, max_length=12)
    transition_services: list[TransitionService] = Field(default_factory=list, max_length=20)
    course_of_study: OptionalText = ""
    supporting_goal_areas: list[Area] = Field(default_factory=list, max_length=11)
    student_invited: bool = False

    def _render_lines(self) -> list[str]:
        if not self.applies:
            return [f"A transition plan is not needed yet. {sentence(self.not_applicable_reason)}"]
        lines: list[str] = []
        if self.postsecondary_goals:
            goals = self.postsecondary_goals
            lines.append(f"School or training: {sentence(goals.education_training)}")
            lines.append(f"Work: {sentence(goals.employment)}")
            if goals.independent_living:
                lines.append(f"Daily living: {sentence(goals.independent_living)}")
        for assessment in self.transition_assessments:
            when = (
                f" ({friendly_date(assessment.administered_on)})"
                if assessment.administered_on
                else ""
            )
            lines.append(f"{assessment.name}{when}: {sentence(assessment.summary)}")
        for service in self.transition_services:
            lines.append(f"Service: {sentence(service.description)} By: {service.responsible}.")
        if self.course_of_study:
            lines.append(f"Courses: {sentence(self.course_of_study)}")
        if self.supporting_goal_areas:
            areas = ", ".join(AREA_LABELS[a].lower() for a in self.supporting_goal_areas)
            lines.append(f"Annual goals that support this plan: {areas}.")
        lines.append(
            "The student was invited to the IEP meeting."
            if self.student_invited
            else "The student has not yet been invited to the IEP meeting."
        )
        return lines
