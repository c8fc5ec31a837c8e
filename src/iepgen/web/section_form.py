"""Section content as form fields, and back: built from each section's Pydantic schema.

Every field of `SECTION_SCHEMAS[section_type]` becomes a labelled control (text, long
text, number, date, yes/no, a choice, a set of choices, a list of lines); nested models
become fieldsets; lists of models become repeated fieldsets, each with a "remove" box,
plus one empty item to add another. Field names are dotted paths (`goals.0.statement`),
the same paths a validation error reports, so each message lands beside its field.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from starlette.datastructures import FormData

from iepgen.sections import AREA_LABELS
from iepgen.sections.base import SUPPORT_TARGET_LABELS
from iepgen.sections.services import CATEGORY_LABELS
from iepgen.sections.special_factors import FACTOR_QUESTIONS, PLAN_LABELS
from iepgen.sections.transition import DOMAIN_LABELS
from iepgen.sections.vocabulary import DISABILITY_LABELS
from iepgen.web.forms import whole_number

Kind = Literal[
    "text",
    "textarea",
    "number",
    "date",
    "checkbox",
    "select",
    "checkboxes",
    "lines",
    "group",
    "list",
]

REMOVE: Final = "__remove__"
LONG_TEXT_CHARS: Final = 300

LABELS: Final[dict[str, str]] = {
    "team_notes": "Team notes",
    "statement": "Goal statement",
    "condition": "Condition (under what circumstances)",
    "behavior": "Behavior (what the student will do)",
    "criterion": "Criterion (how well)",
    "baseline": "Baseline (where the student is now)",
    "baseline_established": "A baseline has been measured",
    "baseline_due_date": "Date the baseline will be measured",
    "target": "Target",
    "measurement_method": "How it is measured",
    "timeframe": "To be met by",
    "evidence": "Sources (the assessments and earlier IEPs this rests on)",
    "short_term_objectives": "Short-term objectives",
    "target_date": "Target date",
    "progress_note": "Progress on this goal in the previous IEP",
    "goals": "Goals",
    "provider_role": "Provided by",
    "duration_minutes": "Minutes per session",
    "start_date": "Start date",
    "end_date": "End date",
    "classroom": "Classroom accommodations",
    "setting": "Used in",
    "need_addressed": "Need it addresses",
    "assessment_participation": "Participation in state and district assessments",
    "mode": "How the student takes part",
    "why_regular_not_appropriate": "Why the regular assessment is not appropriate",
    "why_alternate_appropriate": "Why the alternate assessment is appropriate",
    "removal_extent_and_reason": "Time away from non-disabled peers, and why",
    "percent_in_general_education": "Percent of the day in general education",
    "current_performance": "Current performance",
    "data_points": "Data points",
    "data_available": "Data exists for this area",
    "data_due_date": "Date data will be collected",
    "impact_on_general_curriculum": "How the disability affects progress in the general "
    "education curriculum",
    "considered": "Considered by the team",
    "applies": "Applies to this student",
    "response": "Response",
    "reports_to_parents": "How families receive reports",
    "methods": "Progress measures",
    "not_applicable_reason": "Why it does not apply",
    "postsecondary_goals": "Postsecondary goals",
    "education_training": "Education or training",
    "independent_living": "Independent living",
    "transition_assessments": "Transition assessments",
    "transition_services": "Transition services",
    "course_of_study": "Course of study",
    "supporting_goal_areas": "Annual goal areas that support the plan",
    "student_invited": "The student was invited to the IEP meeting",
    "informed_on": "Date the student was informed",
    "needed": "Extended school year services are needed",
    "rationale": "Why",
    "secondary_disabilities": "Other disability categories",
    "english_learner": "English learner",
    "parent_concerns": "Family's concerns",
    "primary_language": "Home language",
    "disability_category": "Primary disability category",
    "administered_on": "Date given",
    "questions_for_team": "Questions for the team (remove one once the team has answered it)",
    "topic": "Topic",
    "question": "Question",
    "reason": "Why it is open",
    "decide_by": "Settle by",
    "measure": "The goal's measure",
    "unit": "Unit (what is counted)",
    "direction": "Direction",
    "baseline_value": "Baseline value, in the unit",
    "target_value": "Target value, in the unit",
    "maximum": "Out of (for a part of a whole)",
    "value": "Value, in the goal's unit",
    "target_rationale": "Why this target",
    "no_goals_reason": "Why there are no goals yet",
    "goal_number": "Goal number",
    "serves": "What it serves (decided needs and special factors)",
    "transfer_statement": "Transfer: comparable services and records",
    "other_areas": "Other areas assessed",
    "summary": "Summary",
    "status": "Status",
    "expected_level": "What is expected at this age or grade",
    "parent_input": "What the family says",
    "student_input": "What the student says",
    "inform_by": "Date by which the student must be informed",
    "student_invited_on": "Date the student was invited",
    "agencies_invited": "Agencies invited (with consent)",
    "supports_goal": "Postsecondary goal it supports",
    "minutes_outside_general_education": "Minutes a week outside the general class",
    "school_week_minutes": "Minutes in the school week",
    "current_percent_in_general_education": "Percent of the day in general education now",
    "comparison_with_current": "Compared with the current placement",
    "behavior_supports": "Positive behavior supports",
    "language_needs": "Language needs",
    "braille": "Braille",
    "communication_plan": "Communication plan",
    "assistive_technology_plan": "Assistive technology plan",
    **{name: label for name, label in PLAN_LABELS.items() if name not in ("materials",)},
    "materials": "Materials in the student's learning media",
}
# Labels that depend on the model a field sits in ("behavior" is a goal part or a factor).
MODEL_LABELS: Final[dict[str, dict[str, str]]] = {"SpecialFactors": dict(FACTOR_QUESTIONS)}
HINTS: Final = {
    "baseline_established": "Untick when there is no data yet, and give the date the "
    "baseline will be measured.",
    "data_available": "Untick when there is no data yet, and give the date it will be collected.",
    "evidence": "The records this rests on.",
    "source": "The record this number comes from.",
    "needed": "Tick when the data show the student needs services over school breaks. "
    "While the team is still deciding, give the date it will settle it by.",
    "baseline_value": "The number, from the record it cites; leave it empty when the "
    "baseline is still to be measured.",
    "target_value": "Leave it empty when the target is set against a baseline still to "
    "be measured.",
    "status": "Not an area of need; not yet decided (a question for the team); or another "
    "finding, such as a medical or transition finding that is not a skill to teach.",
}
# A schema's description is written for the API and the model; it is a form's hint only
# when it reads as plain words (no field names, no null/true/false).
_JARGON = re.compile(r"\b(null|true|false|[a-z]+_[a-z_]+|ids?)\b", re.IGNORECASE)


def _hint(name: str, description: str | None) -> str:
    if name in HINTS:
        return HINTS[name]
    return "" if not description or _JARGON.search(description) else description


EVIDENCE_FIELDS: Final = frozenset({"evidence"})
SOURCE_FIELDS: Final = frozenset({"source"})
Options = list[tuple[str, str]]
ITEM_LABELS: Final = {
    "goals": "Goal",
    "short_term_objectives": "Objective",
    "services": "Service",
    "classroom": "Accommodation",
    "areas": "Area of need",
    "data_points": "Data point",
    "methods": "Progress measure",
    "transition_assessments": "Transition assessment",
    "transition_services": "Transition service",
}
CHOICE_LABELS: Final[dict[str, dict[str, str]]] = {
    "area": dict(AREA_LABELS),
    "category": dict(CATEGORY_LABELS),
    "disability_category": dict(DISABILITY_LABELS),
    "secondary_disabilities": dict(DISABILITY_LABELS),
    "supporting_goal_areas": dict(AREA_LABELS),
    "setting": {"classroom": "Classroom", "testing": "Tests", "both": "Classroom and tests"},
    "mode": {
        "regular": "Regular assessment",
        "regular_with_accommodations": "Regular assessment with accommodations",
        "alternate": "Alternate assessment",
        "not_applicable": "No state tests (preschool)",
    },
    "serves": {key: label[:1].upper() + label[1:] for key, label in SUPPORT_TARGET_LABELS.items()},
    "direction": {"increase": "Increase", "decrease": "Decrease (a behavior to reduce)"},
    "status": {
        "not_a_need": "Not an area of need",
        "not_decided": "Not yet decided",
        "other_finding": "Another finding (medical, transition)",
    },
    "supports_goal": dict(DOMAIN_LABELS),
}


@dataclass
class FormField:
    name: str
    label: str
    kind: Kind
    value: Any = None
    hint: str = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list[FormField] = field(default_factory=list)
    error: str | None = None
    integer: bool = False
    new: bool = False  # the empty item that adds one more to a list
    item_label: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")


def _label(name: str) -> str:
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _max_length(info: FieldInfo) -> int | None:
    for meta in info.metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _choices(name: str, annotation: Any) -> list[tuple[str, str]]:
    labels = CHOICE_LABELS.get(name, {})
    return [
        (str(v), labels.get(str(v), str(v).replace("_", " ").capitalize()))
        for v in get_args(annotation)
    ]


LAST: Final = ("team_notes", "questions_for_team")


def _ordered(schema: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The schema's fields; the team's notes and open questions last, after the content."""
    items = list(schema.model_fields.items())
    return [i for i in items if i[0] not in LAST] + sorted(
        (i for i in items if i[0] in LAST), key=lambda i: LAST.index(i[0])
    )


