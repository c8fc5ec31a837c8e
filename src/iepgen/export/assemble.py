"""An IEP body and its student's record, assembled into the document every format renders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from iepgen.ieps.schemas import IEPOut
from iepgen.models import Assessment, Student
from iepgen.sections.base import friendly_date
from iepgen.sections.vocabulary import DISABILITY_LABELS, grade_label

from .document import DocumentSection, ExportDocument, ReviewList
from .section_blocks import section_blocks

DOCUMENT_TITLE = "Individualized Education Program"
SEVERITY_LABELS = {"error": "Must fix", "warning": "Check"}


def evidence_labels(assessments: Sequence[Assessment]) -> dict[str, str]:
    """Assessment id → `Name (date)`, so a document cites sources a reader recognises."""
    return {a.id: f"{a.name} ({friendly_date(a.administered_on)})" for a in assessments}


def status_line(iep: IEPOut) -> str:
    return f"{'Final' if iep.status == 'final' else 'Draft'}, version {iep.version}"


def file_stem(iep: IEPOut) -> str:
    """`IEP-2025-2026-c2a4e6f8`: no student name, so download logs and folders reveal none."""
    return f"IEP-{iep.academic_year}-{iep.id[:8]}"


def _day(value: date | None, missing: str = "Not recorded") -> str:
    return friendly_date(value) if value is not None else missing


def build_document(
    iep: IEPOut,
    student: Student,
    *,
    labels: Mapping[str, str],
) -> ExportDocument:
    dates = iep.dates
    facts: list[tuple[str, str]] = [
        ("Student", f"{student.first_name} {student.last_name}"),
        ("Date of birth", friendly_date(student.date_of_birth)),
        ("Grade", grade_label(student.grade_level).capitalize()),
    ]
    if student.school:
        facts.append(("School", student.school))
    if student.student_number:
        facts.append(("Student number", student.student_number))
    facts.append(("Disability category", DISABILITY_LABELS[student.disability_category]))
    facts.append(("School year", iep.academic_year))
    facts.append(("IEP meeting", _day(dates.meeting_date)))
    if dates.start_date and dates.end_date:
        facts.append(
            ("In effect", f"{friendly_date(dates.start_date)} to {friendly_date(dates.end_date)}")
        )
    facts.append(("Annual review due", _day(dates.annual_review_due)))
    facts.append(("Reevaluation due", _day(dates.reevaluation_due)))
    facts.append(("Status", status_line(iep)))
    is_final = iep.status == "final"
    notice = (iep.final_notice if is_final else iep.draft_notice) or ""
    sections = tuple(
        DocumentSection(
            section_type=section.section_type,
            title=section.title,
            blocks=section_blocks(section.section_type, section.content, section.text, labels),
        )
        for section in iep.sections
    )
    review: list[ReviewList] = []
    # Each section prints its own questions for the team (section_blocks), so they are not
    # listed again here.
    if not is_final and iep.compliance.findings:
        review.append(
            ReviewList(
                "For the IEP team to review",
                tuple(
                    f"{SEVERITY_LABELS.get(f.severity, f.severity)} "
                    f"({_title(iep, f.section_type)}): {f.message}"
                    for f in iep.compliance.findings
                ),
            )
        )
    if not is_final and iep.compliance.checks:
        review.append(
            ReviewList(
                "What the checker checked",
                tuple(
                    f"{check_status(c.errors, c.warnings)}: {c.check}"
                    for c in iep.compliance.checks
                ),
            )
        )
    elif not is_final and iep.compliance.checked:
        review.append(ReviewList("What the checker checked", tuple(iep.compliance.checked)))
    return ExportDocument(
        title=DOCUMENT_TITLE,
        subtitle=f"IEP year {iep.academic_year}",
        facts=tuple(facts),
        status="final" if is_final else "draft",
        notice=notice,
        running_header=(
            f"Final IEP, version {iep.version}"
            if is_final
            else "DRAFT generated with assistance: the IEP team must review it"
        ),
        footer_label=f"IEP {iep.academic_year} · {iep.id[:8]}",
        sections=sections,
        review=tuple(review),
    )


def check_status(errors: int, warnings: int) -> str:
    """'Passed', '2 to fix', '1 to fix, 1 to check'."""
    parts = []
    if errors:
        parts.append(f"{errors} to fix")
    if warnings:
        parts.append(f"{warnings} to check")
    return ", ".join(parts) or "Passed"


def _title(iep: IEPOut, section_type: str) -> str:
    return next((s.title for s in iep.sections if s.section_type == section_type), section_type)
