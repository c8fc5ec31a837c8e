"""Everything a family or team document is built from, read once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from iepgen.errors import InvalidInput
from iepgen.generation.context import StudentFacts
from iepgen.generation.decisions import Decisions
from iepgen.ieps.notices import drafter_name
from iepgen.ieps.schemas import IEPOut
from iepgen.meetings.schemas import MeetingOut, Participant
from iepgen.models import Student
from iepgen.sections import SectionContent, parse_section_content
from iepgen.translation.text import Joined, Known, Msg, Part, Plain, joined


@dataclass(frozen=True)
class Assessment:
    name: str
    administered_on: date


@dataclass(frozen=True)
class DocumentContext:
    iep: IEPOut
    student: Student
    facts: StudentFacts
    meeting: MeetingOut | None
    case_manager_name: str
    today: date  # the school's today (SCHOOL_TIMEZONE)
    age_of_majority: int
    timezone: str
    # The language the family asked for documents in, as the record names it (None: English).
    language: str | None = None
    assessments: dict[str, Assessment] = field(default_factory=dict)
    previous_iep_ids: frozenset[str] = frozenset()

    def finalized_on(self, moment: datetime) -> date:
        """The school's date of a moment (a finalize at 7:44 pm is still that day)."""
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    @property
    def name(self) -> Plain:
        return Plain(self.student.first_name)

    @property
    def full_name(self) -> Plain:
        return Plain(f"{self.student.first_name} {self.student.last_name}")

    def sections(self) -> dict[str, SectionContent]:
        """The IEP's sections that parse (content from an older schema is left out)."""
        parsed: dict[str, SectionContent] = {}
        for section in self.iep.sections:
            try:
                parsed[section.section_type] = parse_section_content(
                    section.section_type, section.content
                )
            except InvalidInput:
                continue
        return parsed

    def decisions(self) -> Decisions | None:
        """The decisions stored with the IEP; None for an IEP drafted before they were."""
        if not self.iep.decisions:
            return None
        try:
            return Decisions.model_validate(self.iep.decisions)
        except ValidationError:
            return None

    @property
    def participants(self) -> list[Participant]:
        return list(self.meeting.participants) if self.meeting else []

    def contact(self) -> Part:
        """The family's contact: the meeting record's, else the case manager by name."""
        contact = self.meeting.contact if self.meeting else None
        if contact is None:
            return Joined((Plain(self.case_manager_name), _role_paren()), " ")
        pieces: list[Part] = [Plain(contact.name)]
        pieces.append(Msg("role.case_manager") if contact.role is None else Known(contact.role))
        if contact.phone:
            pieces.append(Msg("contact.phone", phone=Plain(contact.phone)))
        if contact.email:
            pieces.append(Msg("contact.email", email=Plain(contact.email)))
        return Joined(tuple(pieces), ", ")

    def parents(self) -> Part | None:
        names = list(self.student.parent_guardian_names or [])
        return Plain(", ".join(names)) if names else None

    def people(self) -> tuple[str, ...]:
        """Everyone besides the student a document names (hidden from a translation model)."""
        names = [self.case_manager_name, *(p.name for p in self.participants)]
        if self.meeting and self.meeting.contact:
            names.append(self.meeting.contact.name)
        return tuple(dict.fromkeys(n for n in names if n))


def _role_paren() -> Part:
    return Joined((Plain("("), Msg("role.case_manager"), Plain(")")), "")


def _drafter_part(provider: str, model: str | None) -> Part:
    if provider.startswith("offline") or not provider:
        return Msg("drafter.builtin")
    if provider == "openai" and model:
        return Msg("drafter.local", model=Plain(model))
    return Plain(drafter_name(provider, model))


def drafted_with_part(generated_with: dict[str, Any]) -> Part:
    """Who drafted, as `ieps.notices.drafted_with` says it, in the document's language:
    the built-in drafter, a named model, or both when a draft fell back part-way."""
    providers = str(generated_with.get("provider") or "").split(", ")
    models = str(generated_with.get("model") or "").split(", ")
    parts: list[Part] = []
    seen: set[str] = set()
    for index, provider in enumerate(providers):
        model = models[index] if index < len(models) else None
        name = drafter_name(provider, model)
        if name not in seen:
            seen.add(name)
            parts.append(_drafter_part(provider, model))
    if len(parts) == 1:
        return parts[0]
    return Msg("drafters.both", first=parts[0], second=joined(*parts[1:], separator=", "))


def grade_part(grade_level: str) -> Part:
    if grade_level == "PK":
        return Msg("grade.pk")
    if grade_level == "K":
        return Msg("grade.k")
    return Msg("grade.n", n=Plain(grade_level))
