"""A plain-language summary of an IEP for the family, as a PDF (`format=family`).

PDF rather than Markdown: it opens on any phone or library computer, prints as it looks,
and is what schools already send home; Markdown is a format for people who write it.
The summary is built from short structured fields (targets, dates, who and how often),
not the legal prose, and measured with the compliance checker's Flesch-Kincaid formula:
the goal is grade 8 or below (docs/iep.md, "Readability for families").
"""

from __future__ import annotations

from typing import Any

from iepgen.errors import InvalidInput
from iepgen.generation.compliance import flesch_kincaid_grade
from iepgen.ieps.notices import drafted_with
from iepgen.ieps.schemas import IEPOut
from iepgen.models import Student
from iepgen.sections import (
    AREA_LABELS,
    Accommodations,
    AnnualGoals,
    ExtendedSchoolYear,
    LeastRestrictiveEnvironment,
    ProgressReporting,
    SectionContent,
    Services,
    parse_section_content,
)
from iepgen.sections.base import friendly_date, sentence
from iepgen.sections.vocabulary import grade_label

from .document import Block, Bullets, DocumentSection, ExportDocument, Paragraph

TARGET_GRADE_LEVEL = 8.0

NEXT_STEPS = (
    "Read this summary and write down your questions.",
    "You are part of the IEP team. Your ideas count.",
    "You can ask for a meeting at any time.",
    "You can ask for this plan in your home language.",
    "You can ask for a copy of the full IEP.",
)


def _parsed(iep: IEPOut) -> dict[str, SectionContent]:
    parsed: dict[str, SectionContent] = {}
    for section in iep.sections:
        try:
            parsed[section.section_type] = parse_section_content(
                section.section_type, section.content
            )
        except InvalidInput:
            continue  # stored content from an older schema: leave it out of the summary
    return parsed


def _notice(iep: IEPOut) -> str:
    if iep.status == "final":
        return f"This plan is final. {iep.final_notice or ''}".strip()
    return (
        f"This is a draft, written with {drafted_with(iep.generated_with)}. The IEP team "
        "must check it and fix it before it is final."
    )


def _goals(content: Any, name: str) -> list[Block]:
    assert isinstance(content, AnnualGoals)
    items = tuple(
        f"{AREA_LABELS[goal.area]}: {sentence(goal.target)} "
        f"We hope to see this by {friendly_date(goal.timeframe)}."
        for goal in content.goals
    )
    return [Paragraph(f"These are the goals for {name} this year."), Bullets(items)]


def _services(content: Any, name: str) -> list[Block]:
    assert isinstance(content, Services)
    items = tuple(
        f"{sentence(service.description)} Who: {service.provider_role}. "
        f"How often: {service.frequency}, {service.duration_minutes} minutes each time. "
        f"Where: {service.location}."
        for service in content.services
    )
    return [Paragraph(f"This is the help {name} will get at school."), Bullets(items)]


def _supports(content: Any, name: str) -> list[Block]:
    assert isinstance(content, Accommodations)
    blocks: list[Block] = [
        Paragraph(f"These changes help {name} learn and show what they know."),
        Bullets(tuple(sentence(item.description) for item in content.classroom)),
    ]
    mode = content.assessment_participation.mode
    tests = {
        "regular": f"{name} will take the same state tests as other students.",
        "regular_with_accommodations": f"{name} will take the same state tests, with some help.",
        "alternate": f"{name} will take a different state test that fits their needs.",
    }[mode]
    blocks.append(Paragraph(tests))
    return blocks


def _placement(content: Any, name: str) -> list[Block]:
    assert isinstance(content, LeastRestrictiveEnvironment)
    return [
        Paragraph(
            f"{name} will be in regular classes for {content.percent_in_general_education} "
            "percent of the school day."
        )
    ]


def _summer(content: Any, name: str) -> list[Block]:
    assert isinstance(content, ExtendedSchoolYear)
    if content.needed:
        return [Paragraph(f"{name} will get help over the summer break.")]
    return [Paragraph(f"{name} does not need extra help over the summer break.")]


def _progress(content: Any, _name: str) -> list[Block]:
    assert isinstance(content, ProgressReporting)
    return [
        Paragraph(f"You will get a progress report. When: {sentence(content.schedule)}"),
        Paragraph(sentence(content.reports_to_parents)),
    ]


PARTS = (
    ("annual_goals", "Goals for this year", _goals),
    ("services", "Help at school", _services),
    ("accommodations", "Supports in class and on tests", _supports),
    ("lre", "Where {name} learns", _placement),
    ("esy", "Summer break", _summer),
    ("progress_reporting", "How you will hear about progress", _progress),
)


def build_family_summary(iep: IEPOut, student: Student) -> ExportDocument:
    name = student.first_name
    parsed = _parsed(iep)
    sections: list[DocumentSection] = []
    about: list[Block] = [
        Paragraph(
            f"{name} is in {grade_label(student.grade_level)}"
            + (f" at {student.school}." if student.school else ".")
        )
    ]
    if student.strengths:
        about.append(Paragraph(f"{name} is good at this: {sentence(student.strengths)}"))
    if student.interests:
        about.append(Paragraph(f"{name} likes: {sentence(student.interests)}"))
    sections.append(DocumentSection("student_profile", f"About {name}", tuple(about)))
    for section_type, title, build in PARTS:
        if section_type in parsed:
            blocks = tuple(build(parsed[section_type], name))
            sections.append(DocumentSection(section_type, title.format(name=name), blocks))
    sections.append(DocumentSection("next_steps", "What you can do", (Bullets(NEXT_STEPS),)))
    return ExportDocument(
        title=f"{name}'s IEP: a summary for families",
        subtitle=f"School year {iep.academic_year}",
        facts=(
            ("Student", f"{student.first_name} {student.last_name}"),
            ("School year", iep.academic_year),
            ("This copy", "Final plan" if iep.status == "final" else "Draft for review"),
        ),
        status=iep.status,
        notice=_notice(iep),
        running_header=(
            "Summary of the final IEP"
            if iep.status == "final"
            else "DRAFT summary: the IEP team must review it"
        ),
        footer_label=f"Family summary {iep.academic_year} · {iep.id[:8]}",
        sections=tuple(sections),
    )


def reading_grade(document: ExportDocument) -> float:
    """Flesch-Kincaid grade of everything the summary says (the family's reading load)."""
    return flesch_kincaid_grade(document.plain_text())
