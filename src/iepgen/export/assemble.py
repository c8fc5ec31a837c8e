"""An IEP body and its student's record, assembled into the document every format renders.

Meeting-ready: the IEP's dates, the parents' names and the family's contact on page 1,
no internal id anywhere on a page (the footer names the year and version), and a closing
page of participants and signatures from the meeting record — the team members IDEA
requires (34 CFR §300.321(a)) as blank rows to fill in by hand when none is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from iepgen.documents.context import Assessment as Cited
from iepgen.ieps.schemas import IEPOut
from iepgen.meetings.schemas import REQUIRED_ROLES, ROLE_LABELS, MeetingOut
from iepgen.models import Assessment, Student
from iepgen.sections.base import friendly_date
from iepgen.sections.vocabulary import DISABILITY_LABELS, grade_label

from .clock import school_datetime
from .document import Block, Bullets, DocumentSection, ExportDocument, Paragraph, Table
from .section_blocks import Rendering, section_blocks

DOCUMENT_TITLE = "Individualized Education Program"
SEVERITY_LABELS = {"error": "Must fix", "warning": "Check"}
ATTENDED = {True: "Yes", False: "No", None: ""}
AGREEMENT = {"agree": "Agrees", "disagree": "Disagrees", None: ""}


def evidence_labels(assessments: Sequence[Assessment]) -> dict[str, str]:
    """Assessment id → `Name (date)`, so a document cites sources a reader recognises."""
    return {a.id: f"{a.name} ({friendly_date(a.administered_on)})" for a in assessments}


def evidence_labels_of(assessments: Mapping[str, Cited]) -> dict[str, str]:
    return {key: f"{a.name} ({friendly_date(a.administered_on)})" for key, a in assessments.items()}


def status_line(iep: IEPOut) -> str:
    return f"{'Final' if iep.status == 'final' else 'Draft'}, version {iep.version}"


def _day(value: date | None, missing: str = "Not recorded") -> str:
    return friendly_date(value) if value is not None else missing


def contact_line(meeting: MeetingOut | None, case_manager: str) -> str:
    """The family's contact: the meeting record's, else the case manager by name."""
    contact = meeting.contact if meeting else None
    if contact is None:
        return f"{case_manager} (case manager)"
    pieces = [contact.name, contact.role or "case manager"]
    if contact.phone:
        pieces.append(f"phone {contact.phone}")
    if contact.email:
        pieces.append(f"e-mail {contact.email}")
    return ", ".join(pieces)


def final_notice(iep: IEPOut, zone: str) -> str:
    who = iep.finalized_by_name or "a user who no longer has an account"
    if iep.finalized_at is None:
        return iep.final_notice or ""
    return f"Finalized by {who} on {school_datetime(iep.finalized_at, zone)}."


@dataclass(frozen=True)
class TeamRoles:
    """The signature page's blank rows for this IEP: who must be there and in what words."""

    extra: tuple[str, ...] = ()
    # Roles that lead the table (an adult student, who now makes the decisions).
    first: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)


def team_roles(iep: IEPOut, student: Student) -> TeamRoles:
    """Members beyond §300.321(a)(1)-(5) this IEP calls for, named for this student: the
    student when transition is planned or rights have passed (§300.321(b), §300.520), a
    related-service provider when one serves the student, an interpreter when the family's
    documents are in another language (§300.322(e)); a preschooler's regular teacher is an
    early childhood teacher; a student whose only special education is speech therapy has
    the therapist as their special education provider."""
    contents = {s.section_type: s.content for s in iep.sections}
    extra: list[str] = []
    first: list[str] = []
    labels: dict[str, str] = {}
    rights = contents.get("transfer_of_rights", {})
    adult = bool(rights.get("applies")) and " turned " in str(rights.get("statement", ""))
    if adult:
        first.append("student")
        labels["student"] = "Student (an adult: the rights under IDEA are the student's)"
        labels["parent"] = "Parent or guardian (if the student invites them)"
    elif contents.get("transition", {}).get("applies"):
        extra.append("student")
    services = [s for s in contents.get("services", {}).get("services", []) if isinstance(s, dict)]
    if any(s.get("category") == "related_service" for s in services):
        extra.append("related_service_provider")
    special = [s for s in services if s.get("category") == "special_education"]
    if special and all("speech" in str(s.get("provider_role", "")).lower() for s in special):
        labels["special_education_teacher"] = (
            "Special education provider (speech-language pathologist)"
        )
    if student.grade_level == "PK":
        labels["general_education_teacher"] = "Regular early childhood teacher"
    language = student.document_language or student.primary_language
    if language and language.strip().lower() != "english":
        extra.append("interpreter")
        labels["interpreter"] = f"Interpreter ({language.strip()})"
    return TeamRoles(extra=tuple(extra), first=tuple(first), labels=labels)


