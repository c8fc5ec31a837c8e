"""What a generator may know (docs/iep.md "Inputs a generator may use"), as plain dataclasses.

This is the seam between the records and every provider: the pipeline builds a
`GenerationContext` from the database, the offline drafter reads it directly, LLM
providers turn it into a prompt (pseudonymised first). Nothing else reaches a generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


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


@dataclass(frozen=True)
class PreviousIEPFacts:
    """A finalised or draft IEP of the same student from an earlier year: what to build on."""

    id: str
    academic_year: str
    status: str
    # section_type -> structured content, as stored.
    sections: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class GenerationContext:
    student: StudentFacts
    academic_year: str
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
