"""Reshaping section schemas for Gemini and for strict OpenAI-style structured output."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from pydantic import BaseModel

from iepgen.generation.json_schema import (
    GEMINI_KEYWORDS,
    SchemaError,
    drop_unset_nulls,
    gemini_schema,
    inline_schema,
    strict_openai_schema,
)
from iepgen.sections import SECTION_SCHEMAS, AnnualGoals


def keywords(node: Any, found: set[str] | None = None) -> set[str]:
    found = set() if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                for sub in value.values():
                    keywords(sub, found)
            else:
                found.add(key)
                keywords(value, found)
    elif isinstance(node, list):
        for item in node:
            keywords(item, found)
    return found


@pytest.mark.parametrize("section_type", sorted(SECTION_SCHEMAS))
def test_every_section_schema_inlines_and_fits_gemini(section_type: str) -> None:
    inlined = inline_schema(SECTION_SCHEMAS[section_type].model_json_schema())
    assert "$ref" not in json.dumps(inlined) and "$defs" not in inlined
    shaped = gemini_schema(inlined)
    assert keywords(shaped) <= GEMINI_KEYWORDS
    assert shaped["propertyOrdering"] == list(shaped["properties"])


@pytest.mark.parametrize("section_type", sorted(SECTION_SCHEMAS))
def test_strict_schema_requires_every_property_and_closes_objects(section_type: str) -> None:
    strict = strict_openai_schema(inline_schema(SECTION_SCHEMAS[section_type].model_json_schema()))

    def check(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert set(node["required"]) == set(node["properties"])
                assert node["additionalProperties"] is False
            assert not {"default", "title"} & set(node)
            for value in node.values():
                check(value)
        elif isinstance(node, list):
            for item in node:
                check(item)

    check(strict)


ENFORCED = (
    "maxLength",
    "minLength",
    "enum",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "format",
)


def limits(node: Any, found: Counter[str] | None = None) -> Counter[str]:
    """Every limit our validation enforces, as `keyword=value` (where it sits aside)."""
    found = Counter() if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ENFORCED:
                found[f"{key}={json.dumps(value)}"] += 1
            if key == "properties":
                for sub in value.values():
                    limits(sub, found)
            elif key != "enum":
                limits(value, found)
    elif isinstance(node, list):
        for item in node:
            limits(item, found)
    return found


@pytest.mark.parametrize("section_type", sorted(SECTION_SCHEMAS))
def test_every_limit_we_validate_reaches_gemini_and_strict_schemas(section_type: str) -> None:
    # A model is told every limit our validation holds it to: a 64-character evidence id
    # limit that is dropped on the way is a 200-character id and a failed section.
    inlined = inline_schema(SECTION_SCHEMAS[section_type].model_json_schema())
    assert limits(gemini_schema(inlined)) == limits(inlined)
    assert limits(strict_openai_schema(inlined)) == limits(inlined)


def test_nested_goal_objects_are_inlined() -> None:
    inlined = inline_schema(AnnualGoals.model_json_schema())
    goal = inlined["properties"]["goals"]["items"]
    assert goal["properties"]["short_term_objectives"]["items"]["type"] == "object"


def test_recursive_models_are_refused() -> None:
    class Node(BaseModel):
        children: list[Node] = []

    with pytest.raises(SchemaError):
        inline_schema(Node.model_json_schema())


def test_nulls_forced_by_strict_mode_fall_back_to_defaults() -> None:
    schema = inline_schema(AnnualGoals.model_json_schema())
    goal = {
        "area": "reading",
        "statement": "s",
        "progress_note": None,  # optional, not nullable: dropped so "" applies
        "baseline_due_date": None,  # optional and nullable: kept
        "short_term_objectives": [{"description": "d", "target_date": "2026-01-01"}],
    }
    cleaned = drop_unset_nulls({"team_notes": None, "goals": [goal]}, schema)
    assert "team_notes" not in cleaned
    assert "progress_note" not in cleaned["goals"][0]
    assert cleaned["goals"][0]["baseline_due_date"] is None
