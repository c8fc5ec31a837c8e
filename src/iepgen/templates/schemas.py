"""Request and response bodies for IEP templates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from iepgen.api.fields import OptionalLongText, ShortText
from iepgen.api.schemas import Paginated
from iepgen.models import Template
from iepgen.templates.builtin import IDEA_STANDARD_SECTIONS, SECTION_TYPES, SectionType

Instructions = Annotated[
    OptionalLongText,
    Field(description="What the generator should emphasise in this section."),
]


class TemplateSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section_type: SectionType
    title: ShortText
    instructions: Instructions = None


TEMPLATE_EXAMPLE: dict[str, Any] = {
    "name": "District IEP (middle school)",
    "description": "The district's form, with its own section titles.",
    "sections": [dict(section) for section in IDEA_STANDARD_SECTIONS],
}


class TemplateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [TEMPLATE_EXAMPLE]})

    name: ShortText
    description: OptionalLongText = None
    sections: list[TemplateSection] = Field(
        min_length=1,
        max_length=len(SECTION_TYPES),
        description="In document order; every section IDEA requires must be present.",
    )


class TemplateSectionOut(BaseModel):
    section_type: str
    title: str
    instructions: str


class TemplateOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "idea-standard",
                    "builtin": True,
                    "created_by": None,
                    "created_at": "2026-09-01T00:00:00Z",
                    **TEMPLATE_EXAMPLE,
                    "name": "IDEA standard IEP",
                }
            ]
        }
    )

    id: str
    name: str
    description: str | None
    builtin: bool
    sections: list[TemplateSectionOut]
    created_by: str | None
    created_at: datetime

    @classmethod
    def of(cls, template: Template) -> TemplateOut:
        return cls(
            id=template.id,
            name=template.name,
            description=template.description,
            builtin=template.builtin,
            sections=[
                TemplateSectionOut(
                    section_type=s["section_type"],
                    title=s["title"],
                    instructions=s.get("instructions") or "",
                )
                for s in template.sections
            ],
            created_by=template.created_by,
            created_at=template.created_at,
        )


class TemplatePage(Paginated[TemplateOut]):
    pass
