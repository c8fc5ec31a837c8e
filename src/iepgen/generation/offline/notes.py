"""What a deterministic drafter can honour of free text: team notes and template hints.

The case manager's context is carried, verbatim, into the "Team notes" of the section a
line is addressed to ("services: add an OT consult") or of the profile; it is never
reworded into data. Of a template's per-section instructions, the drafter honours the
few it can recognise reliably: a progress-report schedule and an earlier transition age.
"""

from __future__ import annotations

import re
from typing import Final

from iepgen.generation.context import GenerationContext

MAX_NOTES_CHARS: Final = 2000

_SECTION_PREFIXES: Final[dict[str, str]] = {
    "profile": "student_profile",
    "student profile": "student_profile",
    "present levels": "present_levels",
    "plaafp": "present_levels",
    "special factors": "special_factors",
    "goals": "annual_goals",
    "annual goals": "annual_goals",
    "progress": "progress_reporting",
    "progress reporting": "progress_reporting",
    "services": "services",
    "accommodations": "accommodations",
    "assessments": "accommodations",
    "lre": "lre",
    "placement": "lre",
    "transition": "transition",
    "transfer of rights": "transfer_of_rights",
    "esy": "esy",
    "extended school year": "esy",
}
_PREFIX: Final = re.compile(r"^\s*([A-Za-z][A-Za-z _-]{1,30}?)\s*:\s*(.+)$")
GENERAL_NOTES_SECTION: Final = "student_profile"


def _addressed(line: str) -> tuple[str, str]:
    match = _PREFIX.match(line)
    if match:
        key = match.group(1).strip().lower().replace("_", " ")
        section = _SECTION_PREFIXES.get(key) or (
            key.replace(" ", "_") if key.replace(" ", "_") in _SECTION_PREFIXES.values() else None
        )
        if section:
            return section, match.group(2).strip()
    return GENERAL_NOTES_SECTION, line.strip()


def team_notes(context: GenerationContext, section_type: str, extra: str | None = None) -> str:
    """The case manager's lines meant for `section_type`, plus this request's own notes."""
    lines: list[str] = []
    for raw in (context.case_manager_context or "").splitlines():
        if raw.strip():
            target, text = _addressed(raw)
            if target == section_type:
                lines.append(text)
    if extra and extra.strip():
        lines.append(extra.strip())
    return " ".join(lines)[:MAX_NOTES_CHARS]


def instructions_for(context: GenerationContext, section_type: str) -> str:
    for candidate, _title, instructions in context.template_sections:
        if candidate == section_type:
            return instructions
    return ""


_SCHEDULES: Final = (
    (re.compile(r"\bmonthly|every month\b", re.I), "Monthly"),
    (re.compile(r"\b(every )?(six|6) weeks\b", re.I), "Every six weeks"),
    (re.compile(r"\btrimester", re.I), "Each trimester, with report cards"),
    (re.compile(r"\bsemester", re.I), "Each semester, with report cards"),
    (re.compile(r"\bquarter", re.I), "Quarterly, with report cards"),
)
DEFAULT_SCHEDULE: Final = "Quarterly, with report cards"


def reporting_schedule(instructions: str) -> str:
    """The schedule the template asks for, else quarterly with report cards."""
    for pattern, schedule in _SCHEDULES:
        if pattern.search(instructions):
            return schedule
    return DEFAULT_SCHEDULE


_TRANSITION_AGE: Final = re.compile(
    r"\b(?:from|beginning at|starting at)\s+(?:age\s+)?(1[2-6])\b", re.I
)


def transition_start_age(instructions: str, default: int = 16) -> int:
    """A state's earlier start for transition planning (e.g. 'from age 14'), never later."""
    match = _TRANSITION_AGE.search(instructions)
    return min(int(match.group(1)), default) if match else default
