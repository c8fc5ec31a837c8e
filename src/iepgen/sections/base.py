"""What every section schema shares: strict parsing, bounded text, a plain-prose rendering."""

from __future__ import annotations

from abc import abstractmethod
from datetime import date
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Bounds keep a teacher's PATCH (or a runaway model) from storing megabytes in one field.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
EvidenceId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]

# Assessment areas of docs/api.md; a goal or present level names one of these.
Area = Literal[
    "reading",
    "writing",
    "math",
    "communication",
    "behavior",
    "social_emotional",
    "motor",
    "adaptive",
    "vocational",
    "health",
    "other",
]

AREA_LABELS: Final[dict[str, str]] = {
    "reading": "Reading",
    "writing": "Writing",
    "math": "Math",
    "communication": "Communication",
    "behavior": "Behavior",
    "social_emotional": "Social and emotional skills",
    "motor": "Motor skills",
    "adaptive": "Daily living skills",
    "vocational": "Work skills",
    "health": "Health",
    "other": "Other needs",
}

MAX_EVIDENCE: Final = 20

# What a service, support or accommodation is for: an area of need, or a special factor
# or duty the record calls for. A support that serves none of these has no reason to exist.
SupportTarget = Literal[
    "reading",
    "writing",
    "math",
    "communication",
    "behavior",
    "social_emotional",
    "motor",
    "adaptive",
    "vocational",
    "health",
    "other",
    "behavior_plan",
    "english_learning",
    "braille",
    "low_vision",
    "deaf_hard_of_hearing",
    "assistive_technology",
    "alternate_standards",
    "transition",
    "comparable_services",
    "health_plan",
]

SUPPORT_TARGET_LABELS: Final[dict[str, str]] = {
    **{area: label.lower() for area, label in AREA_LABELS.items()},
    "behavior_plan": "the behavior plan",
    "english_learning": "learning English",
    "braille": "braille and vision access",
    "low_vision": "access to print with low vision",
    "deaf_hard_of_hearing": "communication as a Deaf or hard-of-hearing student",
    "assistive_technology": "assistive technology",
    "alternate_standards": "learning to alternate standards",
    "transition": "the transition plan",
    "comparable_services": "services comparable to the previous IEP",
    "health_plan": "the health plan",
}


class TeamQuestion(BaseModel):
    """Something the record cannot decide: the team answers it at or before the meeting."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    topic: ShortText = Field(description="What it is about, e.g. 'Extended school year'.")
    question: Text = Field(description="The question, as the team would ask it.")
    reason: OptionalText = Field(default="", description="Why the draft could not decide it.")
    decide_by: date | None = Field(default=None, description="When it must be settled.")


class SectionContent(BaseModel):
    """Base of every section's structured content; `render_text` gives plain prose."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Notes the case manager wrote for this section of the IEP, verbatim (never the
    # drafting instructions, and never invented).
    team_notes: OptionalText = Field(
        default="",
        description="Notes from the IEP team or case manager for this section, if any.",
    )
    questions_for_team: list[TeamQuestion] = Field(
        default_factory=list,
        max_length=20,
        description="What the record cannot decide for this section; never placeholder text.",
    )

    def render_text(self) -> str:
        """This section as plain prose a family can read (aim: grade 8 or below)."""
        lines = [line.strip() for line in self._render_lines() if line and line.strip()]
        if self.team_notes:
            lines.append(f"Team notes: {self.team_notes}")
        return "\n".join(lines)

    @abstractmethod
    def _render_lines(self) -> list[str]:
        """The section's own prose, one sentence or list item per line."""


def sentence(text: str) -> str:
    """`text` as one sentence: first letter capital, ending punctuation added if missing."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def friendly_date(value: object) -> str:
    """A date as families read it: `September 15, 2025`."""
    if not isinstance(value, date):
        return str(value)
    return f"{value:%B} {value.day}, {value.year}"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"
