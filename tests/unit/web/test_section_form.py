"""The generated section forms: what a browser submits parses back to the same content."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.datastructures import FormData

from iepgen.sections import SECTION_SCHEMAS, parse_section_content
from iepgen.web.section_form import REMOVE, FormField, build_fields, parse_form
from tests.unit.sections.examples import ASSESSMENT_ID, VALID_CONTENT

EVIDENCE = [(ASSESSMENT_ID, "WJ-IV (2025-09-15)")]


def _submit(fields: list[FormField]) -> list[tuple[str, str]]:
    """The pairs a browser sends for these controls, as they are filled in."""
    pairs: list[tuple[str, str]] = []
    for field in fields:
        if field.kind in ("group", "list"):
            pairs += _submit(field.children)
        elif field.kind == "checkbox":
            if field.value:
                pairs.append((field.name, "true"))
        elif field.kind == "checkboxes":
            pairs += [(field.name, value) for value in field.value]
        else:
            pairs.append((field.name, "" if field.value is None else str(field.value)))
    return pairs


@pytest.mark.parametrize("section_type", sorted(VALID_CONTENT))
def test_every_section_round_trips_through_its_form(section_type: str) -> None:
    schema = SECTION_SCHEMAS[section_type]
    stored = parse_section_content(section_type, VALID_CONTENT[section_type])

    fields = build_fields(schema, stored.model_dump(mode="json"), {}, evidence=EVIDENCE)
    parsed = parse_form(schema, FormData(_submit(fields)))

    assert schema.model_validate(parsed) == stored


def _goal_fields() -> list[FormField]:
    content = parse_section_content("annual_goals", VALID_CONTENT["annual_goals"])
    return build_fields(
        SECTION_SCHEMAS["annual_goals"], content.model_dump(mode="json"), {}, evidence=EVIDENCE
    )


def test_an_item_marked_for_removal_is_dropped_and_a_filled_new_item_is_added() -> None:
    pairs = _submit(_goal_fields())
    pairs.append(("goals.0.short_term_objectives.1." + REMOVE, "true"))
    pairs = [
        (name, "Read 85 words correct per minute." if name.endswith("2.description") else value)
        for name, value in pairs
    ]
    pairs = [
        (name, "2026-05-01" if name.endswith("objectives.2.target_date") else value)
        for name, value in pairs
    ]

    parsed: dict[str, Any] = parse_form(SECTION_SCHEMAS["annual_goals"], FormData(pairs))

    objectives = parsed["goals"][0]["short_term_objectives"]
    assert [o["description"] for o in objectives] == [
        "Read 65 words correct per minute.",
        "Read 85 words correct per minute.",
    ]
    assert len(parsed["goals"]) == 1  # the untouched "add a goal" item is ignored


def test_controls_fit_the_schema_and_name_their_sources() -> None:
    by_name = {}
    stack = list(_goal_fields())
    while stack:
        field = stack.pop()
        by_name[field.name] = field
        stack.extend(field.children)

    assert by_name["goals.0.area"].kind == "select"
    assert ("reading", "Reading") in by_name["goals.0.area"].options
    assert by_name["goals.0.statement"].kind == "textarea"
    assert by_name["goals.0.target"].kind == "text"
    assert by_name["goals.0.timeframe"].kind == "date"
    assert by_name["goals.0.baseline_established"].kind == "checkbox"
    assert by_name["goals.0.behavior"].label == "Behavior (what the student will do)"
    assert by_name["goals.0.evidence"].options == EVIDENCE
    assert by_name["goals.0.evidence"].value == [ASSESSMENT_ID]
    assert by_name["goals.1"].new  # one empty goal to add another
    special = build_fields(SECTION_SCHEMAS["special_factors"], None, {})
    assert special[0].label.startswith("Does behavior get in the way")


def test_errors_land_on_the_field_they_name() -> None:
    content = parse_section_content("annual_goals", VALID_CONTENT["annual_goals"])
    fields = build_fields(
        SECTION_SCHEMAS["annual_goals"],
        content.model_dump(mode="json"),
        {"goals.0.target": "Enter target."},
    )
    goal = next(f for f in fields if f.name == "goals").children[0]
    target = next(f for f in goal.children if f.name == "goals.0.target")

    assert target.error == "Enter target."
    assert target.id == "f-goals-0-target"
