"""The assessment form: its fields, the team's finding, subscore rows, and form → request body.

Subscores are a repeated group of rows named `subscores.<n>.<field>`, the path a
validation error reports. Rows left empty are dropped and the rest renumbered before
validation, and the page is re-shown with the same numbering, so each message lands
beside its row.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any, Final

from starlette.datastructures import FormData

from iepgen.models import Assessment
from iepgen.sections import AREA_LABELS

ASSESSMENT_LABELS: Final = {
    "name": "Assessment name",
    "area": "Area",
    "administered_on": "Date given",
    "score": "Score",
    "score_type": "Score type",
    "percentile": "Percentile",
    "summary": "Summary of results",
    "evaluator": "Given by",
    "finding": "The team's reading of this result",
}
ASSESSMENT_TEXT: Final = tuple(ASSESSMENT_LABELS)
ASSESSMENT_OPTIONAL: Final = frozenset(
    {"score", "score_type", "percentile", "evaluator", "finding"}
)
ASSESSMENT_NUMBERS: Final = frozenset({"score", "percentile"})
# Top to bottom, as the form shows them (the error summary follows this order).
ASSESSMENT_FORM_ORDER: Final = (
    "name",
    "area",
    "administered_on",
    "evaluator",
    "score",
    "score_type",
    "percentile",
    "summary",
    "finding",
    "subscores",
)

FINDING_OPTIONS: Final = (
    ("need", "An area of need"),
    ("not_a_need", "Not an area of need"),
    ("unclear", "Not yet clear (the draft asks the team)"),
    ("", "No finding recorded (the draft reads the score)"),
)
FINDING_WORDS: Final = {
    "need": "Area of need",
    "not_a_need": "Not an area of need",
    "unclear": "Not yet clear",
}
AREA_OPTIONS: Final = list(AREA_LABELS.items())

SUBSCORE_FIELDS: Final = ("name", "score", "score_type", "percentile")
SUBSCORE_LABELS: Final = {
    "name": "Name",
    "score": "Score",
    "score_type": "Score type",
    "percentile": "Percentile",
}
# The API keeps at most 30 subscores; the form always offers this many empty rows more.
MAX_SUBSCORES: Final = 30
BLANK_ROWS: Final = 2
_ROW_FIELD = re.compile(r"^subscores\.(\d{1,3})\.(name|score|score_type|percentile)$")


def subscore_labels(rows: int) -> dict[str, str]:
    """Labels that name the row, for error messages ("Score of subscore 2")."""
    labels: dict[str, str] = {"subscores": "Subscores"}
    for index in range(rows):
        for name, label in SUBSCORE_LABELS.items():
            labels[f"subscores.{index}.{name}"] = f"{label} of subscore {index + 1}"
    return labels


def _text(form: FormData, name: str) -> str:
    raw = form.get(name)
    return raw.strip() if isinstance(raw, str) else ""


def _subscore_rows(form: FormData) -> list[dict[str, str]]:
    """The filled rows, in the order the form showed them."""
    rows: dict[int, dict[str, str]] = {}
    for key, raw in form.multi_items():
        match = _ROW_FIELD.match(key)
        if match and isinstance(raw, str):
            row = rows.setdefault(int(match.group(1)), dict.fromkeys(SUBSCORE_FIELDS, ""))
            row[match.group(2)] = raw.strip()
    return [rows[i] for i in sorted(rows) if any(rows[i].values())]


def _flatten(rows: list[dict[str, str]]) -> dict[str, Any]:
    values: dict[str, Any] = {"subscore_rows": len(rows) + BLANK_ROWS}
    for index, row in enumerate(rows):
        for name in SUBSCORE_FIELDS:
            values[f"subscores.{index}.{name}"] = row[name]
    return values


def assessment_form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: _text(form, name) for name in ASSESSMENT_TEXT}
    values.update(_flatten(_subscore_rows(form)))
    return values


def new_assessment_values() -> dict[str, Any]:
    """A new form: no finding recorded (the draft reads the score), three empty rows."""
    return {"finding": "", "subscore_rows": BLANK_ROWS + 1}


def _number(text: str) -> float | str:
    """A typed number as a float (the API's numbers are strict); anything else as typed."""
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def _subscores_body(values: dict[str, Any]) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    for index in range(int(values.get("subscore_rows", 0))):
        row = {name: values.get(f"subscores.{index}.{name}", "") for name in SUBSCORE_FIELDS}
        if not any(row.values()):
            continue
        body.append(
            {
                "name": row["name"],
                "score": _number(row["score"]) if row["score"] else None,
                "score_type": row["score_type"] or None,
                "percentile": _number(row["percentile"]) if row["percentile"] else None,
            }
        )
    return body


def assessment_body(values: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in ASSESSMENT_TEXT:
        value = values[name]
        if value == "" and name in ASSESSMENT_OPTIONAL:
            body[name] = None
        elif name in ASSESSMENT_NUMBERS:
            body[name] = _number(value)
        else:
            body[name] = value
    body["subscores"] = _subscores_body(values)
    return body


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def assessment_values(assessment: Assessment) -> dict[str, Any]:
    values: dict[str, Any] = {name: _shown(getattr(assessment, name)) for name in ASSESSMENT_TEXT}
    rows = [
        {name: _shown(subscore.get(name)) for name in SUBSCORE_FIELDS}
        for subscore in assessment.subscores or []
    ]
    values.update(_flatten(rows))
    return values
