"""Prompts for LLM providers: one stable system instruction, one versioned template per section.

Layout matters for cost: the system instruction is the same bytes on every call and the
student record comes next, identical for every section of one IEP, so a provider's
prefix caching (Gemini implicit caching, vLLM prefix caching) reuses it. What differs
per section (its guidance, the template's instructions, earlier sections, the schema)
comes after. Each section's template carries a version that is part of the cache key:
change the words, bump the version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final, Literal

from pydantic import BaseModel

from iepgen.generation.context import GenerationContext, GoalOutcome
from iepgen.generation.json_schema import inline_schema
from iepgen.generation.prompt_decisions import (
    DECISION_RULES,
    decisions_for,
    example_lines,
    questions_for,
)
from iepgen.generation.provider import SectionRequest
from iepgen.generation.schema_limits import cite_only, record_ids

SYSTEM_VERSION: Final = "system-2"

SYSTEM_INSTRUCTION: Final = """\
You draft one section of an Individualized Education Program (IEP) under IDEA \
(34 CFR 300.320-300.324) for a special-education case manager, who reviews and signs it.

Rules:
1. Use only the data in the student record, the decisions, the earlier sections and the \
instructions given. Never invent scores, dates, assessments, diagnoses or history. The \
decisions (needs, measures, baselines, targets, dates, supports, placement) are final: \
word them, never change them.
2. Every number in a baseline or present-level statement must appear in the data, and \
each such statement lists the ids of the assessments or previous IEPs it rests on in its \
evidence field. Where no data exists, say so plainly and give a date by which it will be \
collected; never make a number up.
3. Goals are measurable: an observable behavior, a condition, a criterion, a baseline, a \
target, a measurement method and a date inside the IEP year. Avoid "understand", "know", \
"appreciate" and "improve" without a measurable behavior.
4. Write in plain language a family can read (grade 8 or below), respectful and \
strengths-based. Describing a disability and its effects is the point of this document.
5. Placeholders such as [STUDENT_FIRST_NAME], [STUDENT_FULL_NAME], [PARENT_1] or [SCHOOL] \
stand for real values that are kept private. Copy them exactly, brackets included, where \
the name or value belongs; never guess what they stand for.
6. What the record cannot settle is a question for the team in `questions_for_team`, \
never a guess, a placeholder or a claim that something happened.
7. Answer with one JSON object that matches the given JSON Schema: no prose around it, \
no markdown fences.
"""

Role = Literal["user", "model"]


@dataclass(frozen=True)
class SectionPrompt:
    """What one section type asks of the model; bump `version` whenever the words change."""

    version: int
    guidance: str


SECTION_PROMPTS: Final[dict[str, SectionPrompt]] = {
    "student_profile": SectionPrompt(
        2,
        "Summarise who the student is: name (use [STUDENT_FULL_NAME]), age at the start of "
        "the IEP year, grade, school, disability category and secondary ones, primary "
        "language and English-learner status, strengths, interests, and the parents' or "
        "guardians' concerns in their own words.",
    ),
    "present_levels": SectionPrompt(
        2,
        "For each area of need shown by the assessments, previous IEPs or concerns: current "
        "performance citing the assessment name, date and score, with data_points whose "
        "source is the record id; strengths; needs. Then how the disability affects "
        "involvement and progress in the general education curriculum (for preschool: in "
        "appropriate activities). An area with no data says so and sets data_due_date.",
    ),
    "special_factors": SectionPrompt(
        2,
        "Consider each of the five IDEA special factors (behavior and positive behavioral "
        "supports; limited English proficiency; blindness or visual impairment and Braille; "
        "deafness or hard of hearing and communication; assistive technology). For each: "
        "considered, whether it applies, and a response grounded in the record.",
    ),
    "annual_goals": SectionPrompt(
        2,
        "At least one measurable annual goal for every area of need in present levels, "
        "academic and functional. Each goal: condition, behavior, criterion, a baseline "
        "taken from present levels with its evidence ids (or baseline_established false and "
        "a baseline_due_date), target, measurement method, a timeframe inside the IEP year "
        "and at least two short-term objectives with dates inside the IEP year. A goal "
        "carried over from a previous IEP says what progress was made on it.",
    ),
    "progress_reporting": SectionPrompt(
        2,
        "For each annual goal: how progress is measured and how often; and when and how "
        "progress reports go to the family (for example quarterly, with report cards).",
    ),
    "services": SectionPrompt(
        2,
        "Special education services, related services, supplementary aids and services, "
        "program modifications and supports for school personnel that the goals need. "
        "Each: category, description, provider role, frequency, duration in minutes, "
        "location, and start and end dates inside the IEP year.",
    ),
    "accommodations": SectionPrompt(
        2,
        "Classroom accommodations matched to the needs in present levels. Participation "
        "in state and district assessments: the regular assessment with which "
        "accommodations, or for an alternate assessment why the regular one is not "
        "appropriate and why the alternate one is.",
    ),
    "lre": SectionPrompt(
        2,
        "The extent, if any, to which the student will not take part with non-disabled "
        "peers in the regular class and activities, and why; the percent of the day in "
        "general education, consistent with the services; the placement.",
    ),
    "transition": SectionPrompt(
        2,
        "When transition_required is true: measurable postsecondary goals (education or "
        "training, employment, independent living where appropriate) based on "
        "age-appropriate transition assessments from the record, transition services "
        "including courses of study, the annual goal areas that support them, and whether "
        "the student was invited. When it is false: say the section does not apply yet "
        "and why (the student's age during the IEP year).",
    ),
    "transfer_of_rights": SectionPrompt(
        2,
        "When transfer_of_rights_required is true: a statement that the student has been "
        "informed of the rights that transfer at the age of majority. When it is false: "
        "say the section does not apply yet and why.",
    ),
    "esy": SectionPrompt(
        2,
        "Whether extended school year services are needed, and why, grounded in the "
        "record (regression and recoupment, critical skills, emerging skills). Do not "
        "claim data the record does not hold.",
    ),
}
GENERIC_SECTION_PROMPT: Final = SectionPrompt(
    2, "Fill the section as its title, the template's instructions and the schema describe."
)


@dataclass(frozen=True)
class PromptMessage:
    role: Role
    text: str


@dataclass(frozen=True)
class Prompt:
    """One request to a provider, before any provider-specific shaping."""

    section_type: str
    version: str
    system: str
    messages: tuple[PromptMessage, ...]
    schema_name: str
    # The section's JSON Schema with every $ref inlined (the adapters reshape it).
    response_schema: dict[str, Any]
    # Names of the fields this prompt discloses, for the audit log (never their values).
    disclosed_fields: tuple[str, ...]


def prompt_version(section_type: str) -> str:
    section = SECTION_PROMPTS.get(section_type, GENERIC_SECTION_PROMPT)
    return f"{SYSTEM_VERSION}/{section_type}-{section.version}"


def _plain(value: Any) -> Any:
    """A record part, date or plain value as JSON-ready data."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


