"""The prompt builder: stable prefix, everything a section needs, versioned, no birth date."""

from __future__ import annotations

import json
from typing import Any

from iepgen.generation.decisions import Decisions, decide
from iepgen.generation.privacy import pseudonymize_request
from iepgen.generation.prompts import (
    SECTION_PROMPTS,
    SYSTEM_INSTRUCTION,
    build_output_repair,
    build_section_prompt,
    prompt_version,
)
from iepgen.generation.provider import SectionRequest
from iepgen.sections import SECTION_SCHEMAS
from iepgen.templates.builtin import SECTION_TYPES
from tests.corpus.contexts import corpus_context
from tests.corpus.students import CASES
from tests.fakes.student_context import section_request


def test_every_section_type_has_a_versioned_template() -> None:
    assert set(SECTION_PROMPTS) == set(SECTION_TYPES) == set(SECTION_SCHEMAS)
    assert prompt_version("annual_goals") == "system-2/annual_goals-2"


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


def _corpus_prompt(key: str, section_type: str) -> tuple[str, Decisions]:
    """The pseudonymised prompt for one section of a corpus student, as the model sees it."""
    context = corpus_context(CASES[key])
    decisions = decide(context)
    request = SectionRequest(
        section_type=section_type,
        schema=SECTION_SCHEMAS[section_type],
        context=context,
        decisions=decisions,
    )
    redacted, _ = pseudonymize_request(request)
    return build_section_prompt(redacted, include_birth_date=False).messages[0].text, decisions


def _json_after(text: str, heading: str) -> Any:
    block = text.split(heading, 1)[1].split("\n\n## ", 1)[0].split("\n\n# ", 1)[0]
    return json.loads(block[block.index("\n{") if "\n{" in block else block.index("\n[") :])


def test_a_section_writes_from_the_decisions_it_rests_on_with_their_evidence() -> None:
    text, decisions = _corpus_prompt("deaf_asl_el", "services")
    decided = _json_after(text, "## What the record decides for this section (JSON)")
    # Services see the services and the special factors they answer, not the LRE.
    assert set(decided) >= {"services", "factors", "goals"} and "placement" not in decided
    assert [s["minutes"] for s in decided["services"]] == [s.minutes for s in decisions.services]
    (comprehension,) = decided["goals"]
    assert comprehension["evidence"] and comprehension["unit"] == decisions.goals[0].unit
    lre, _ = _corpus_prompt("deaf_asl_el", "lre")
    assert set(_json_after(lre, "## What the record decides for this section (JSON)")) == {
        "placement",
        "services",
    }


def test_a_section_is_given_its_questions_and_an_example_of_right_and_wrong() -> None:
    text, decisions = _corpus_prompt("transition_no_aspirations", "transition")
    questions = _json_after(text, "## Questions for the team this section must carry (JSON)")
    assert [q["topic"] for q in questions] == [
        q.topic for q in decisions.questions if q.section_type == "transition"
    ]
    assert "Good: After high school" in text and "Not acceptable:" in text
    assert "will live independently" in text  # the bad example names what not to write


def test_the_record_parts_and_the_ieps_own_dates_reach_the_model_without_names() -> None:
    text, _decisions = _corpus_prompt("blind_braille", "special_factors")
    record = json.loads(text.split("# Student record (JSON)\n\n", 1)[1].split("\n\n# ", 1)[0])
    assert record["student"]["vision"]["learning_media"] == ["braille", "auditory"]
    assert record["iep_dates"]["meeting_date"] == "2026-11-30"
    assert len(record["iep_dates"]["progress_reports"]) == 4
    assert "Tobias" not in text and "Lindqvist" not in text
