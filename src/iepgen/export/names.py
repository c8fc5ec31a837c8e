"""Download file names a person can tell apart, without anything that identifies a student.

`2025-10-14_IEP_v3-draft_c2a4e6.pdf`: the meeting date (a case manager's folder sorts by
it), what the document is, its language when not English, the IEP version and status,
and the first six characters of the IEP's id — the "document code" the IEP page shows, so
a person matches a file to a student on screen. No name, and no initials either: initials
with a grade and a school identify a student as surely as a name does (FERPA counts
information that would let someone in the school community identify the student).
"""

from __future__ import annotations

from datetime import date

from iepgen.ieps.schemas import IEPOut

CODE_LENGTH = 6


def document_code(iep_id: str) -> str:
    return iep_id.replace("-", "")[:CODE_LENGTH]


def file_name(
    iep: IEPOut,
    kind: str,
    extension: str,
    *,
    language: str = "en",
    day: date | None = None,
) -> str:
    when = day or iep.dates.meeting_date or iep.created_at.date()
    status = "final" if iep.status == "final" else "draft"
    language_part = f"-{language}" if language != "en" else ""
    return (
        f"{when.isoformat()}_{kind}{language_part}_v{iep.version}-{status}_"
        f"{document_code(iep.id)}.{extension}"
    )
