"""Students on a case manager's caseload, their assessments, and who accessed their records."""
