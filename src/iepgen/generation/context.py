"""What a generator may know (docs/iep.md "Inputs a generator may use"), as plain dataclasses.

This is the seam between the records and every provider: the pipeline builds a
`GenerationContext` from the database, the offline drafter reads it directly, LLM
providers turn it into a prompt (pseudonymised first). Nothing else reaches a generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from iepgen.sections.dates import IEPDates
from iepgen.students.record_parts import (
    Behavior,
    Communication,
    EnglishLearning,
    ExtendedSchoolYearData,
    PostsecondaryAspirations,
    Subscore,
    Transfer,
    Vision,
)


@dataclass(frozen=True)
class StudentFacts:
    id: str
    first_name: str
    last_name: str
    date_of_birth: date
    grade_level: str
    school: str | None
    student_number: str | None
    disability_category: str
    secondary_disabilities: tuple[str, ...]
    primary_language: str | None
    english_learner: bool
    alternate_assessment: bool
    parent_guardian_names: tuple[str, ...]
    strengths: str | None
    interests: str | None
    parent_concerns: str | None
    notes: str | None
    communication: Communication | None = None
    vision: Vision | None = None
    behavior: Behavior | None = None
    english_learning: EnglishLearning | None = None
    transfer: Transfer | None = None
    postsecondary_aspirations: PostsecondaryAspirations | None = None
    extended_school_year: ExtendedSchoolYearData | None = None
    student_input: str | None = None
    health_plan: str | None = None
    document_language: str | None = None
    percent_in_general_education: int | None = None
    last_evaluation_on: date | None = None
    reevaluation_due_on: date | None = None
    invited_to_meeting_on: date | None = None
    transfer_of_rights_informed_on: date | None = None

    @property
    def categories(self) -> frozenset[str]:
        return frozenset({self.disability_category, *self.secondary_disabilities})


@dataclass(frozen=True)
class AssessmentFacts:
    id: str
    name: str
    area: str
    administered_on: date
    score: float | None
    score_type: str | None
    percentile: float | None
    summary: str
    evaluator: str | None
    finding: str | None = None
    subscores: tuple[Subscore, ...] = ()


@dataclass(frozen=True)
class GoalOutcome:
    """A goal of an earlier final IEP and what its progress data showed by the year's end.

    Numbers and dates only: the notes staff wrote with each point stay out of drafting.
    """

    number: int  # as the earlier IEP numbered it
    area: str
    statement: str
    unit: str
    direction: str  # increase | decrease
    baseline_value: float | None
    target_value: float | None
    goal_date: date
    points: int
    first_on: date | None = None
    latest_on: date | None = None
    latest_value: float | None = None

    @property
    def met(self) -> bool | None:
        """Whether the latest value reached the target; None without data or a target."""
        if self.latest_value is None or self.target_value is None:
            return None
        if self.direction == "decrease":
            return self.latest_value <= self.target_value
        return self.latest_value >= self.target_value


@dataclass(frozen=True)
class PreviousIEPFacts:
    """A finalised or draft IEP of the same student from an earlier year: what to build on."""

    id: str
    academic_year: str
    status: str
    # section_type -> structured content, as stored.
    sections: dict[str, dict[str, Any]]
    # A final IEP's goals with their progress data (a draft was never monitored).
    goal_outcomes: tuple[GoalOutcome, ...] = ()

    def outcome_for(self, area: str) -> GoalOutcome | None:
        """The first goal in `area` (the one a new goal in that area continues)."""
        return next((o for o in self.goal_outcomes if o.area == area), None)


@dataclass(frozen=True)
class GenerationContext:
    student: StudentFacts
    academic_year: str
    # The IEP's own period: from the meeting date for one year (sections/dates.py).
    iep_year_start: date
    iep_year_end: date
    age_at_start: int
    age_at_end: int
    age_of_majority: int
    assessments: tuple[AssessmentFacts, ...]
    previous_ieps: tuple[PreviousIEPFacts, ...]
    # section_type -> (title, instructions) from the template, in document order.
    template_sections: tuple[tuple[str, str, str], ...]
    case_manager_context: str | None
    transition_required: bool
    transfer_of_rights_required: bool
    extra: dict[str, Any] = field(default_factory=dict)
    meeting_date: date | None = None
    reevaluation_due: date | None = None
    # Notes the case manager wrote for the IEP itself, by section type (never the drafting
    # instructions in `case_manager_context`, which steer the draft and stay out of it).
    section_notes: dict[str, str] = field(default_factory=dict)
    # Areas the case manager asked goals for (checked against the data, never assumed).
    requested_goal_areas: tuple[str, ...] = ()
    # The school week that percent-in-general-education is out of (a setting).
    school_week_minutes: int = 1950

    @property
    def dates(self) -> IEPDates:
        meeting = self.meeting_date or self.iep_year_start
        return IEPDates(
            meeting=meeting,
            start=self.iep_year_start,
            end=self.iep_year_end,
            annual_review_due=self.iep_year_end,
            reevaluation_due=self.reevaluation_due,
        )
