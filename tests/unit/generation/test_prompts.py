"""The prompt builder: stable prefix, everything a section needs, versioned, no birth date."""

from __future__ import annotations

import json

from iepgen.generation.privacy import pseudonymize_request
from iepgen.generation.prompts import (
    SECTION_PROMPTS,
    SYSTEM_INSTRUCTION,
    build_output_repair,
    build_section_prompt,
    prompt_version,
)
from iepgen.sections import SECTION_SCHEMAS
from iepgen.templates.builtin import SECTION_TYPES
from tests.fakes.student_context import section_request


def test_every_section_type_has_a_versioned_template() -> None:
    assert set(SECTION_PROMPTS) == set(SECTION_TYPES) == set(SECTION_SCHEMAS)
    assert prompt_version("annual_goals").endswith("annual_goals-1")


def test_system_instruction_and_record_prefix_are_identical_across_sections() -> None:
    first = build_section_prompt(section_request("student_profile"), include_birth_date=False)
    second = build_section_prompt(section_request("esy"), include_birth_date=False)
    assert first.system == second.system == SYSTEM_INSTRUCTION
    prefix_one = first.messages[0].text.split("# Section to write")[0]
    prefix_two = second.messages[0].text.split("# Section to write")[0]
    assert prefix_one == prefix_two and "# Student record (JSON)" in prefix_one


def test_prompt_holds_record_schema_instructions_earlier_sections_and_context() -> None:
    request = section_request(
        "annual_goals",
        earlier_sections={"present_levels": {"areas": [{"area": "reading"}]}},
        instructions="Focus on fluency.",
    )
    prompt = build_section_prompt(request, include_birth_date=True)
    text = prompt.messages[0].text
    order = [
        "# Student record (JSON)",
        "# Section to write: Measurable Annual Goals (`annual_goals`)",
        "## The template's instructions for this section",
        "## Sections already written that this one rests on (JSON)",
        "## The case manager's context",
        "## Extra instructions for this section",
        "# Output",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    schema = json.loads(text.rsplit("\n\n", 1)[1])
    assert schema == prompt.response_schema and "goals" in schema["properties"]
    assert '"date_of_birth": "2012-04-17"' in text
    assert "student.date_of_birth" in prompt.disclosed_fields
    assert "earlier_sections.present_levels" in prompt.disclosed_fields


def test_pseudonymised_prompts_send_ages_never_the_birth_date() -> None:
    redacted, _ = pseudonymize_request(section_request())
    prompt = build_section_prompt(redacted, include_birth_date=False)
    text = prompt.messages[0].text
    assert "date_of_birth" not in text and "2012" not in text
    assert '"age_at_iep_start": 13' in text
    assert "student.date_of_birth" not in prompt.disclosed_fields
    assert "student_number" not in text


def test_a_compliance_repair_lists_the_findings_and_the_previous_draft() -> None:
    request = section_request(
        "annual_goals",
        repair_findings=("Goal 1 has no baseline.",),
        previous_output={"goals": []},
    )
    text = build_section_prompt(request, include_birth_date=False).messages[0].text
    assert "- Goal 1 has no baseline." in text and "Previous draft (JSON):" in text


def test_an_output_repair_continues_the_conversation() -> None:
    prompt = build_section_prompt(section_request(), include_birth_date=False)
    repair = build_output_repair(prompt, "{broken", ["age: Field required"])
    assert [m.role for m in repair.messages] == ["user", "model", "user"]
    assert repair.messages[1].text == "{broken"
    assert "- age: Field required" in repair.messages[2].text
    assert repair.version == f"{prompt.version}/repair"
    assert repair.system == prompt.system