def _with_unknown(options: Options, chosen: list[str]) -> Options:
    """`options`, plus any cited id that is not among them (so saving never drops it)."""
    known = {value for value, _ in options}
    extra = [(v, f"Other record {v[:8]}") for v in chosen if v and v not in known]
    return options + extra


def with_article(noun: str) -> str:
    """`an objective`, `a goal`, `a one-time service`: the article a reader expects."""
    sound = noun.lstrip()
    vowel = sound[:1] in "aeiou" and not sound.startswith(("one", "uni", "use", "eu"))
    return f"{'an' if vowel else 'a'} {noun}"


def build_fields(
    schema: type[BaseModel],
    data: dict[str, Any] | None,
    errors: dict[str, str],
    prefix: str = "",
    *,
    evidence: Options | None = None,
) -> list[FormField]:
    """The controls for `schema`, filled from `data`, with `errors` (by dotted path) attached.

    `evidence`: (id, label) of the records a statement may cite (assessments, earlier IEPs).
    """
    data = data or {}
    labels = MODEL_LABELS.get(schema.__name__, {})
    fields: list[FormField] = []
    for name, info in _ordered(schema):
        path = f"{prefix}{name}"
        built = _build(name, path, info, data.get(name), errors, evidence or [])
        built.label = labels.get(name, built.label)
        fields.append(built)
    return fields


