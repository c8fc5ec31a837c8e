"""The parts of the record IEP decisions rest on, as form groups a teacher fills in and reads.

Each group is one part of `RecordFields` (students/record_parts.py) or a few of its plain
fields. Controls are named by the dotted path a validation error reports
(`vision.learning_media`), so each message lands beside its control. A part whose controls
are all empty is sent as null, "not recorded", never as a part full of blanks: the
decisions stage then asks the team instead of reading a blank as "no".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from starlette.datastructures import FormData

from iepgen.models import Student
from iepgen.sections.base import friendly_date
from iepgen.students.record_parts import (
    BRAILLE_CODE_LABELS,
    FUNCTION_LABELS,
    LEARNING_MEDIUM_LABELS,
)
from iepgen.web.forms import whole_number

Kind = Literal[
    "text", "textarea", "date", "number", "select", "radios", "checkbox", "checkboxes", "yes_no"
]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Control:
    """One form control: `name` is the dotted path the API reports errors under."""

    name: str
    label: str
    kind: Kind = "text"
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    # Shown after a number on the student's page ("45%", "3 school days").
    unit: str = ""

    @property
    def field(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def option_label(self, value: str) -> str:
        return dict(self.options).get(value, value)


@dataclass(frozen=True)
class Group:
    """A fieldset of the student form and a block of the student's page.

    `part` groups are one record part (sent as null when empty); the others hold plain
    fields of the record.
    """

    key: str
    title: str
    intro: str
    controls: tuple[Control, ...]
    part: bool = True
    # The title inside a sentence ("Add behavior"), where lower-casing it would be wrong.
    phrase: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.controls)

    @property
    def in_sentence(self) -> str:
        return self.phrase or self.title[:1].lower() + self.title[1:]


YES_NO_UNKNOWN: Final = (("true", "Yes"), ("false", "No"), ("", "Not recorded"))

GROUPS: Final[tuple[Group, ...]] = (
    Group(
        key="dates",
        title="Dates and placement",
        intro="The IEP's reevaluation date and placement statements are worked out from these.",
        part=False,
        controls=(
            Control(
                "percent_in_general_education",
                "Percent of the school day in general education now",
                "number",
                "A whole number from 0 to 100.",
                unit="%",
            ),
            Control(
                "last_evaluation_on",
                "Date of the last evaluation or reevaluation",
                "date",
                "The next reevaluation is due three years later unless you enter another date.",
            ),
            Control(
                "reevaluation_due_on",
                "Date the next reevaluation is due",
                "date",
                "Only if it differs from three years after the last evaluation.",
            ),
            Control(
                "invited_to_meeting_on",
                "Date the student was invited to the IEP meeting",
                "date",
                "Leave empty if the student has not been invited; the draft will not say they "
                "were.",
            ),
            Control(
                "transfer_of_rights_informed_on",
                "Date the student was told about the rights that pass to them at the age of "
                "majority",
                "date",
                "Leave empty if they have not been told yet.",
            ),
        ),
    ),
    Group(
        key="student_words",
        title="The student's own words",
        intro="What the student says about their strengths, needs and goals.",
        part=False,
        phrase="the student's own words",
        controls=(
            Control(
                "student_input",
                "What the student says",
                "textarea",
                "In the student's own words where you have them, for example from an interview "
                "or a questionnaire.",
            ),
        ),
    ),
    Group(
        key="communication",
        title="Communication and hearing",
        intro="For a student who is Deaf or hard of hearing, signs, or uses a communication "
        "device.",
        controls=(
            Control(
                "communication.language",
                "Language the student communicates in",
                hint="For example, American Sign Language, or spoken English.",
            ),
            Control(
                "communication.mode",
                "How the student communicates",
                "select",
                options=(
                    ("spoken", "By speaking"),
                    ("signed", "By signing"),
                    ("aac", "With a communication device or picture system"),
                    ("combined", "A mix of these (for example, signs and speech)"),
                ),
            ),
            Control(
                "communication.uses_interpreter",
                "The student works with an educational interpreter",
                "checkbox",
            ),
            Control(
                "communication.hears_speech",
                "Does the student understand speech by listening?",
                "yes_no",
                "With hearing aids or implants if the student uses them.",
                options=YES_NO_UNKNOWN,
            ),
            Control(
                "communication.hearing_technology",
                "Hearing technology",
                hint="For example, hearing aids, cochlear implants, a classroom sound system.",
            ),
            Control(
                "communication.aac_device",
                "Communication device or system",
                hint="For example, a tablet with a symbol-based speech app.",
            ),
            Control("communication.notes", "Other notes on communication", "textarea"),
        ),
    ),
    Group(
        key="vision",
        title="Vision and learning media",
        intro="For a student who is blind or has low vision. Take the reading and writing "
        "media from the learning media assessment.",
        controls=(
            Control(
                "vision.functional_vision",
                "How the student sees",
                "select",
                options=(
                    ("sighted", "Sighted (no visual impairment)"),
                    ("low_vision", "Low vision"),
                    ("functionally_blind", "Functionally blind (some light or shape)"),
                    ("totally_blind", "Totally blind"),
                ),
            ),
            Control(
                "vision.learning_media",
                "What the student reads and writes with",
                "checkboxes",
                options=tuple((k, _sentence(v)) for k, v in LEARNING_MEDIUM_LABELS.items()),
            ),
            Control(
                "vision.braille_codes",
                "Braille codes the student uses",
                "checkboxes",
                "Only with braille among the media above.",
                options=tuple(
                    (k, _sentence(v.removeprefix("the "))) for k, v in BRAILLE_CODE_LABELS.items()
                ),
            ),
            Control(
                "vision.learning_media_assessment_on",
                "Date of the learning media assessment",
                "date",
            ),
            Control(
                "vision.braille_not_appropriate",
                "An evaluation found that braille instruction is not appropriate for this student",
                "checkbox",
                "Tick only when an evaluation of the student's reading and writing skills, needs "
                "and media says so. Braille cannot then be among the media.",
            ),
            Control(
                "vision.orientation_and_mobility",
                "Getting around (orientation and mobility)",
                "textarea",
                "For example, uses a long cane; travels the school on their own.",
            ),
        ),
    ),
    Group(
        key="behavior",
        title="Behavior",
        intro="For behavior that gets in the way of the student's learning or others'. "
        "Take these from the functional behavior assessment.",
        controls=(
            Control(
                "behavior.target_behavior",
                "The behavior of concern",
                hint="What it looks like, for example, leaves the classroom without asking.",
            ),
            Control(
                "behavior.antecedents",
                "When it tends to happen",
                "textarea",
                "For example, when asked to start a writing task on their own.",
            ),
            Control(
                "behavior.hypothesized_function",
                "Why it seems to happen",
                "select",
                "What the functional behavior assessment found.",
                options=tuple((k, _sentence(v)) for k, v in FUNCTION_LABELS.items()),
            ),
            Control(
                "behavior.replacement_behavior",
                "What the student will do instead",
                hint="For example, asks for a break with a break card.",
            ),
            Control(
                "behavior.functional_behavior_assessment_on",
                "Date of the functional behavior assessment",
                "date",
            ),
            Control(
                "behavior.behavior_plan_on",
                "Date of the current behavior intervention plan",
                "date",
            ),
            Control(
                "behavior.removals_this_year_days",
                "School days of suspension or removal this school year",
                "number",
                "A whole number; 0 if none.",
                unit=" school days",
            ),
        ),
    ),
    Group(
        key="english_learning",
        title="English learning",
        phrase="English learning",
        intro="For an English learner: where the student stands in English and the support "
        "they get now.",
        controls=(
            Control(
                "english_learning.proficiency_level",
                "English proficiency level",
                hint="For example, WIDA composite 2.1 (emerging).",
            ),
            Control(
                "english_learning.proficiency_test",
                "English proficiency test",
                hint="For example, WIDA ACCESS for ELLs.",
            ),
            Control("english_learning.tested_on", "Date of that test", "date"),
            Control(
                "english_learning.el_services",
                "English language development the student gets now",
                "textarea",
                "For example, English language development, 45 minutes daily.",
            ),
        ),
    ),
    Group(
        key="transfer",
        title="Transfer from another school",
        intro="For a student who arrived this year with an IEP from another district. Until "
        "the new IEP, the student gets services comparable to the previous ones.",
        controls=(
            Control(
                "transfer.kind",
                "Where the student came from",
                "radios",
                "Needed for any of the transfer details below.",
                options=(
                    ("in_state", "Another district in this state"),
                    ("out_of_state", "Another state"),
                    ("", "Not recorded"),
                ),
            ),
            Control("transfer.previous_district", "Previous school district"),
            Control("transfer.previous_iep_on", "Date of the previous IEP", "date"),
            Control(
                "transfer.previous_services",
                "Services in the previous IEP",
                "textarea",
                "As the previous school's records show them.",
            ),
            Control(
                "transfer.records_received",
                "The previous school's records have arrived",
                "checkbox",
            ),
            Control("transfer.records_requested_on", "Date the records were requested", "date"),
            Control("transfer.enrolled_on", "Date the student enrolled here", "date"),
        ),
    ),
    Group(
        key="postsecondary_aspirations",
        title="After high school",
        intro="What the student wants after high school, in their words. Transition goals are "
        "written from these (from age 16, or earlier where your state says).",
        controls=(
            Control(
                "postsecondary_aspirations.education_training",
                "Education or training",
                "textarea",
                "For example, a certificate in auto mechanics at the community college.",
            ),
            Control(
                "postsecondary_aspirations.employment",
                "Work",
                "textarea",
                "For example, a job at a garage.",
            ),
            Control(
                "postsecondary_aspirations.independent_living",
                "Living on their own",
                "textarea",
                "Where it applies, for example, shares an apartment with a friend.",
            ),
            Control(
                "postsecondary_aspirations.course_of_study",
                "Course of study",
                "textarea",
                "The courses planned toward these goals and the diploma they lead to, for "
                "example, standard diploma with the automotive pathway in grades 11 and 12.",
            ),
        ),
    ),
    Group(
        key="extended_school_year",
        title="Extended school year data",
        intro="What happened to the student's skills over school breaks. Extended school year "
        "services are decided from these data, never from the disability alone.",
        controls=(
            Control(
                "extended_school_year.regression_recoupment",
                "What the break data show",
                "radios",
                options=(
                    (
                        "significant",
                        "Skills slipped a lot over breaks and took a long time to come back",
                    ),
                    ("not_significant", "Skills held, or came back quickly"),
                    ("", "Not recorded"),
                ),
            ),
            Control(
                "extended_school_year.emerging_skills",
                "A skill just emerging that a break would set back",
                "textarea",
            ),
            Control(
                "extended_school_year.summary",
                "The data, in brief",
                "textarea",
                "For example, 18 words correct per minute lost over winter break, regained in "
                "7 weeks.",
            ),
        ),
    ),
    Group(
        key="health",
        title="Health plan",
        intro="Only a recorded individual health plan; a diagnosis alone does not go here.",
        part=False,
        controls=(
            Control(
                "health_plan",
                "The individual health plan, in brief",
                "textarea",
                "For example, seizure action plan on file with the school nurse.",
            ),
        ),
    ),
)

CONTROLS: Final[tuple[Control, ...]] = tuple(c for g in GROUPS for c in g.controls)
GROUP_KEYS: Final = frozenset(g.key for g in GROUPS)
RECORD_LABELS: Final[dict[str, str]] = {
    **{c.name: c.label for c in CONTROLS},
    **{g.key: g.title for g in GROUPS if g.part},
}


def empty_record_values() -> dict[str, Any]:
    """A new form: nothing recorded (the yes/no/unknown answers on "Not recorded")."""
    return record_form_values(FormData())


def record_form_values(form: FormData) -> dict[str, Any]:
    """What the form sent for the record parts, as the page re-shows it."""
    values: dict[str, Any] = {}
    for control in CONTROLS:
        if control.kind == "checkbox":
            values[control.name] = form.get(control.name) == "true"
        elif control.kind == "checkboxes":
            values[control.name] = [
                v for v in form.getlist(control.name) if isinstance(v, str) and v
            ]
        else:
            raw = form.get(control.name)
            values[control.name] = raw.strip() if isinstance(raw, str) else ""
    return values


def _body_value(control: Control, value: Any) -> Any:
    if control.kind == "checkbox":
        return bool(value)
    if control.kind == "checkboxes":
        return list(value)
    if value == "":
        return None
    if control.kind == "yes_no":
        # Anything but the two answers goes on as typed, for validation to name the field.
        return {"true": True, "false": False}.get(value, value)
    if control.kind == "number":
        number = whole_number(value)
        return value if number is None else number
    return value


def _empty(value: Any) -> bool:
    """Nothing entered, judged on the form's values: an unticked box, no choice, a blank.
    "No" (`"false"`) and `"0"` are answers."""
    return value is None or value is False or value == "" or value == []


def record_body(values: dict[str, Any]) -> dict[str, Any]:
    """The record parts as the API's body: a part with nothing in it is null."""
    body: dict[str, Any] = {}
    for group in GROUPS:
        fields = {c.field: _body_value(c, values.get(c.name, "")) for c in group.controls}
        if not group.part:
            body.update(fields)
        elif group_has_values(group, values):
            body[group.key] = fields
        else:
            body[group.key] = None
    return body


