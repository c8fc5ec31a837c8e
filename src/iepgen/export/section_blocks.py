"""Each section's structured content as document blocks: goals and services as tables.

Sections without a natural table read as the same plain prose the API's `text` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from iepgen.errors import InvalidInput
from iepgen.sections import (
    AREA_LABELS,
    Accommodations,
    AnnualGoals,
    PresentLevels,
    ProgressReporting,
    SectionContent,
    Services,
    SpecialFactors,
    parse_section_content,
)
from iepgen.sections.base import friendly_date, yes_no
from iepgen.sections.services import CATEGORY_LABELS
from iepgen.sections.special_factors import FACTOR_QUESTIONS
from iepgen.sections.transition import Transition

from .document import Block, Bullets, Paragraph, Subheading, Table

SETTING_LABELS = {"classroom": "Classroom", "testing": "Tests", "both": "Classroom and tests"}
PARTICIPATION_LABELS = {
    "regular": "Regular state and district assessments, without accommodations.",
    "regular_with_accommodations": "Regular state and district assessments, "
    "with the accommodations listed.",
    "alternate": "The alternate assessment.",
}

Labels = Mapping[str, str]


def _notes(content: SectionContent) -> list[Block]:
    return [Paragraph(f"Team notes: {content.team_notes}")] if content.team_notes else []


def _sources(ids: list[str], labels: Labels) -> str:
    return "; ".join(labels.get(source, source) for source in ids) or "None cited"


def _prose(content: SectionContent, _labels: Labels) -> list[Block]:
    return [Paragraph(line) for line in content.render_text().splitlines()]


def _present_levels(content: SectionContent, labels: Labels) -> list[Block]:
    assert isinstance(content, PresentLevels)
    blocks: list[Block] = []
    for level in content.areas:
        blocks.append(Subheading(AREA_LABELS[level.area]))
        blocks.append(Paragraph(f"Current performance: {level.current_performance}"))
        if not level.data_available:
            due = friendly_date(level.data_due_date) if level.data_due_date else "a date to be set"
            blocks.append(Paragraph(f"No data yet in this area; it will be collected by {due}."))
        if level.strengths:
            blocks.append(Paragraph(f"Strengths: {level.strengths}"))
        blocks.append(Paragraph(f"Needs: {level.needs}"))
        if level.data_points:
            blocks.append(
                Table(
                    caption=f"Data: {AREA_LABELS[level.area]}",
                    columns=("Measure", "Value", "Source"),
                    rows=tuple(
                        (p.measure, f"{p.value:g}", labels.get(p.source, p.source))
                        for p in level.data_points
                    ),
                    widths=(3, 1, 4),
                )
            )
        blocks.append(Paragraph(f"Sources: {_sources(level.evidence, labels)}"))
    impact = content.impact_on_general_curriculum or "Not yet stated."
    blocks.append(Subheading("Impact on involvement in the general education curriculum"))
    blocks.append(Paragraph(impact))
    return blocks + _notes(content)


def _special_factors(content: SectionContent, _labels: Labels) -> list[Block]:
    assert isinstance(content, SpecialFactors)
    rows = tuple(
        (FACTOR_QUESTIONS[name], yes_no(factor.considered), yes_no(factor.applies), factor.response)
        for name, factor in content.factors().items()
    )
    table = Table(
        caption="Special factors",
        columns=("Factor", "Considered", "Applies", "Response"),
        rows=rows,
        widths=(4, 1.7, 1.2, 4.4),
    )
    return [table, *_notes(content)]


def _annual_goals(content: SectionContent, labels: Labels) -> list[Block]:
    assert isinstance(content, AnnualGoals)
    goals = Table(
        caption="Annual goals",
        columns=("No.", "Area", "Annual goal", "Baseline", "Target", "Measured by", "By"),
        rows=tuple(
            (
                str(number),
                AREA_LABELS[goal.area],
                goal.statement,
                goal.baseline
                if goal.baseline_established
                else f"Not yet measured: {goal.baseline} (by "
                f"{friendly_date(goal.baseline_due_date) if goal.baseline_due_date else 'TBD'})",
                goal.target,
                goal.measurement_method,
                friendly_date(goal.timeframe),
            )
            for number, goal in enumerate(content.goals, start=1)
        ),
        widths=(0.8, 1.4, 4, 2.6, 2, 2, 1.6),
    )
    parts = Table(
        caption="Measurable parts of each goal",
        columns=("No.", "Condition", "Behavior", "Criterion", "Sources"),
        rows=tuple(
            (
                str(number),
                goal.condition,
                goal.behavior,
                goal.criterion,
                _sources(goal.evidence, labels),
            )
            for number, goal in enumerate(content.goals, start=1)
        ),
        widths=(0.8, 3, 3, 3, 2.6),
    )
    objectives = Table(
        caption="Short-term objectives",
        columns=("Goal", "Step", "Short-term objective or benchmark", "Target date"),
        rows=tuple(
            (str(number), str(step), objective.description, friendly_date(objective.target_date))
            for number, goal in enumerate(content.goals, start=1)
            for step, objective in enumerate(goal.short_term_objectives, start=1)
        ),
        widths=(0.8, 0.8, 7, 2),
    )
    blocks: list[Block] = [goals, parts, objectives]
    for number, goal in enumerate(content.goals, start=1):
        if goal.progress_note:
            blocks.append(
                Paragraph(f"Goal {number}, progress on the previous IEP: {goal.progress_note}")
            )
    return blocks + _notes(content)


def _progress_reporting(content: SectionContent, _labels: Labels) -> list[Block]:
    assert isinstance(content, ProgressReporting)
    table = Table(
        caption="How progress is measured",
        columns=("Area", "Method"),
        rows=tuple((AREA_LABELS[m.area], m.method) for m in content.methods),
        widths=(2, 7),
    )
    return [
        table,
        Paragraph(f"Schedule: {content.schedule}"),
        Paragraph(f"Reports to parents: {content.reports_to_parents}"),
        *_notes(content),
    ]


def _services(content: SectionContent, _labels: Labels) -> list[Block]:
    assert isinstance(content, Services)
    table = Table(
        caption="Services",
        columns=("Type", "Service", "Provider", "Frequency", "Minutes", "Location", "From", "To"),
        rows=tuple(
            (
                CATEGORY_LABELS[s.category],
                s.description,
                s.provider_role,
                s.frequency,
                str(s.duration_minutes),
                s.location,
                friendly_date(s.start_date),
                friendly_date(s.end_date),
            )
            for s in content.services
        ),
        widths=(1.6, 3.4, 1.6, 1.5, 1, 1.7, 1.5, 1.5),
    )
    return [table, *_notes(content)]


def _accommodations(content: SectionContent, _labels: Labels) -> list[Block]:
    assert isinstance(content, Accommodations)
    table = Table(
        caption="Accommodations",
        columns=("Accommodation", "Where", "Need addressed"),
        rows=tuple(
            (a.description, SETTING_LABELS[a.setting], a.need_addressed or "")
            for a in content.classroom
        ),
        widths=(5, 1.8, 3.5),
    )
    participation = content.assessment_participation
    blocks: list[Block] = [
        table,
        Subheading("Participation in state and district assessments"),
        Paragraph(PARTICIPATION_LABELS[participation.mode]),
    ]
    if participation.accommodations:
        blocks.append(Bullets(tuple(participation.accommodations)))
    if participation.mode == "alternate":
        blocks.append(
            Paragraph(
                "Why the regular assessment is not appropriate: "
                f"{participation.why_regular_not_appropriate or 'Not yet stated.'}"
            )
        )
        blocks.append(
            Paragraph(
                "Why the alternate assessment is appropriate: "
                f"{participation.why_alternate_appropriate or 'Not yet stated.'}"
            )
        )
    return blocks + _notes(content)


def _transition(content: SectionContent, labels: Labels) -> list[Block]:
    assert isinstance(content, Transition)
    if not content.applies or not content.transition_services:
        return _prose(content, labels)
    blocks: list[Block] = [
        Paragraph(line)
        for line in content.render_text().splitlines()
        if not line.startswith("Transition service:")
    ]
    blocks.insert(
        0,
        Table(
            caption="Transition services",
            columns=("Service", "Responsible"),
            rows=tuple((s.description, s.responsible) for s in content.transition_services),
            widths=(7, 3),
        ),
    )
    return blocks


SectionRenderer = Callable[[SectionContent, Labels], list[Block]]

RENDERERS: dict[str, SectionRenderer] = {
    "present_levels": _present_levels,
    "special_factors": _special_factors,
    "annual_goals": _annual_goals,
    "progress_reporting": _progress_reporting,
    "services": _services,
    "accommodations": _accommodations,
    "transition": _transition,
}


def section_blocks(
    section_type: str, content: dict[str, Any], text: str, labels: Labels
) -> tuple[Block, ...]:
    """The section as blocks; content that no longer parses reads as its stored prose."""
    try:
        parsed = parse_section_content(section_type, content)
    except InvalidInput:
        return tuple(Paragraph(line) for line in text.splitlines() if line.strip())
    renderer = RENDERERS.get(section_type, _prose)
    return tuple(renderer(parsed, labels))