# Parts of the student's record a section may rest on (students/record_parts.py and the
# dated facts beside them), sent when recorded.
RECORD_PARTS: Final = (
    "communication",
    "vision",
    "behavior",
    "english_learning",
    "transfer",
    "postsecondary_aspirations",
    "extended_school_year",
    "student_input",
    "health_plan",
    "document_language",
    "percent_in_general_education",
    "last_evaluation_on",
    "reevaluation_due_on",
    "invited_to_meeting_on",
    "transfer_of_rights_informed_on",
)


def record_payload(context: GenerationContext, *, include_birth_date: bool) -> dict[str, Any]:
    """The student's data as structured context. Never the student number: no use to a model."""
    student = context.student
    profile: dict[str, Any] = {
        "first_name": student.first_name,
        "last_name": student.last_name,
        "age_at_iep_start": context.age_at_start,
        "age_at_iep_end": context.age_at_end,
        "grade_level": student.grade_level,
        "school": student.school,
        "disability_category": student.disability_category,
        "secondary_disabilities": list(student.secondary_disabilities),
        "primary_language": student.primary_language,
        "english_learner": student.english_learner,
        "alternate_assessment": student.alternate_assessment,
        "parent_guardian_names": list(student.parent_guardian_names),
        "strengths": student.strengths,
        "interests": student.interests,
        "parent_concerns": student.parent_concerns,
        "notes": student.notes,
    }
    if include_birth_date:
        profile["date_of_birth"] = student.date_of_birth.isoformat()
    for name in RECORD_PARTS:
        value = getattr(student, name)
        if value is not None:
            profile[name] = _plain(value)
    dates = context.dates
    return {
        "iep_year": {
            "academic_year": context.academic_year,
            "starts": context.iep_year_start.isoformat(),
            "ends": context.iep_year_end.isoformat(),
        },
        # This IEP's own dates: it runs one year from its meeting (docs/iep.md "Dates").
        "iep_dates": {
            **dates.as_dict(),
            "progress_reports": [day.isoformat() for day in dates.progress_reports()],
        },
        "student": {key: value for key, value in profile.items() if value not in (None, "", [])},
        "transition_required": context.transition_required,
        "transfer_of_rights_required": context.transfer_of_rights_required,
        "age_of_majority": context.age_of_majority,
        "assessments": [
            {
                "id": a.id,
                "name": a.name,
                "area": a.area,
                "administered_on": a.administered_on.isoformat(),
                "score": a.score,
                "score_type": a.score_type,
                "percentile": a.percentile,
                "summary": a.summary,
                "evaluator": a.evaluator,
                "team_finding": a.finding,
                "subscores": [sub.model_dump(mode="json") for sub in a.subscores],
            }
            for a in context.assessments
        ],
        "previous_ieps": [
            {
                "id": p.id,
                "academic_year": p.academic_year,
                "status": p.status,
                **p.sections,
                "goal_progress": [_outcome(o) for o in p.goal_outcomes],
            }
            for p in context.previous_ieps
        ],
    }


