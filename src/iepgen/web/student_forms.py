"""The student form: its fields, labels, choices, and form → request body."""

from __future__ import annotations

from typing import Any, Final

from starlette.datastructures import FormData

from iepgen.config import Settings
from iepgen.models import Student
from iepgen.sections.vocabulary import DISABILITY_LABELS, GRADE_LEVELS, grade_label
from iepgen.web.record_form import (
    CONTROLS,
    RECORD_LABELS,
    record_body,
    record_form_values,
    record_values,
)

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
    "document_language": "Language for documents sent home",
    **RECORD_LABELS,
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
    "document_language",
    "strengths",
    "interests",
    "parent_concerns",
    "notes",
)
STUDENT_FLAGS: Final = ("english_learner", "alternate_assessment")
# Top to bottom, as the form shows them (the error summary follows this order).
STUDENT_FORM_ORDER: Final = (
    "first_name",
    "last_name",
    "date_of_birth",
    "grade_level",
    "school",
    "student_number",
    "disability_category",
    "secondary_disabilities",
    "primary_language",
    "document_language",
    "english_learner",
    "alternate_assessment",
    "parent_guardian_names",
    "strengths",
    "interests",
    "parent_concerns",
    "notes",
    *(control.name for control in CONTROLS),
)
# Optional fields where an empty box means "none".
STUDENT_OPTIONAL: Final = frozenset(
    {
        "school",
        "student_number",
        "primary_language",
        "document_language",
        "strengths",
        "interests",
        "parent_concerns",
        "notes",
    }
)

GRADE_OPTIONS: Final = [(g, grade_label(g).capitalize()) for g in GRADE_LEVELS]
DISABILITY_OPTIONS: Final = [
    (value, label[:1].upper() + label[1:]) for value, label in DISABILITY_LABELS.items()
]


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
    values.update(record_form_values(form))
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
    body.update(record_body(values))
    return body


def student_values(student: Student) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(student, name) or "" for name in STUDENT_TEXT}
    values["date_of_birth"] = student.date_of_birth.isoformat()
    values["secondary_disabilities"] = list(student.secondary_disabilities)
    values["parent_guardian_names"] = "\n".join(student.parent_guardian_names)
    for flag in STUDENT_FLAGS:
        values[flag] = getattr(student, flag)
    values.update(record_values(student))
    return values


def academic_year_options(settings: Settings) -> list[tuple[str, str]]:
    """This, next and last IEP year, this one first: the year holding the school's today
    ('2025-2026' from 2025-08-15), so a meeting today falls inside the default year."""
    today = settings.school_today()
    first = today.year
    if today < settings.iep_year_bounds(f"{first}-{first + 1}")[0]:
        first -= 1
    years = [first, first + 1, first - 1]
    return [(f"{y}-{y + 1}", f"{y}-{y + 1}") for y in years]
