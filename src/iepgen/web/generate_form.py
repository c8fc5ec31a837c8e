"""The Generate form on the student's page: its defaults, form → request body, and problems.

The API refuses an impossible request at submit (a meeting outside the IEP year, a goal
in an area the record calls not a need) one problem at a time. When it does, this page
asks each of those checks on its own, so the teacher sees every problem in one round.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from iepgen.config import Settings
from iepgen.errors import InvalidInput
from iepgen.generation.inputs import check_meeting_date
from iepgen.generation.requests import check_iep_request
from iepgen.ieps.notices import drafter_name
from iepgen.jobs.schemas import IEPGenerationRequest
from iepgen.llm.factory import provider_and_model
from iepgen.sections import AREA_LABELS
from iepgen.templates.builtin import IDEA_STANDARD_ID, IDEA_STANDARD_SECTIONS
from iepgen.templates.service import get_template
from iepgen.web.forms import FieldErrors, in_form_order, plain_message, signed_number
from iepgen.web.student_forms import academic_year_options

SECTION_NOTE_OPTIONS: Final = [(s["section_type"], s["title"]) for s in IDEA_STANDARD_SECTIONS]
GOAL_AREA_OPTIONS: Final = list(AREA_LABELS.items())
PRIORITY_OPTIONS: Final = [("3", "Low"), ("5", "Normal"), ("8", "High (meeting soon)")]

GENERATE_LABELS: Final = {
    "academic_year": "IEP year",
    "template_id": "Template",
    "priority": "Priority",
    "meeting_date": "Meeting date",
    "context": "Drafting instructions",
    # Read as the start of the API's sentence: "... asks for a reading goal, but ...".
    "goal_areas": "Your choice of goal areas",
    "section_notes": "Notes for the IEP",
    **{f"section_notes.{kind}": f"Note for {title}" for kind, title in SECTION_NOTE_OPTIONS},
}
TEXT_FIELDS: Final = ("academic_year", "template_id", "priority", "meeting_date", "context")
FLAGS: Final = ("include_previous_ieps", "include_assessments")
CHECKED_BY_SUBMIT: Final = frozenset({"meeting_date", "goal_areas"})
# Top to bottom, as the form shows them (the error summary follows this order).
FORM_ORDER: Final = (
    "academic_year",
    "meeting_date",
    "template_id",
    "priority",
    *FLAGS,
    "context",
    "goal_areas",
    *(f"section_notes.{kind}" for kind, _ in SECTION_NOTE_OPTIONS),
)


def _text(form: FormData, name: str) -> str:
    raw = form.get(name)
    return raw.strip() if isinstance(raw, str) else ""


def generate_values(form: FormData) -> dict[str, Any]:
    """What the Generate form sent, as the page re-shows it."""
    values: dict[str, Any] = {name: _text(form, name) for name in TEXT_FIELDS}
    for flag in FLAGS:
        values[flag] = form.get(flag) == "true"
    values["goal_areas"] = [v for v in form.getlist("goal_areas") if isinstance(v, str) and v]
    for kind, _ in SECTION_NOTE_OPTIONS:
        values[f"section_notes.{kind}"] = _text(form, f"section_notes.{kind}")
    return values


def default_generate_values(settings: Settings) -> dict[str, Any]:
    """A new form: this IEP year, a meeting today where the school is, the usual sources."""
    return {
        "academic_year": academic_year_options(settings)[0][0],
        "template_id": IDEA_STANDARD_ID,
        "meeting_date": settings.school_today().isoformat(),
        "include_previous_ieps": True,
        "include_assessments": True,
        "priority": "5",
        "goal_areas": [],
    }


def generate_body(values: dict[str, Any], student_id: str) -> dict[str, Any]:
    """The form's values as the API's IEPGenerationRequest body."""
    priority = signed_number(values["priority"])
    notes = {
        kind: values[f"section_notes.{kind}"]
        for kind, _ in SECTION_NOTE_OPTIONS
        if values.get(f"section_notes.{kind}")
    }
    return {
        "student_id": student_id,
        "academic_year": values["academic_year"],
        "template_id": values["template_id"],
        "priority": values["priority"] if priority is None else priority,
        "include_previous_ieps": values["include_previous_ieps"],
        "include_assessments": values["include_assessments"],
        "context": values["context"] or None,
        "meeting_date": values["meeting_date"] or None,
        "section_notes": notes,
        "goal_areas": values["goal_areas"],
    }


def form_errors(errors: FieldErrors) -> FieldErrors:
    """API error paths as the form's fields (`goal_areas.2` is the goal-areas checkboxes),
    in the form's order."""
    shown: FieldErrors = {}
    for name, message in errors.items():
        key = "goal_areas" if name.startswith("goal_areas.") else name
        shown[key] = f"{shown[key]} {message}" if key in shown else message
    return in_form_order(shown, FORM_ORDER)


def drafter_hint(settings: Settings) -> str:
    """What the configured drafter does with drafting instructions, in a teacher's words."""
    common = "They steer the draft and are never copied into the IEP. "
    provider = settings.resolved_provider
    if provider == "offline":
        return (
            common + "This server drafts with the built-in drafter (no AI), which cannot follow "
            "free-text instructions: it follows only a progress-report schedule, such as "
            "“report progress monthly”. The version history says which instructions were not "
            "followed, so you can apply them when you review."
        )
    model = drafter_name(*provider_and_model(settings))
    fallback = (
        "If it is unavailable, the built-in drafter (no AI) writes the draft instead, and it "
        "cannot follow free-text instructions."
        if settings.llm_fallback_to_offline
        else "The built-in drafter (no AI) cannot follow free-text instructions."
    )
    return f"{common}This server drafts with {model}, which is given them to follow. {fallback}"


async def submit_problems(
    session: AsyncSession,
    settings: Settings,
    student_id: str,
    body: IEPGenerationRequest,
    refused: InvalidInput,
    payload: dict[str, Any],
) -> FieldErrors:
    """Every problem the submit checks find in `payload`, not only the first (`refused`).

    The meeting date is checked on its own; each goal area is checked on its own against
    the record (read for a valid meeting date, or without one when it was the problem).
    """
    first = refused.field[0] if refused.field else ""
    if first not in CHECKED_BY_SUBMIT:
        return {str(first) or "__all__": plain_message(refused, GENERATE_LABELS)}
    errors: FieldErrors = {}
    meeting: date | None = body.meeting_date
    if meeting is not None:
        try:
            check_meeting_date(settings, body.academic_year, meeting)
        except InvalidInput as exc:
            errors["meeting_date"] = plain_message(exc, GENERATE_LABELS)
            meeting = None
    template = await get_template(session, body.template_id)
    for area in payload.get("goal_areas", []):
        one = {**payload, "goal_areas": [area]}
        if meeting is None:
            one.pop("meeting_date", None)
        try:
            await check_iep_request(session, settings, student_id, template, one)
        except InvalidInput as exc:
            errors[f"goal_areas.{area}"] = plain_message(exc, GENERATE_LABELS)
    return form_errors(errors) or {str(first): plain_message(refused, GENERATE_LABELS)}
