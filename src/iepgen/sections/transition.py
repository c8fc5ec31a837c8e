"""`transition`: postsecondary goals and services, from the IEP year the student turns 16."""

from __future__ import annotations

from datetime import date
from typing import Literal

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

TransitionDomain = Literal["education_training", "employment", "independent_living"]
DOMAIN_LABELS = {
    "education_training": "School or training",
    "employment": "Work",
    "independent_living": "Daily living",
}


class PostsecondaryGoals(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Empty when the record holds no aspiration yet: the section then asks the team.
    education_training: OptionalText = ""
    employment: OptionalText = ""
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
    supports_goal: TransitionDomain | None = Field(
        default=None, description="The postsecondary goal this service moves toward."
    )


class Transition(SectionContent):
    applies: bool
    not_applicable_reason: OptionalText = ""
    postsecondary_goals: PostsecondaryGoals | None = None
    transition_assessments: list[TransitionAssessment] = Field(default_factory=list, max_length=12)
    transition_services: list[TransitionService] = Field(default_factory=list, max_length=20)
    course_of_study: OptionalText = ""
    supporting_goal_areas: list[Area] = Field(default_factory=list, max_length=11)
    student_invited: bool = False
    student_invited_on: date | None = Field(
        default=None, description="When the student was invited, as the record shows."
    )
    agencies_invited: list[ShortText] = Field(default_factory=list, max_length=10)

    def _render_lines(self) -> list[str]:
        if not self.applies:
            return [f"A transition plan is not needed yet. {sentence(self.not_applicable_reason)}"]
        lines: list[str] = []
        if self.postsecondary_goals:
            for domain, label in DOMAIN_LABELS.items():
                goal = getattr(self.postsecondary_goals, domain)
                if goal:
                    lines.append(f"{label}: {sentence(goal)}")
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
        if self.student_invited_on:
            lines.append(
                f"The student was invited to the IEP meeting on "
                f"{friendly_date(self.student_invited_on)}."
            )
        elif self.student_invited:
            lines.append("The student was invited to the IEP meeting.")
        else:
            lines.append("The record does not yet show that the student was invited.")
        if self.agencies_invited:
            lines.append(f"Agencies invited: {', '.join(self.agencies_invited)}.")
        return lines
