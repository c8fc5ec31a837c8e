"""What a draft decides, as data: each decision with its evidence and reason (STYLE habit 16).

The decisions stage computes these from the record before any prose is written; the
offline drafter renders them, LLM prompts carry them, the checker holds every draft to
them, and the IEP stores them so a reader can see why the draft says what it says.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from iepgen.sections.base import Area, SupportTarget, TeamQuestion
from iepgen.sections.goals import Direction
from iepgen.sections.transition import TransitionDomain

NeedStatus = Literal["need", "not_a_need", "unclear", "no_data"]
FactorName = Literal[
    "behavior",
    "limited_english_proficiency",
    "blind_or_visually_impaired",
    "deaf_or_hard_of_hearing",
    "assistive_technology",
]


class _Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectionQuestion(TeamQuestion):
    section_type: str


class AreaDecision(_Decision):
    area: Area
    status: NeedStatus
    basis: str
    reason: str
    evidence: list[str] = Field(default_factory=list)
    severity: Literal["below_average", "well_below"] | None = None


class GoalPlan(_Decision):
    area: Area
    measure_key: str | None
    skill: str
    unit: str
    direction: Direction
    baseline_value: float | None
    target_value: float | None
    maximum: float | None = None
    baseline_source: str | None = None
    baseline_source_name: str | None = None
    baseline_date: date | None = None
    baseline_due: date | None = None
    # A baseline read from a norm-referenced test's summary is confirmed on the goal's own
    # probe by this date (the test and the progress probe are different instruments).
    baseline_confirm_by: date | None = None
    evidence: list[str] = Field(default_factory=list)
    condition: str
    behavior: str
    criterion: str
    target_text: str
    rationale: str
    method: str
    objective_values: list[float | None]
    objective_criteria: list[str]
    objective_dates: list[date]
    goal_date: date
    carried_from_iep: str | None = None
    carried_statement: str | None = None
    progress_note: str = ""
    # Last year's goal in this area and what its progress data showed (last_year.py).
    last_year: str = ""
    last_year_has_data: bool = False

    @property
    def baseline_known(self) -> bool:
        return self.baseline_value is not None


class FactorDecision(_Decision):
    factor: FactorName
    applies: bool
    reason: str
    evidence: list[str] = Field(default_factory=list)
    # The section's structured response for this factor (sections/special_factors.py).
    plan: dict[str, Any] | None = None
    # What supports may serve because this factor applies (braille, deaf_hard_of_hearing...).
    targets: list[SupportTarget] = Field(default_factory=list)


class SupportPlan(_Decision):
    category: Literal[
        "special_education",
        "related_service",
        "supplementary_aid",
        "program_modification",
        "personnel_support",
    ]
    description: str
    provider_role: str
    frequency: str
    per_week: float
    minutes: int
    location: str
    serves: list[SupportTarget]
    reason: str
    # A few words for the placement statement ("speech and language therapy").
    label: str
    outside_general_class: bool
    # The last day, when the service ends before the IEP does (comparable services run
    # until the new IEP, not for a year).
    until: date | None = None

    @property
    def weekly_minutes(self) -> float:
        return self.per_week * self.minutes


class AccommodationPlan(_Decision):
    description: str
    setting: Literal["classroom", "testing", "both"]
    serves: list[SupportTarget]
    reason: str


class ParticipationDecision(_Decision):
    mode: Literal["regular", "regular_with_accommodations", "alternate", "not_applicable"]
    accommodations: list[str] = Field(default_factory=list)
    why_regular_not_appropriate: str = ""
    why_alternate_appropriate: str = ""
    not_applicable_reason: str = ""
    reason: str


class PlacementDecision(_Decision):
    minutes_outside: int
    school_week_minutes: int
    percent_in_general_education: int
    placement: str
    current_percent: int | None
    comparison: str
    reason: str
    removal_labels: list[str] = Field(default_factory=list)
    # What the percent is counted on, when that is not settled (a preschool program's week).
    percent_basis: str = ""


class ESYDecision(_Decision):
    needed: bool | None
    reason: str
    evidence: list[str] = Field(default_factory=list)
    decide_by: date | None = None
    areas: list[Area] = Field(default_factory=list)


class TransitionServicePlan(_Decision):
    description: str
    responsible: str
    supports_goal: TransitionDomain


class TransitionDecision(_Decision):
    applies: bool
    reason: str
    start_age: int
    goals: dict[TransitionDomain, str] = Field(default_factory=dict)
    assessments: list[str] = Field(default_factory=list)
    services: list[TransitionServicePlan] = Field(default_factory=list)
    course_of_study: str = ""
    supporting_areas: list[Area] = Field(default_factory=list)
    invited_on: date | None = None


class TransferOfRightsDecision(_Decision):
    applies: bool
    reason: str
    majority_on: date | None = None
    informed_on: date | None = None
    inform_by: date | None = None
    # The notice was due before this meeting and the record does not show it was given.
    overdue: bool = False


class TransferDecision(_Decision):
    kind: Literal["in_state", "out_of_state"]
    statement: str
    records_received: bool


class DraftingNote(_Decision):
    instruction: str
    applied: bool
    how: str


class Decisions(_Decision):
    """Everything the record decides for one IEP, before any prose."""

    dates: dict[str, str | None]
    areas: list[AreaDecision]
    goals: list[GoalPlan]
    factors: list[FactorDecision]
    services: list[SupportPlan]
    accommodations: list[AccommodationPlan]
    participation: ParticipationDecision
    placement: PlacementDecision
    esy: ESYDecision
    transition: TransitionDecision
    transfer_of_rights: TransferOfRightsDecision
    transfer: TransferDecision | None = None
    # Duties the record calls for outside the areas and factors (a recorded health plan).
    other_targets: list[SupportTarget] = Field(default_factory=list)
    questions: list[SectionQuestion] = Field(default_factory=list)

    def need_areas(self) -> list[str]:
        return [a.area for a in self.areas if a.status == "need"]

    def area(self, area: str) -> AreaDecision | None:
        return next((a for a in self.areas if a.area == area), None)

    def factor(self, name: str) -> FactorDecision:
        return next(f for f in self.factors if f.factor == name)

    def support_targets(self) -> set[str]:
        """What a service or accommodation may serve: decided needs and called-for duties."""
        targets = set(self.need_areas()) | set(self.other_targets)
        for factor in self.factors:
            if factor.applies:
                targets.update(factor.targets)
        if self.transition.applies:
            targets.add("transition")
        if self.transfer is not None:
            targets.add("comparable_services")
        return targets

    def questions_for(self, section_type: str) -> list[TeamQuestion]:
        return [
            TeamQuestion(topic=q.topic, question=q.question, reason=q.reason, decide_by=q.decide_by)
            for q in self.questions
            if q.section_type == section_type
        ]
