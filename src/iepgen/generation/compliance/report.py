"""What the checker returns: findings, and whether any of them blocks finalising."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    section_type: str
    rule: str
    severity: Severity
    # For the case manager: says what is wrong and where, never quotes a student's data.
    message: str


@dataclass(frozen=True)
class CheckResult:
    """One check and what it found: a reader sees which checks passed, not only a list."""

    check: str
    errors: int = 0
    warnings: int = 0


@dataclass(frozen=True)
class ComplianceReport:
    findings: tuple[Finding, ...]
    # What was checked, in words: a clean report says what it found nothing wrong with.
    checked: tuple[str, ...] = ()
    checks: tuple[CheckResult, ...] = ()

    @property
    def passed(self) -> bool:
        """No `error` finding: the IEP may be finalised (warnings do not block)."""
        return not any(f.severity == "error" for f in self.findings)

    def errors_for(self, section_type: str) -> tuple[Finding, ...]:
        return tuple(
            f for f in self.findings if f.section_type == section_type and f.severity == "error"
        )

    def sections_with_errors(self) -> list[str]:
        seen: dict[str, None] = {}
        for finding in self.findings:
            if finding.severity == "error":
                seen.setdefault(finding.section_type, None)
        return list(seen)

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "findings": [asdict(f) for f in self.findings],
            "checked": list(self.checked),
            "checks": [asdict(c) for c in self.checks],
        }