def signature_page(meeting: MeetingOut | None, roles: TeamRoles | None = None) -> tuple[Block, ...]:
    """Participants and signatures: role, name, attended, agreement, a line to sign on."""
    team = roles or TeamRoles()

    def label(role: str) -> str:
        return team.labels.get(role, ROLE_LABELS[role])

    participants = list(meeting.participants) if meeting else []
    rows: list[tuple[str, ...]] = [
        (
            label(p.role) + (f" ({p.title})" if p.title else ""),
            p.name,
            ATTENDED[p.attended],
            AGREEMENT[p.agreement],
            "",
            "",
        )
        for p in participants
    ]
    present = {p.role for p in participants}
    wanted = dict.fromkeys((*team.first, *REQUIRED_ROLES, *team.extra))
    rows += [(label(role), "", "", "", "", "") for role in wanted if role not in present]
    intro = (
        "Each member of the IEP team who took part signs here. A signature shows that the "
        "person took part in the meeting; the Agreement column records whether they agree. "
        "A parent who disagrees may write why, and has the rights described in the notice of "
        "procedural safeguards."
    )
    return (
        Paragraph("Participants and signatures", emphasis=True),
        Paragraph(intro),
        Table(
            caption="IEP team",
            columns=("Role", "Name", "Attended", "Agreement", "Signature", "Date"),
            rows=tuple(rows),
            widths=(3.2, 2.6, 1.5, 1.6, 3.2, 1.5),
            tall_rows=True,
        ),
    )


def build_document(
    iep: IEPOut,
    student: Student,
    *,
    labels: Mapping[str, str],
    meeting: MeetingOut | None = None,
    case_manager: str = "",
    zone: str = "America/New_York",
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
    if student.parent_guardian_names:
        facts.append(("Parents or guardians", ", ".join(student.parent_guardian_names)))
    facts.append(("Case manager", contact_line(meeting, case_manager)))
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
    notice = final_notice(iep, zone) if is_final else (iep.draft_notice or "")
    sections = tuple(
        DocumentSection(
            section_type=section.section_type,
            title=section.title,
            blocks=section_blocks(
                section.section_type, section.content, section.text, Rendering(labels, is_final)
            ),
        )
        for section in iep.sections
    )
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
        # Every page names the student, so a loose page can be matched to its IEP.
        footer_label=(
            f"{student.first_name} {student.last_name} · IEP {iep.academic_year}, "
            f"version {iep.version}"
        ),
        sections=sections,
        closing=signature_page(meeting, team_roles(iep, student)),
    )


# The review sheet is for staff: its own file, named so nobody mistakes it for the IEP.
STAFF_SHEET: Final = "Staff review sheet (not part of the IEP)"


def build_staff_review(iep: IEPOut, student: Student) -> ExportDocument:
    """What to review before the meeting and what the checker checked: a file of its own,
    never pages of the IEP (a family given the IEP is not given the staff's checklist).
    Each section's questions for the team print in the IEP itself, so they are not repeated.
    """
    findings = tuple(
        f"{SEVERITY_LABELS.get(f.severity, f.severity)} ({_title(iep, f.section_type)}): "
        f"{f.message}"
        for f in iep.compliance.findings
    )
    checks = tuple(
        f"{check_status(c.errors, c.warnings)}: {c.check}" for c in iep.compliance.checks
    ) or tuple(iep.compliance.checked)
    sections = (
        DocumentSection(
            "review_findings",
            "What to review before the meeting",
            (Bullets(findings),) if findings else (Paragraph("Nothing to review."),),
        ),
        DocumentSection("review_checks", "What the checker checked", (Bullets(checks),)),
    )
    return ExportDocument(
        title=STAFF_SHEET,
        subtitle=f"IEP year {iep.academic_year}, {status_line(iep).lower()}",
        facts=(
            ("Student", f"{student.first_name} {student.last_name}"),
            ("Checked", "The IEP as it stands now; a later edit is checked again."),
        ),
        status="final" if iep.status == "final" else "draft",
        notice="For school staff. This sheet is not part of the IEP and is not given to the "
        "family with it.",
        running_header="Staff review sheet: not part of the IEP",
        footer_label=(
            f"Staff review sheet · {student.first_name} {student.last_name} · "
            f"IEP {iep.academic_year}, version {iep.version}"
        ),
        sections=sections,
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
