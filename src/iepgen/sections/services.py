"""`services`: special education, related services, aids, modifications, staff supports."""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from iepgen.sections.base import (
    OptionalText,
    SectionContent,
    ShortText,
    SupportTarget,
    Text,
    friendly_date,
    sentence,
)

ServiceCategory = Literal[
    "special_education",
    "related_service",
    "supplementary_aid",
    "program_modification",
    "personnel_support",
]

CATEGORY_LABELS: Final[dict[str, str]] = {
    "special_education": "Special education",
    "related_service": "Related service",
    "supplementary_aid": "Extra help in class",
    "program_modification": "Change to the program",
    "personnel_support": "Support for school staff",
}


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    category: ServiceCategory
    description: Text
    provider_role: ShortText = Field(description="Who provides it, e.g. 'Speech therapist'.")
    frequency: ShortText = Field(description="How often, e.g. '3 times per week'.")
    duration_minutes: int = Field(ge=1, le=480, description="Minutes per session.")
    location: ShortText = Field(description="Where, e.g. 'General education classroom'.")
    start_date: date
    end_date: date
    serves: list[SupportTarget] = Field(
        default_factory=list,
        max_length=12,
        description="The decided needs or special factors this service answers.",
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Service:
        if self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        return self


class Services(SectionContent):
    services: list[Service] = Field(default_factory=list, max_length=30)
    transfer_statement: OptionalText = Field(
        default="",
        description="For a student who transferred in: the comparable services given until "
        "the district adopts the previous IEP or writes a new one, and the records' status.",
    )

    def _render_lines(self) -> list[str]:
        lines: list[str] = []
        if self.transfer_statement:
            lines.append(sentence(self.transfer_statement))
        for service in self.services:
            lines.append(f"{CATEGORY_LABELS[service.category]}: {sentence(service.description)}")
            lines.append(
                f"Given by: {service.provider_role}. How often: {service.frequency}, "
                f"{service.duration_minutes} minutes each time. Where: {service.location}."
            )
            lines.append(
                f"From {friendly_date(service.start_date)} to {friendly_date(service.end_date)}."
            )
        return lines