def _form_value(control: Control, stored: Any) -> Any:
    if control.kind == "checkbox":
        return bool(stored)
    if control.kind == "checkboxes":
        return list(stored or [])
    if control.kind == "yes_no":
        return {True: "true", False: "false"}.get(stored, "")
    if stored is None:
        return ""
    if isinstance(stored, date):
        return stored.isoformat()
    return str(stored)


def record_values(student: Student) -> dict[str, Any]:
    """The stored record parts as the form shows them."""
    values: dict[str, Any] = {}
    for group in GROUPS:
        part = getattr(student, group.key) if group.part else None
        for control in group.controls:
            if group.part:
                stored = (part or {}).get(control.field)
            else:
                stored = getattr(student, control.name)
            values[control.name] = _form_value(control, stored)
    return values


def group_has_values(group: Group, values: dict[str, Any]) -> bool:
    return any(not _empty(values.get(name)) for name in group.names)


def group_has_errors(group: Group, errors: dict[str, str]) -> bool:
    if group.part:
        return any(e == group.key or e.startswith(group.key + ".") for e in errors)
    return any(e in group.names for e in errors)


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def _shown(control: Control, value: Any) -> str:
    """A stored value in words, '' when there is nothing to show."""
    if control.kind == "checkbox":
        return "Yes" if value else "No"
    if control.kind == "checkboxes":
        return ", ".join(control.option_label(v) for v in value)
    if value == "":
        return ""
    if control.kind in ("select", "radios", "yes_no"):
        return control.option_label(value)
    if control.kind == "date":
        try:
            return friendly_date(date.fromisoformat(value))
        except ValueError:
            return str(value)
    return f"{value}{control.unit}"


