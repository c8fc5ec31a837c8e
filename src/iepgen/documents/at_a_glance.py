"""The IEP at a glance: one page for a general-education teacher (34 CFR §300.323(d)).

§300.323(d) makes the IEP accessible to each teacher who carries it out, and requires
that each is told their specific responsibilities and the accommodations, modifications
and supports they must provide. This page gives one teacher exactly that for their class:
the accommodations, the supports that happen in or for the general class, and the goals
in the areas their class touches, with the case manager to ask.
"""

from __future__ import annotations

from iepgen.export.document import (
    Block,
    Bullets,
    DocumentSection,
    ExportDocument,
    Paragraph,
    Signatures,
)
from iepgen.ieps.notices import drafted_with
from iepgen.sections import Accommodations, AnnualGoals, Services
from iepgen.sections.base import friendly_date
from iepgen.sections.vocabulary import grade_label
from iepgen.translation.languages import ENGLISH
from iepgen.translation.localize import Localizer

from .context import DocumentContext
from .family_summary import goal_line

# Supports that happen in, or are given to the staff of, the general class.
CLASS_SUPPORTS = {"supplementary_aid", "program_modification", "personnel_support"}


def build_at_a_glance(
    ctx: DocumentContext, *, teacher_name: str, class_name: str, areas: list[str]
) -> ExportDocument:
    iep, student = ctx.iep, ctx.student
    english = Localizer(ENGLISH)
    parsed = ctx.sections()
    name = student.first_name
    sections: list[DocumentSection] = []

    accommodations = parsed.get("accommodations")
    if isinstance(accommodations, Accommodations):
        in_class = [a.description for a in accommodations.classroom if a.setting != "testing"]
        on_tests = [a.description for a in accommodations.classroom if a.setting != "classroom"]
        blocks: list[Block] = []
        blocks.append(Bullets(tuple(in_class)) if in_class else Paragraph("None in class."))
        if on_tests:
            blocks.append(Paragraph("On tests and quizzes:", emphasis=True))
            blocks.append(Bullets(tuple(on_tests)))
        sections.append(
            DocumentSection(
                "accommodations", f"Accommodations {name} gets in your class", tuple(blocks)
            )
        )

    services = parsed.get("services")
    if isinstance(services, Services):
        supports = [
            f"{s.description} ({s.provider_role}, {s.frequency.lower()}, "
            f"{s.duration_minutes} minutes; {s.location})"
            for s in services.services
            if s.category in CLASS_SUPPORTS or "general education" in s.location.lower()
        ]
        if supports:
            sections.append(
                DocumentSection(
                    "supports", "Supports in or for your class", (Bullets(tuple(supports)),)
                )
            )

    goals = parsed.get("annual_goals")
    if isinstance(goals, AnnualGoals):
        mine = [g for g in goals.goals if g.area in areas]
        blocks = (
            [Bullets(tuple(english.text(goal_line(g)) for g in mine))]
            if mine
            else [Paragraph("No goal of this IEP is in the areas your class covers.")]
        )
        sections.append(DocumentSection("goals", "Goals your class works toward", tuple(blocks)))

    sections.append(
        DocumentSection(
            "responsibilities",
            "Your part",
            (
                Paragraph(
                    f"Provide these accommodations and supports in {class_name} every time they "
                    f"apply, and keep the work samples or data the case manager asks for on "
                    f"these goals. Questions: {english.text(ctx.contact())}."
                ),
            ),
        )
    )
    dates = iep.dates
    facts: list[tuple[str, str]] = [
        ("Student", f"{student.first_name} {student.last_name}"),
        ("Grade", grade_label(student.grade_level).capitalize()),
        ("Class", class_name),
        ("Teacher", teacher_name),
    ]
    if dates.start_date and dates.end_date:
        facts.append(
            (
                "IEP in effect",
                f"{friendly_date(dates.start_date)} to {friendly_date(dates.end_date)}",
            )
        )
    status = "Final" if iep.status == "final" else "Draft"
    facts.append(("IEP version", f"{status}, version {iep.version}"))
    notice = (
        f"Confidential: for {teacher_name} to carry out {name}'s IEP in {class_name}. "
        "Keep it with your class records; do not share it."
    )
    if iep.status != "final":
        notice += (
            f" DRAFT, written with {drafted_with(iep.generated_with)}: the IEP team has not "
            "finalized it."
        )
    return ExportDocument(
        title="IEP at a glance",
        subtitle=f"{name} {student.last_name} · {class_name}",
        facts=tuple(facts),
        status="final" if iep.status == "final" else "draft",
        notice=notice,
        running_header="Confidential student record",
        footer_label=f"IEP at a glance · {iep.academic_year}, version {iep.version}",
        sections=tuple(sections),
        closing=(Signatures((("Received by", teacher_name),)),),
        closing_new_page=False,
    )
