"""Meaning: every need rests on data, and every goal, service and accommodation serves one.

The decisions stage says which areas are needs and which duties the record calls for
(braille, a communication plan, a behavior plan...). A draft that lists a need the data
do not show, sets a goal in an area the data call not a need, or adds a support that
serves nothing decided, fails here — whoever drafted it.
"""

from __future__ import annotations

from collections.abc import Iterator

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import AREA_LABELS, Accommodations, AnnualGoals, PresentLevels, Services
from iepgen.sections.base import SUPPORT_TARGET_LABELS

from .report import Finding
from .rule import Sections, section_of


def _why_not(decisions: Decisions, area: str) -> str | None:
    """Why `area` is not a need (None when it is one)."""
    decision = decisions.area(area)
    label = AREA_LABELS[area].lower()
    if decision is None:
        return f"the record has no {label} data"
    if decision.status == "not_a_need":
        return f"the data show {label} is not an area of need ({decision.reason})"
    if decision.status == "unclear":
        return f"the data do not yet show whether {label} is a need (a question for the team)"
    return None


def need_has_evidence(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a need in present levels that the data do not show."""
    levels = section_of(sections, "present_levels", PresentLevels)
    if levels is None:
        return
    for level in levels.areas:
        why = _why_not(decisions, level.area)
        if why is not None:
            yield Finding(
                "present_levels",
                "need_has_evidence",
                "error",
                f"Present levels list {AREA_LABELS[level.area].lower()} as an area of need, "
                f"but {why}. Record the team's finding on the assessment, or remove the area.",
            )


def goals_in_needs(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a goal in an area that is not a decided need."""
    goals = section_of(sections, "annual_goals", AnnualGoals)
    if goals is None:
        return
    for number, goal in enumerate(goals.goals, start=1):
        why = _why_not(decisions, goal.area)
        if why is not None:
            yield Finding(
                "annual_goals",
                "goal_in_decided_need",
                "error",
                f"Goal {number} is in {AREA_LABELS[goal.area].lower()}, but {why}.",
            )


def _unsupported(serves: list[str], allowed: set[str]) -> list[str]:
    return [SUPPORT_TARGET_LABELS[t] for t in serves if t not in allowed]


def supports_serve_needs(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a service or accommodation that serves no decided need or called-for duty."""
    allowed = decisions.support_targets()
    services = section_of(sections, "services", Services)
    for number, service in enumerate(services.services if services else [], start=1):
        label = f"Service {number} ({service.provider_role})"
        if not service.serves:
            yield Finding(
                "services",
                "support_serves_need",
                "error",
                f"{label} does not say which need or special factor it serves.",
            )
            continue
        wrong = _unsupported(list(service.serves), allowed)
        if wrong:
            yield Finding(
                "services",
                "support_serves_need",
                "error",
                f"{label} serves {', '.join(wrong)}, which the record does not show as a need "
                "or a special factor.",
            )
    accommodations = section_of(sections, "accommodations", Accommodations)
    for number, item in enumerate(accommodations.classroom if accommodations else [], start=1):
        label = f"Accommodation {number}"
        if not item.serves:
            yield Finding(
                "accommodations",
                "support_serves_need",
                "error",
                f"{label} does not say which need or special factor it serves.",
            )
            continue
        wrong = _unsupported(list(item.serves), allowed)
        if wrong:
            yield Finding(
                "accommodations",
                "support_serves_need",
                "error",
                f"{label} serves {', '.join(wrong)}, which the record does not show as a need "
                "or a special factor.",
            )


def goals_have_services(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for an annual goal no service works toward (34 CFR §300.320(a)(4): services are
    provided to advance toward the annual goals)."""
    goals = section_of(sections, "annual_goals", AnnualGoals)
    services = section_of(sections, "services", Services)
    if goals is None or services is None:
        return
    served = {target for service in services.services for target in service.serves}
    for number, goal in enumerate(goals.goals, start=1):
        if goal.area not in served:
            yield Finding(
                "services",
                "goal_has_service",
                "error",
                f"No service works toward goal {number} "
                f"({AREA_LABELS[goal.area].lower()}): add one, or say which service serves it.",
            )
