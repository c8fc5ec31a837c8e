"""Our own reading of a provider's answer (never the SDK's `parsed`)."""

from __future__ import annotations

import json

from iepgen.generation.prompts import build_section_prompt
from iepgen.llm.completion import Completion, CompletionRequest
from iepgen.llm.output import parse_completion
from iepgen.sections import StudentProfile
from tests.fakes.student_context import profile_answer, section_request

REQUEST = CompletionRequest(
    prompt=build_section_prompt(section_request(), include_birth_date=False),
    max_output_tokens=1024,
    temperature=0.2,
)


def parse(text: str, finish: str = "stop") -> tuple[dict | None, tuple[str, ...]]:  # type: ignore[type-arg]
    parsed = parse_completion(Completion(text=text, finish_reason=finish), REQUEST, StudentProfile)  # type: ignore[arg-type]
    return parsed.data, parsed.problems


def test_valid_json_validates_against_the_schema() -> None:
    data, problems = parse(json.dumps(profile_answer()))
    assert problems == () and data is not None and data["name"] == "[STUDENT_FULL_NAME]"


def test_markdown_fences_from_local_models_are_tolerated() -> None:
    data, _ = parse("```json\n" + json.dumps(profile_answer()) + "\n```")
    assert data is not None


def test_truncated_output_is_reported_as_cut_off_even_if_it_parses() -> None:
    data, problems = parse(json.dumps(profile_answer()), finish="max_tokens")
    assert data is None and "cut off" in problems[0]


def test_invalid_json_names_the_position_not_the_content() -> None:
    data, problems = parse('{"name": "Secret Name", ')
    assert data is None and "not valid JSON" in problems[0]
    assert "Secret" not in problems[0]


def test_schema_errors_name_fields_without_echoing_values() -> None:
    data, problems = parse(json.dumps(profile_answer(age="Secret Value", colour="red")))
    assert data is None
    assert any(p.startswith("age:") for p in problems)
    assert any(p.startswith("colour:") for p in problems)
    assert not any("Secret" in p for p in problems)


def test_a_list_or_empty_answer_is_refused() -> None:
    assert parse("[1, 2]")[0] is None
    assert "empty" in parse("  ")[1][0]


def test_strict_mode_nulls_on_optional_fields_use_the_defaults() -> None:
    data, problems = parse(json.dumps(profile_answer(team_notes=None, interests=None)))
    assert problems == () and data is not None
    assert data["team_notes"] == "" and data["interests"] == ""
