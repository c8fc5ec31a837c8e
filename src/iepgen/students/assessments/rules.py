"""Rules that weigh an assessment's fields against each other and against the student.

They read whatever of the fields is readable, so a form can show these problems in the
same round as the fields' own errors; the service applies them to every write.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from iepgen.errors import InvalidInput
from iepgen.students.rules import as_date

# Score types that are not compared with a norm group, so a percentile cannot go with
# them: raw counts, percent correct, rubric points, tallies of behavior, durations.
# Normed scores (standard, scaled, T-scores) and fluency rates with published norms
# (words correct per minute) do have percentiles.
NO_PERCENTILE_MARKERS: Final = (
    "raw",
    "percent",
    "%",
    "accuracy",
    "rubric",
    "incident",
    "frequency",
    "tally",
    "count",
    "trials",
    "duration",
)


def percentile_fits(score_type: str) -> bool:
    """Whether a score of `score_type` can come with a percentile rank."""
    words = score_type.replace("_", " ").lower()
    if "percentile" in words:
        return True
    return not any(marker in words for marker in NO_PERCENTILE_MARKERS)


def _percentile_problem(
    row: Mapping[str, Any], field: tuple[str | int, ...]
) -> InvalidInput | None:
    score_type = row.get("score_type")
    percentile = row.get("percentile")
    if percentile in (None, "") or not isinstance(score_type, str) or not score_type.strip():
        return None
    if percentile_fits(score_type):
        return None
    words = score_type.replace("_", " ").strip()
    return InvalidInput(
        f"percentile goes only with a score compared with a norm group (such as a standard "
        f"score); a {words} has none. Leave the percentile empty or change the score type.",
        field=(*field, "percentile"),
    )


def assessment_problems(
    values: Mapping[str, Any], date_of_birth: date, today: date
) -> list[InvalidInput]:
    """Every cross-field problem in `values` (an assessment body, whole or in part)."""
    problems: list[InvalidInput] = []
    given = as_date(values.get("administered_on"))
    if given is not None and given > today:
        problems.append(
            InvalidInput(
                "administered_on must not be in the future: enter the day the assessment "
                "was given.",
                field=("administered_on",),
            )
        )
    elif given is not None and given < date_of_birth:
        problems.append(
            InvalidInput(
                f"administered_on is before the student's date of birth "
                f"({date_of_birth:%Y-%m-%d}): check the year.",
                field=("administered_on",),
            )
        )
    main = _percentile_problem(values, ())
    if main is not None:
        problems.append(main)
    for index, row in enumerate(values.get("subscores") or []):
        if isinstance(row, Mapping):
            found = _percentile_problem(row, ("subscores", index))
            if found is not None:
                problems.append(found)
    return problems
