"""Where a student's IEP stands, in the words the caseload page and the API use."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class IEPStatus(StrEnum):
    NONE = "none"
    DRAFTING = "drafting"  # a generation job is queued or running
    DRAFT = "draft"  # a draft to review, with its must-fix count
    FINAL = "final"
    AMENDED = "amended"  # final, with at least one amendment since it was first finalized


@dataclass(frozen=True)
class StatusFacts:
    """One IEP as the status needs it."""

    id: str
    status: str
    academic_year: str
    created_at: datetime
    compliance: Mapping[str, Any]

    @classmethod
    def of(cls, iep: Any) -> StatusFacts:
        return cls(iep.id, iep.status, iep.academic_year, iep.created_at, iep.compliance or {})


@dataclass(frozen=True)
class StudentIEPStatus:
    status: IEPStatus
    iep_id: str | None = None
    must_fix: int = 0
    # A draft that is an amendment of a final IEP (the final version stays in effect).
    amendment: bool = False

    @property
    def label(self) -> str:
        if self.status is IEPStatus.DRAFT:
            kind = "Amendment draft" if self.amendment else "Draft"
            if self.must_fix:
                noun = "problem" if self.must_fix == 1 else "problems"
                return f"{kind}: {self.must_fix} must-fix {noun}"
            return f"{kind}: ready to review"
        return {
            IEPStatus.NONE: "No IEP yet",
            IEPStatus.DRAFTING: "Drafting",
            IEPStatus.FINAL: "Final",
            IEPStatus.AMENDED: "Final (amended)",
        }[self.status]


def must_fix_count(compliance: Mapping[str, Any]) -> int:
    """The checker's `error` findings: what blocks finalizing (the IEP page's "must be fixed")."""
    findings = compliance.get("findings") or []
    return sum(1 for f in findings if isinstance(f, dict) and f.get("severity") == "error")


def student_status(
    ieps: Sequence[StatusFacts], *, drafting: bool, amended_iep_ids: Collection[str]
) -> StudentIEPStatus:
    """The newest IEP decides (a new year's draft is the work in hand); a running job first."""
    if drafting:
        return StudentIEPStatus(IEPStatus.DRAFTING)
    newest = max(ieps, key=lambda i: (i.academic_year, i.created_at), default=None)
    if newest is None:
        return StudentIEPStatus(IEPStatus.NONE)
    if newest.status == "final":
        kind = IEPStatus.AMENDED if newest.id in amended_iep_ids else IEPStatus.FINAL
        return StudentIEPStatus(kind, newest.id)
    return StudentIEPStatus(
        IEPStatus.DRAFT,
        newest.id,
        must_fix_count(newest.compliance),
        amendment=newest.id in amended_iep_ids,
    )
