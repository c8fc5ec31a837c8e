"""The student and assessment forms: their fields, labels, choices, and form → request body."""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Final

from starlette.datastructures import FormData

from iepgen.models import Assessment, Student
from iepgen.sections import AREA_LABELS
from iepgen.sections.vocabulary import DISABILITY_LABELS, GRADE_LEVELS, grade_label

STUDENT_LABELS: Final = {
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "grade_level": "Grade",
    "school": "School",
    "student_number": "Student number",
    "disability_category": "Primary disability category",
    "secondary_disabilities": "Other disability categories",
    "primary_language": "Home language",
    "english_learner": "English learner",
    "alternate_assessment": "Takes the alternate state assessment",
    "parent_guardian_names": "Parents or guardians",
    "strengths": "Strengths",
    "interests": "Interests",
    "parent_concerns": "Family's concerns",
    "notes": "Case manager's notes",
}
STUDENT_TEXT: Final = (
    "first_name",
    "last_name",
    "date_of_birth",
    "grade_level",
    "school",
    "student_number",
    "disability_category",
    "primary_language",
    "strengths",
    "interests",
    "parent_concerns",
    "notes",
)
STUDENT_FLAGS: Final = ("english_learner", "alternate_assessment")
# Optional fields where an empty box means "none".
STUDENT_OPTIONAL: Final = frozenset(
    {
        "school",
        "student_number",
        "primary_language",
        "strengths",
        "interests",
        "parent_concerns",
        "notes",
    }
)

ASSESSMENT_LABELS: Final = {
    "name": "Assessment name",
    "area": "Area",
    "administered_on": "Date given",
    "score": "Score",
    "score_type": "Score type",
    "percentile": "Percentile",
    "summary": "Summary of results",
    "evaluator": "Given by",
}
ASSESSMENT_TEXT: Final = tuple(ASSESSMENT_LABELS)
ASSESSMENT_OPTIONAL: Final = frozenset({"score", "score_type", "percentile", "evaluator"})

GRADE_OPTIONS: Final = [(g, grade_label(g).capitalize()) for g in GRADE_LEVELS]
DISABILITY_OPTIONS: Final = [
    (value, label[:1].upper() + label[1:]) for value, label in DISABILITY_LABELS.items()
]
AREA_OPTIONS: Final = list(AREA_LABELS.items())


def _text(form: FormData, name: str) -> str:
    raw = form.get(name)
    return raw.strip() if isinstance(raw, str) else ""


def student_form_values(form: FormData) -> dict[str, Any]:
    """What the form sent, as the page re-shows it (strings, lists, booleans)."""
    values: dict[str, Any] = {name: _text(form, name) for name in STUDENT_TEXT}
    values["secondary_disabilities"] = [v for v in form.getlist("secondary_disabilities") if v]
    names = _text(form, "parent_guardian_names")
    values["parent_guardian_names"] = names
    for flag in STUDENT_FLAGS:
        values[flag] = form.get(flag) == "true"
    return values


def student_body(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as the API's StudentCreate/StudentUpdate body."""
    body: dict[str, Any] = {}
    for name in STUDENT_TEXT:
        value = values[name]
        body[name] = None if value == "" and name in STUDENT_OPTIONAL else value
    body["secondary_disabilities"] = values["secondary_disabilities"]
    body["parent_guardian_names"] = [
        line.strip() for line in str(values["parent_guardian_names"]).splitlines() if line.strip()
    ]
    for flag in STUDENT_FLAGS:
        body[flag] = values[flag]
    return body


def student_values(student: Student) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(student, name) or "" for name in STUDENT_TEXT}
    values["date_of_birth"] = student.date_of_birth.isoformat()
    values["secondary_disabilities"] = list(student.secondary_disabilities)
    values["parent_guardian_names"] = "\n".join(student.parent_guardian_names)
    for flag in STUDENT_FLAGS:
        values[flag] = getattr(student, flag)
    return values


def assessment_form_values(form: FormData) -> dict[str, Any]:
    return {name: _text(form, name) for name in ASSESSMENT_TEXT}


ASSESSMENT_NUMBERS: Final = frozenset({"score", "percentile"})


def _number(text: str) -> float | str:
    """A typed number as a float (the API's numbers are strict); anything else as typed."""
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def assessment_body(values: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, value in values.items():
        if value == "" and name in ASSESSMENT_OPTIONAL:
            body[name] = None
        elif name in ASSESSMENT_NUMBERS:
            body[name] = _number(value)
        else:
            body[name] = value
    return body


def assessment_values(assessment: Assessment) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in ASSESSMENT_TEXT:
        value = getattr(assessment, name)
        if isinstance(value, float):
            value = f"{value:g}"
        elif isinstance(value, date):
            value = value.isoformat()
        values[name] = "" if value is None else value
    return values


def academic_year_options(today: date, start_month: int) -> list[tuple[str, str]]:
    """Last, this and next IEP year, this one first ('2025-2026' from August 2025)."""
    first = today.year if today.month >= start_month else today.year - 1
    years = [first, first + 1, first - 1]
    return [(f"{y}-{y + 1}", f"{y}-{y + 1}") for y in years]
