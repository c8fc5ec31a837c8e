"""A student's IEP status as the caseload shows it."""

from __future__ import annotations

from datetime import UTC, datetime

from iepgen.caseload.status import IEPStatus, StatusFacts, must_fix_count, student_status

ERROR = {"severity": "error", "section_type": "annual_goals", "rule": "r", "message": "m"}
WARNING = {**ERROR, "severity": "warning"}


def _iep(iep_id: str, status: str, year: str, findings: list[dict[str, str]]) -> StatusFacts:
    return StatusFacts(
        iep_id, status, year, datetime(2026, 9, 1, tzinfo=UTC), {"findings": findings}
    )


def test_no_iep_and_no_job_is_none() -> None:
    status = student_status([], drafting=False, amended_iep_ids=())
    assert status.status is IEPStatus.NONE and status.label == "No IEP yet"


def test_a_running_job_reads_drafting_whatever_is_stored() -> None:
    ieps = [_iep("a", "final", "2025-2026", [])]
    assert student_status(ieps, drafting=True, amended_iep_ids=()).status is IEPStatus.DRAFTING


def test_a_draft_counts_only_errors_as_must_fix() -> None:
    ieps = [_iep("a", "draft", "2026-2027", [ERROR, ERROR, WARNING])]
    status = student_status(ieps, drafting=False, amended_iep_ids=())
    assert (status.status, status.must_fix, status.iep_id) == (IEPStatus.DRAFT, 2, "a")
    assert status.label == "Draft: 2 must-fix problems"
    assert must_fix_count({"findings": [WARNING]}) == 0


def test_the_newest_year_decides_and_amendments_show() -> None:
    ieps = [_iep("old", "final", "2024-2025", []), _iep("new", "final", "2025-2026", [])]
    assert student_status(ieps, drafting=False, amended_iep_ids=()).status is IEPStatus.FINAL
    amended = student_status(ieps, drafting=False, amended_iep_ids={"new"})
    assert amended.status is IEPStatus.AMENDED and amended.label == "Final (amended)"
    reopened = [_iep("new", "draft", "2025-2026", [ERROR])]
    draft = student_status(reopened, drafting=False, amended_iep_ids={"new"})
    assert draft.amendment and draft.label == "Amendment draft: 1 must-fix problem"
