"""Citations limited to the student's record; limits stated in words; what Pydantic misses."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from iepgen.generation.json_schema import inline_schema
from iepgen.generation.prompts import build_section_prompt
from iepgen.generation.schema_limits import (
    cite_only,
    describe_limits,
    record_ids,
    schema_only_problems,
)
from iepgen.sections import AnnualGoals, PresentLevels, StudentProfile
from tests.fakes.student_context import fictional_context, section_request

ASSESSMENT = "a1111111-1111-4111-8111-111111111111"
PREVIOUS_IEP = "p2222222-2222-4222-8222-222222222222"


def present_levels_schema(ids: tuple[str, ...]) -> dict[str, Any]:
    return cite_only(inline_schema(PresentLevels.model_json_schema()), ids)


def test_record_ids_are_the_assessments_and_previous_ieps() -> None:
    assert record_ids(fictional_context()) == (ASSESSMENT, PREVIOUS_IEP)


def test_evidence_and_sources_can_only_cite_the_record() -> None:
    schema = present_levels_schema((ASSESSMENT, PREVIOUS_IEP))
    area = schema["properties"]["areas"]["items"]
    evidence = area["properties"]["evidence"]["items"]
    source = area["properties"]["data_points"]["items"]["properties"]["source"]
    assert evidence["enum"] == [ASSESSMENT, PREVIOUS_IEP] and evidence["type"] == "string"
    assert source["enum"] == [ASSESSMENT, PREVIOUS_IEP]
    # The lengths our validation checks stay beside the enum.
    assert evidence["maxLength"] == 64


def test_a_record_with_nothing_to_cite_allows_no_citations() -> None:
    schema = present_levels_schema(())
    area = schema["properties"]["areas"]["items"]
    assert area["properties"]["evidence"]["maxItems"] == 0
    assert area["properties"]["data_points"]["maxItems"] == 0
    assert "enum" not in str(area["properties"]["evidence"])


def test_goals_cite_only_the_record_and_the_prompt_carries_that_schema() -> None:
    prompt = build_section_prompt(section_request("annual_goals"), include_birth_date=False)
    goal = prompt.response_schema["properties"]["goals"]["items"]
    assert goal["properties"]["evidence"]["items"]["enum"] == [ASSESSMENT, PREVIOUS_IEP]
    # The schema quoted in the prompt's text is the same one.
    assert f'"enum": ["{ASSESSMENT}", "{PREVIOUS_IEP}"]' in prompt.messages[0].text


def test_the_schema_follows_the_context_it_was_built_for() -> None:
    context = replace(fictional_context(), previous_ieps=())
    prompt = build_section_prompt(
        section_request("present_levels", context=context), include_birth_date=False
    )
    area = prompt.response_schema["properties"]["areas"]["items"]
    assert area["properties"]["evidence"]["items"]["enum"] == [ASSESSMENT]


def test_limits_in_words_cover_lengths_enums_formats_and_list_sizes() -> None:
    lines = describe_limits(present_levels_schema((ASSESSMENT,)))
    text = "\n".join(lines)
    assert "- `areas` (optional): a list of at most 12 items" in lines
    assert '- `areas[].area` (required): one of "reading", "writing"' in text
    assert f'- `areas[].evidence[]` (each item): one of "{ASSESSMENT}"' in lines
    assert "- `areas[].current_performance` (required): text of 1 to 4000 characters" in lines
    assert "- `areas[].data_due_date` (optional, may be null): a date written YYYY-MM-DD" in lines
    assert "- `areas[].data_points[].value` (required): a number from -1000000 to 1000000" in lines


def test_limits_in_words_for_a_flat_section() -> None:
    lines = describe_limits(inline_schema(StudentProfile.model_json_schema()))
    assert any(
        line.startswith("- `name` (required): text of 1 to 300 characters") for line in lines
    )
    assert any(line.startswith("- `grade` (required): one of ") for line in lines)


def test_an_invented_citation_is_a_problem_pydantic_cannot_see() -> None:
    schema = cite_only(inline_schema(AnnualGoals.model_json_schema()), (ASSESSMENT,))
    data = {"goals": [{"evidence": [ASSESSMENT, "made-up-id"]}]}
    assert schema_only_problems(data, schema) == (
        f"goals.0.evidence.1: must be one of: {ASSESSMENT}",
    )
    assert schema_only_problems({"goals": [{"evidence": [ASSESSMENT]}]}, schema) == ()


def test_a_citation_where_the_record_has_none_is_a_problem() -> None:
    schema = present_levels_schema(())
    data = {"areas": [{"evidence": ["anything"], "data_points": []}]}
    assert schema_only_problems(data, schema) == (
        "areas.0.evidence: must be an empty list (nothing to cite)",
    )