def group_facts(group: Group, student: Student, values: dict[str, Any]) -> list[Fact]:
    """What the record holds for `group`: every recorded answer, in the form's words.

    In a recorded part a yes/no box shows its answer either way (the decisions read
    "No" too); a part not recorded shows nothing.
    """
    if group.part and getattr(student, group.key) is None:
        return []
    facts: list[Fact] = []
    for control in group.controls:
        value = values.get(control.name, "")
        if control.kind == "checkboxes" and not value:
            continue
        text = _shown(control, value)
        if text:
            facts.append(Fact(control.label, text))
    return facts


@dataclass(frozen=True)
class GroupState:
    """A group as the form shows it: open when it holds something, has a problem, or was
    asked for (the student's page links to one group)."""

    group: Group
    filled: bool
    open: bool


def group_states(
    values: dict[str, Any], errors: dict[str, str], asked: str | None = None
) -> list[GroupState]:
    states: list[GroupState] = []
    for group in GROUPS:
        filled = group_has_values(group, values)
        opened = filled or group.key == asked or group_has_errors(group, errors)
        states.append(GroupState(group, filled, opened))
    return states


def record_view(
    student: Student, values: dict[str, Any]
) -> tuple[list[tuple[Group, list[Fact]]], list[Group]]:
    """The groups the record holds, with their facts, and the groups not recorded."""
    shown: list[tuple[Group, list[Fact]]] = []
    missing: list[Group] = []
    for group in GROUPS:
        facts = group_facts(group, student, values)
        if facts:
            shown.append((group, facts))
        else:
            missing.append(group)
    return shown, missing