def _outcome(outcome: GoalOutcome) -> dict[str, Any]:
    """Last year's goal and its data in numbers: the new baseline and whether it was met."""
    return {
        "goal": outcome.number,
        "area": outcome.area,
        "unit": outcome.unit,
        "target_value": outcome.target_value,
        "data_points": outcome.points,
        "latest_value": outcome.latest_value,
        "latest_on": outcome.latest_on.isoformat() if outcome.latest_on else None,
        "met": outcome.met,
    }


def _disclosed_fields(payload: dict[str, Any], request: SectionRequest) -> tuple[str, ...]:
    fields = [f"student.{key}" for key in payload["student"]]
    if payload["assessments"]:
        fields += sorted({f"assessments.{key}" for a in payload["assessments"] for key in a})
    if payload["previous_ieps"]:
        fields.append("previous_ieps.sections")
        if any(p.get("goal_progress") for p in payload["previous_ieps"]):
            fields.append("previous_ieps.goal_progress")
    context = request.context
    if context.case_manager_context:
        fields.append("case_manager_context")
    fields += [f"earlier_sections.{name}" for name in request.earlier_sections]
    if request.decisions is not None:
        fields.append(f"decisions.{request.section_type}")
    if request.previous_output is not None:
        fields.append(f"previous_output.{request.section_type}")
    if request.instructions:
        fields.append("section_instructions")
    return tuple(fields)


def _section_title_and_instructions(
    context: GenerationContext, section_type: str
) -> tuple[str, str]:
    for candidate, title, instructions in context.template_sections:
        if candidate == section_type:
            return title, instructions
    return section_type.replace("_", " ").title(), ""