def _build(
    name: str,
    path: str,
    info: FieldInfo,
    value: Any,
    errors: dict[str, str],
    evidence: Options,
) -> FormField:
    annotation, optional = _unwrap_optional(info.annotation)
    required = info.is_required() and not optional
    base = FormField(
        name=path,
        label=_label(name),
        kind="text",
        hint=_hint(name, info.description),
        required=required,
        error=errors.get(path),
    )
    if _is_model(annotation):
        base.kind = "group"
        nested = value if isinstance(value, dict) else None
        base.children = build_fields(
            annotation, nested, errors, prefix=f"{path}.", evidence=evidence
        )
        return base
    if name in SOURCE_FIELDS:
        base.kind = "select"
        base.value = str(value or "")
        base.options = _with_unknown(evidence, [base.value])
        return base
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation)
        if _is_model(item):
            return _build_list(name, base, item, value, errors, evidence)
        if name in EVIDENCE_FIELDS:
            base.kind = "checkboxes"
            base.value = [str(v) for v in value or []]
            base.options = _with_unknown(evidence, base.value)
            return base
        if get_origin(item) is Literal:
            base.kind, base.options = "checkboxes", _choices(name, item)
            base.value = [str(v) for v in value or []]
            return base
        base.kind = "lines"
        base.value = "\n".join(str(v) for v in value or [])
        base.hint = base.hint or "One per line."
        return base
    if origin is Literal:
        base.kind, base.options = "select", _choices(name, annotation)
    elif annotation is bool:
        base.kind = "checkbox"
        base.required = False
    elif annotation in (int, float):
        base.kind, base.integer = "number", annotation is int
    elif annotation is date:
        base.kind = "date"
    else:
        limit = _max_length(info)
        base.kind = "textarea" if limit is None or limit > LONG_TEXT_CHARS else "text"
    base.value = value if value is not None else ("" if base.kind != "checkbox" else False)
    if base.kind == "checkbox" and value is None and info.default is True:
        base.value = True
    return base


