"""The section schemas: strict, bounded, and rendered as plain prose."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from iepgen.errors import InvalidInput
from iepgen.sections import SECTION_SCHEMAS, SectionContent, parse_section_content
from iepgen.templates.builtin import SECTION_TYPES
from tests.unit.sections.examples import VALID_CONTENT


def test_every_template_section_type_has_a_schema() -> None:
    assert set(SECTION_SCHEMAS) == set(SECTION_TYPES)
    assert set(VALID_CONTENT) == set(SECTION_TYPES)


@pytest.mark.parametrize("section_type", SECTION_TYPES)
def test_valid_content_parses_and_renders(section_type: str) -> None:
    content = parse_section_content(section_type, copy.deepcopy(VALID_CONTENT[section_type]))
    assert isinstance(content, SECTION_SCHEMAS[section_type])
    assert isinstance(content, SectionContent)
    text = content.render_text()
    assert text.strip()
    assert "{" not in text and "None" not in text


@pytest.mark.parametrize("section_type", SECTION_TYPES)
def test_unknown_field_is_refused_and_named(section_type: str) -> None:
    data: dict[str, Any] = copy.deepcopy(VALID_CONTENT[section_type])
    data["colour"] = "blue"
    with pytest.raises(InvalidInput) as raised:
        parse_section_content(section_type, data)
    assert raised.value.field == ("content", "colour")
    assert "colour" in raised.value.message


def test_nested_error_names_the_path() -> None:
    data = copy.deepcopy(VALID_CONTENT["annual_goals"])
    data["goals"][0]["short_term_objectives"] = data["goals"][0]["short_term_objectives"][:1]
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("annual_goals", data)
    assert raised.value.field == ("content", "goals", 0, "short_term_objectives")


def test_unknown_section_type_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("horoscope", {})
    assert raised.value.field == ("section_type",)


def test_text_fields_are_bounded() -> None:
    data = copy.deepcopy(VALID_CONTENT["esy"])
    data["rationale"] = "x" * 4001
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("esy", data)
    assert raised.value.field == ("content", "rationale")


def test_lists_are_bounded() -> None:
    data = copy.deepcopy(VALID_CONTENT["services"])
    data["services"] = data["services"] * 31
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("services", data)
    assert raised.value.field == ("content", "services")


def test_percent_in_general_education_is_a_percentage() -> None:
    data = copy.deepcopy(VALID_CONTENT["lre"])
    data["percent_in_general_education"] = 140
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("lre", data)
    assert raised.value.field == ("content", "percent_in_general_education")


def test_service_may_not_end_before_it_starts() -> None:
    data = copy.deepcopy(VALID_CONTENT["services"])
    data["services"][0]["end_date"] = "2025-08-01"
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("services", data)
    assert raised.value.field[:3] == ("content", "services", 0)


def test_dates_must_be_dates() -> None:
    data = copy.deepcopy(VALID_CONTENT["annual_goals"])
    data["goals"][0]["timeframe"] = "next spring"
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("annual_goals", data)
    assert raised.value.field == ("content", "goals", 0, "timeframe")


def test_message_never_echoes_the_submitted_value() -> None:
    data = copy.deepcopy(VALID_CONTENT["student_profile"])
    data["age"] = "Maya-secret-value"
    with pytest.raises(InvalidInput) as raised:
        parse_section_content("student_profile", data)
    assert "Maya-secret-value" not in raised.value.message


def test_not_applicable_sections_say_why() -> None:
    transition = parse_section_content("transition", VALID_CONTENT["transition"])
    assert "not needed yet" in transition.render_text()
    assert "a plan starts at 16" in transition.render_text()


def test_unestablished_baseline_is_rendered_plainly() -> None:
    data = copy.deepcopy(VALID_CONTENT["annual_goals"])
    goal = data["goals"][0]
    goal.update(
        baseline="No reading data has been collected yet.",
        baseline_established=False,
        baseline_due_date="2025-09-26",
        evidence=[],
    )
    text = parse_section_content("annual_goals", data).render_text()
    assert "not yet measured" in text
    assert "September 26, 2025" in text


def test_team_notes_are_rendered() -> None:
    data = {**VALID_CONTENT["esy"], "team_notes": "Family prefers morning meetings."}
    assert "Team notes: Family prefers morning meetings." in (
        parse_section_content("esy", data).render_text()
    )


def test_alternate_participation_renders_both_reasons() -> None:
    data = copy.deepcopy(VALID_CONTENT["accommodations"])
    data["assessment_participation"] = {
        "mode": "alternate",
        "why_regular_not_appropriate": "Grade-level tests do not show what she can do.",
        "why_alternate_appropriate": "The alternate test measures her access skills.",
    }
    text = parse_section_content("accommodations", data).render_text()
    assert "Grade-level tests do not show" in text
    assert "measures her access skills" in text


def test_json_schema_is_available_for_structured_output() -> None:
    for schema in SECTION_SCHEMAS.values():
        document = schema.model_json_schema()
        assert document["type"] == "object"
        assert document.get("additionalProperties") is False
