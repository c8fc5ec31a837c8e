"""Meaning: the time in general education the LRE states is what the services add up to.

Placement follows services (34 CFR §300.116): the percent of the day in the regular class
is computed from the minutes of services given outside it, against the school week (a
setting), and a stated percent that disagrees with the services is an error. A change
from the student's recorded placement is a warning: the team must say why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import LeastRestrictiveEnvironment, Service, Services

from .report import Finding
from .rule import Sections, section_of

SECTION = "lre"
TOLERANCE_POINTS: Final = 5
INSIDE: Final = ("general education classroom", "early childhood classroom")
_TIMES: Final = re.compile(
    r"(\d+(?:\.\d+)?|once|twice)\s*(?:times?\s*)?(?:a|per|each|every)\s+(school\s+)?"
    r"(day|week|month|year)",
    re.I,
)
_WORDS: Final = {"once": 1.0, "twice": 2.0}
PER_WEEK: Final = {"day": 5.0, "week": 1.0, "month": 0.25, "year": 1 / 36}
_DAILY: Final = re.compile(r"\bdaily\b|every (school )?day|each (school )?day", re.I)
_WEEKLY: Final = re.compile(r"\bweekly\b|every week", re.I)


def sessions_per_week(frequency: str) -> float | None:
    """'3 times per week' → 3, 'Daily' → 5, '1 time per month' → 0.25; None if unclear."""
    match = _TIMES.search(frequency)
    if match:
        count = _WORDS.get(match.group(1).lower()) or float(match.group(1))
        return count * PER_WEEK[match.group(3).lower()]
    if _DAILY.search(frequency):
        return 5.0
    if _WEEKLY.search(frequency):
        return 1.0
    return None


def outside_general_class(service: Service) -> bool:
    if service.category not in ("special_education", "related_service"):
        return False
    return not service.location.lower().startswith(INSIDE)


def lre_matches_services(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when the stated percent in general education disagrees with the services."""
    lre = section_of(sections, SECTION, LeastRestrictiveEnvironment)
    services = section_of(sections, "services", Services)
    if lre is None or services is None or not services.services:
        return
    minutes = 0.0
    for service in services.services:
        if not outside_general_class(service):
            continue
        per_week = sessions_per_week(service.frequency)
        if per_week is None:
            return  # service_complete already asks for a countable frequency
        minutes += per_week * service.duration_minutes
    week = context.school_week_minutes
    computed = max(0, min(100, round(100 * (1 - minutes / week))))
    if abs(computed - lre.percent_in_general_education) > TOLERANCE_POINTS:
        yield Finding(
            SECTION,
            "lre_matches_services",
            "error",
            f"The LRE states {lre.percent_in_general_education}% of the day in general "
            f"education, but the services outside the general class add up to about "
            f"{round(minutes)} minutes of a {week}-minute week ({computed}%).",
        )
    current = context.student.percent_in_general_education
    if current is not None and abs(current - lre.percent_in_general_education) > 10:
        yield Finding(
            SECTION,
            "placement_change",
            "warning",
            f"The student is in general education {current}% of the day now and this IEP "
            f"proposes {lre.percent_in_general_education}%: the team must agree the change "
            "and say why.",
        )
