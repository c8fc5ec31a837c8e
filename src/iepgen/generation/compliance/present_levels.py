"""Present levels: an impact statement, and every statement resting on cited, real data."""

from __future__ import annotations

from collections.abc import Iterator

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions import Decisions
from iepgen.sections import AREA_LABELS, PresentLevels

from .report import Finding
from .rule import Sections, section_of, within_year, year_span
from .sources import SourceIndex

SECTION = "present_levels"


def impact_statement(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when present levels do not say how the disability affects the curriculum."""
    levels = section_of(sections, SECTION, PresentLevels)
    if levels is not None and not levels.impact_on_general_curriculum.strip():
        yield Finding(
            SECTION,
            "impact_statement",
            "error",
            "Present levels must say how the disability affects involvement and progress "
            "in the general education curriculum.",
        )


def present_level_sources(
    sections: Sections, context: GenerationContext, decisions: Decisions
) -> Iterator[Finding]:
    """Error when a present level cites nothing, cites unknown records, or invents numbers."""
    levels = section_of(sections, SECTION, PresentLevels)
    if levels is None:
        return
    index = SourceIndex.from_context(context)
    for level in levels.areas:
        label = f"Present levels ({AREA_LABELS[level.area].lower()})"
        unknown = [e for e in level.evidence if not index.known(e)]
        if unknown:
            yield Finding(
                SECTION,
                "evidence_cited",
                "error",
                f"{label} cite records that are not in this student's file: {', '.join(unknown)}.",
            )
        if level.data_available and not level.evidence:
            yield Finding(
                SECTION,
                "evidence_cited",
                "error",
                f"{label} cite no assessment or previous IEP. Cite the data, or mark the "
                "data as not yet available and give a date to collect it.",
            )
        if not level.data_available and not within_year(context, level.data_due_date):
            yield Finding(
                SECTION,
                "evidence_cited",
                "error",
                f"{label} have no data yet: give a date to collect it inside the IEP year "
                f"({year_span(context)}).",
            )
        invented = index.unsourced(
            " ".join([level.current_performance, level.strengths, level.needs]),
            level.evidence,
            level.data_due_date,
        )
        if invented:
            yield Finding(
                SECTION,
                "no_invented_data",
                "error",
                f"{label} contain numbers not found in the cited records: {', '.join(invented)}.",
            )
        for point in level.data_points:
            if not index.holds(point.source, point.value):
                yield Finding(
                    SECTION,
                    "no_invented_data",
                    "error",
                    f"{label}: the data point '{point.measure}' is not found in the record "
                    "it cites.",
                )
