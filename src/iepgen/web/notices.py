"""Fixed confirmation messages, named in the redirect's `?done=` (never free text in URLs)."""

from __future__ import annotations

from typing import Final

NOTICES: Final = {
    "student-added": "The student was added to your caseload.",
    "student-saved": "The student's profile was saved.",
    "assessment-added": "The assessment was added.",
    "assessment-saved": "The assessment was saved.",
    "section-saved": "The section was saved as a new version, and compliance was checked again.",
    "finalized": "The IEP is final. It can no longer be changed.",
    "section-reviewed": "The section is marked as reviewed by you.",
    "section-unreviewed": "The section is no longer marked as reviewed.",
    "cleanup-done": "Cleanup finished.",
    "job-cancelled": "The job was cancelled.",
    "alias-saved": "The calendar alias was saved.",
    "student-archived": "The student is archived: their records are kept read-only.",
    "student-transferred": "The student was transferred to the new case manager.",
    "feed-revoked": "The calendar feed was revoked: its address no longer works.",
    "amendment-opened": "The IEP is open for amendment. Edit it, then finalize it again.",
    "version-restored": "The version was restored as a new version; compliance was checked again.",
}


def notice_for(key: str | None) -> str | None:
    return NOTICES.get(key) if key else None
