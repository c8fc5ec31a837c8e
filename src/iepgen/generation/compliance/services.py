"""Services: each says how often, how long, where, and runs inside the IEP year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import Services

from .report import Finding
from .rule import Sections, section_of, within_year, year_span

SECTION = "services"

_FREQUENCY: Final = re.compile(
    r"\d|\b(daily|weekly|monthly|quarterly|once|twice|each|every|per|times|"
    r"one|two|three|four|five)\b",
    re.IGNORECASE,
)


def service_complete(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error for a service without a clear frequency, or dated outside the IEP year."""
    services = section_of(sections, SECTION, Services)
    if services is None:
        return
    if not services.services and not services.transfer_statement.strip():
        yield Finding(
            SECTION,
            "service_complete",
            "error",
            "The IEP lists no special education or related service.",
        )
    for number, service in enumerate(services.services, start=1):
        label = f"Service {number} ({service.provider_role})"
        if not _FREQUENCY.search(service.frequency):
            yield Finding(
                SECTION,
                "service_complete",
                "error",
                f"{label}: the frequency must say how often (e.g. '3 times per week').",
            )
        if not service.location.strip():
            yield Finding(SECTION, "service_complete", "error", f"{label} has no location.")
        if not (
            within_year(context, service.start_date) and within_year(context, service.end_date)
        ):
            yield Finding(
                SECTION,
                "service_complete",
                "error",
                f"{label} must start and end inside the IEP year ({year_span(context)}).",
            )
