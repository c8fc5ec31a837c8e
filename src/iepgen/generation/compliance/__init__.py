"""The compliance checker (docs/iep.md "Rules the compliance checker enforces")."""

from .checker import RULES, check_iep
from .readability import flesch_kincaid_grade
from .report import ComplianceReport, Finding, Severity

__all__ = ["RULES", "ComplianceReport", "Finding", "Severity", "check_iep", "flesch_kincaid_grade"]