def _build_list(
    name: str,
    base: FormField,
    item: type[BaseModel],
    value: Any,
    errors: dict[str, str],
    evidence: Options,
) -> FormField:
    base.kind = "list"
    base.item_label = ITEM_LABELS.get(name, "Item")
    items = value if isinstance(value, list) else []
    for index, entry in enumerate(items):
        child = FormField(
            name=f"{base.name}.{index}",
            label=f"{base.item_label} {index + 1}",
            kind="group",
            error=errors.get(f"{base.name}.{index}"),
            children=build_fields(
                item,
                entry if isinstance(entry, dict) else None,
                errors,
                prefix=f"{base.name}.{index}.",
                evidence=evidence,
            ),
        )
        base.children.append(child)
    blank_index = len(items)
    blank = FormField(
        name=f"{base.name}.{blank_index}",
        label=f"Add {with_article(base.item_label.lower())}",
        kind="group",
        new=True,
        children=build_fields(
            item, None, {}, prefix=f"{base.name}.{blank_index}.", evidence=evidence
        ),
    )
    base.children.append(blank)
    return base


def _is_blank(value: Any) -> bool:
    if value is None or value == "" or value == []:
        return True
    if isinstance(value, dict):
        return all(_is_blank(v) for k, v in value.items() if not isinstance(v, bool))
    return False


def parse_form(schema: type[BaseModel], form: FormData, prefix: str = "") -> dict[str, Any]:
    """The submitted form as content for `schema`: empty optional fields are left out,
    empty list items (and those marked for removal) are dropped."""
    content: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        path = f"{prefix}{name}"
        present, value = _parse(name, path, info, form)
        if present:
            content[name] = value
    return content


def _parse(name: str, path: str, info: FieldInfo, form: FormData) -> tuple[bool, Any]:
    annotation, optional = _unwrap_optional(info.annotation)
    required = info.is_required() and not optional
    if _is_model(annotation):
        nested = parse_form(annotation, form, prefix=f"{path}.")
        if optional and _is_blank(nested):
            return True, None
        return True, nested
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation)
        if _is_model(item):
            return True, _parse_list(item, path, form)
        if get_origin(item) is Literal or name in EVIDENCE_FIELDS:
            return True, [v for v in form.getlist(path) if isinstance(v, str) and v]
        raw = form.get(path)
        text = raw if isinstance(raw, str) else ""
        return True, [line.strip() for line in text.splitlines() if line.strip()]
    if annotation is bool:
        return True, form.get(path) == "true"
    raw = form.get(path)
    text = raw.strip() if isinstance(raw, str) else ""
    if text == "":
        if required:
            return True, None if annotation in (int, float, date) or origin is Literal else ""
        return (True, None) if optional else (False, None)
    return True, text


def _parse_list(item: type[BaseModel], path: str, form: FormData) -> list[dict[str, Any]]:
    found = (
        whole_number(key[len(path) + 1 :].split(".", 1)[0], max_digits=4)
        for key in form.keys()
        if key.startswith(path + ".")
    )
    # Row indices are ASCII digits the page wrote; "²" or "٣" is no row (never int()'d).
    indices = sorted({index for index in found if index is not None})
    items: list[dict[str, Any]] = []
    for index in indices:
        prefix = f"{path}.{index}."
        if form.get(prefix + REMOVE) == "true":
            continue
        parsed = parse_form(item, form, prefix=prefix)
        if not _is_blank(parsed):
            items.append(parsed)
    return items