def build_section_prompt(request: SectionRequest, *, include_birth_date: bool) -> Prompt:
    """The prompt for `request` (already pseudonymised when privacy asks for it)."""
    context = request.context
    section = SECTION_PROMPTS.get(request.section_type, GENERIC_SECTION_PROMPT)
    payload = record_payload(context, include_birth_date=include_birth_date)
    title, template_instructions = _section_title_and_instructions(context, request.section_type)
    # Citations can only name this student's records (spec/llm.md "Structured output").
    schema = cite_only(inline_schema(request.schema.model_json_schema()), record_ids(context))

    parts = [
        "# Student record (JSON)",
        _dumps(payload),
        f"# Section to write: {title} (`{request.section_type}`)",
        section.guidance,
    ]
    if request.decisions is not None:
        parts += [
            "## What the record decides for this section (JSON)",
            DECISION_RULES,
            _dumps(decisions_for(request.section_type, request.decisions)),
        ]
        questions = questions_for(request.section_type, request.decisions)
        if questions:
            parts += ["## Questions for the team this section must carry (JSON)", _dumps(questions)]
    examples = example_lines(request.section_type)
    if examples:
        parts += ["## Example", *examples]
    if template_instructions:
        parts += ["## The template's instructions for this section", template_instructions]
    if request.earlier_sections:
        parts += ["## Sections already written that this one rests on (JSON)"]
        parts += [_dumps(request.earlier_sections)]
    if context.case_manager_context:
        parts += ["## The case manager's context", context.case_manager_context]
    if request.instructions:
        parts += ["## Extra instructions for this section", request.instructions]
    if request.repair_findings:
        parts += ["## Problems a reviewer found in the previous draft: fix every one"]
        parts += [f"- {finding}" for finding in request.repair_findings]
        if request.previous_output is not None:
            parts += ["Previous draft (JSON):", _dumps(request.previous_output)]
    parts += [
        "# Output",
        "Answer with one JSON object that matches this JSON Schema:",
        json.dumps(schema, ensure_ascii=False, sort_keys=True),
    ]
    return Prompt(
        section_type=request.section_type,
        version=prompt_version(request.section_type),
        system=SYSTEM_INSTRUCTION,
        messages=(PromptMessage("user", "\n\n".join(parts)),),
        schema_name=request.schema.__name__,
        response_schema=schema,
        disclosed_fields=_disclosed_fields(payload, request),
    )


def build_output_repair(prompt: Prompt, previous_text: str, problems: Sequence[str]) -> Prompt:
    """`prompt` continued with the invalid answer and what was wrong with it: one more try."""
    listed = "\n".join(f"- {problem}" for problem in problems)
    correction = (
        "Your answer could not be used:\n"
        f"{listed}\n\n"
        "Answer again with the complete JSON object, corrected, matching the JSON Schema "
        "given above. Keep placeholders in brackets exactly as they are."
    )
    return replace(
        prompt,
        version=f"{prompt.version}/repair",
        messages=(
            *prompt.messages,
            PromptMessage("model", previous_text),
            PromptMessage("user", correction),
        ),
    )


OUTPUT_RULES_HEADING: Final = "## How your answer is checked"
OUTPUT_RULES_INTRO: Final = (
    "Nothing on the server holds your answer to the schema, so it is checked against these "
    "rules and sent back if it breaks one. Answer with one JSON object and nothing else: "
    "start with { and end with }, no markdown fences, no text before or after it."
)


def with_output_rules(prompt: Prompt, rules: Sequence[str]) -> Prompt:
    """`prompt` with the limits we check stated in words after the schema (for a server
    that takes no schema); the first message carries them, so repairs see them too."""
    first, *rest = prompt.messages
    block = "\n".join([OUTPUT_RULES_HEADING, OUTPUT_RULES_INTRO, *rules])
    return replace(prompt, messages=(replace(first, text=f"{first.text}\n\n{block}"), *rest))
