"""Each section's structured content as document blocks: goals and services as tables.

Sections without a natural table read as the same plain prose the API's `text` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
from iepgen.sections.base import SUPPORT_TARGET_LABELS, friendly_date, yes_no
from iepgen.sections.present_levels import SUMMARY_LABELS
from iepgen.sections.services import CATEGORY_LABELS
from iepgen.sections.special_factors import FACTOR_QUESTIONS, PLAN_LABELS
from iepgen.sections.transition import Transition

from .document import Block, Bullets, Paragraph, Subheading, Table

SETTING_LABELS = {"classroom": "Classroom", "testing": "Tests", "both": "Classroom and tests"}
PARTICIPATION_LABELS = {
    "regular": "Regular state and district assessments.",
    "regular_with_accommodations": "Regular state and district assessments, "
    "with the accommodations listed.",
    "alternate": "The alternate assessment.",
    "not_applicable": "No state academic tests.",
}


@dataclass(frozen=True)
class Rendering:
    """What a section's rendering depends on beyond its content: the names of the sources
    its evidence cites, and whether the IEP is final (a draft records nothing the team has
    not done yet)."""

    labels: Mapping[str, str]
    final: bool

    def label(self, source: str) -> str:
        return self.labels.get(source, source)


def _notes(content: SectionContent) -> list[Block]:
    """Team notes, then the section's questions for the team (never mixed into its prose)."""
    blocks: list[Block] = []
    if content.team_notes:
        blocks.append(Paragraph(f"Team notes: {content.team_notes}"))
    if content.questions_for_team:
        blocks.append(Subheading("Questions for the team"))
        blocks.append(
            Bullets(
                tuple(
                    f"{q.topic}: {q.question}"
                    + (f" By {friendly_date(q.decide_by)}." if q.decide_by else "")
                    for q in content.questions_for_team
                )
            )
        )
    return blocks


def _sources(ids: list[str], view: Rendering) -> str:
    return "; ".join(view.label(source) for source in ids) or "None cited"


def _prose(content: SectionContent, _view: Rendering) -> list[Block]:
    lines = content.render_text().splitlines()
    notes = f"Team notes: {content.team_notes}" if content.team_notes else None
    return [Paragraph(line) for line in lines if line != notes] + _notes(content)


def _present_levels(content: SectionContent, view: Rendering) -> list[Block]:
    assert isinstance(content, PresentLevels)
    blocks: list[Block] = []
    for level in content.areas:
        blocks.append(Subheading(AREA_LABELS[level.area]))
        blocks.append(Paragraph(f"Current performance: {level.current_performance}"))
        if not level.data_available:
            due = friendly_date(level.data_due_date) if level.data_due_date else "a date to be set"
            blocks.append(Paragraph(f"No data yet in this area; it will be collected by {due}."))
        if level.expected_level:
            blocks.append(Paragraph(f"Expected: {level.expected_level}"))
        if level.strengths:
            blocks.append(Paragraph(f"Strengths: {level.strengths}"))
        blocks.append(Paragraph(f"Needs: {level.needs}"))
        if level.data_points:
            blocks.append(
                Table(
                    caption=f"Data: {AREA_LABELS[level.area]}",
                    columns=("Measure", "Value", "Source"),
                    rows=tuple(
                        (p.measure, f"{p.value:g}", view.label(p.source)) for p in level.data_points
                    ),
                    widths=(3, 1, 4),
                )
            )
        blocks.append(Paragraph(f"Sources: {_sources(level.evidence, view)}"))
    if content.other_areas:
        blocks.append(Subheading("Other areas assessed"))
        blocks.append(
            Bullets(
                tuple(
                    f"{AREA_LABELS[other.area]}{SUMMARY_LABELS[other.status]}: {other.summary}"
                    for other in content.other_areas
                )
            )
        )
    impact = content.impact_on_general_curriculum or "Not yet stated."
    blocks.append(Subheading("Impact on involvement in the general education curriculum"))
    blocks.append(Paragraph(impact))
    if content.parent_input:
        blocks.append(Paragraph(f"What the family says: {content.parent_input}"))
    if content.student_input:
        blocks.append(Paragraph(f"What the student says: {content.student_input}"))
    return blocks + _notes(content)


def _special_factors(content: SectionContent, view: Rendering) -> list[Block]:
    assert isinstance(content, SpecialFactors)
    factors = content.factors().items()
    if view.final:
        table = Table(
            caption="Special factors",
            columns=("Factor", "Considered", "Applies", "Response"),
            rows=tuple(
                (FACTOR_QUESTIONS[name], yes_no(f.considered), yes_no(f.applies), f.response)
                for name, f in factors
            ),
            widths=(4, 1.7, 1.2, 4.4),
        )
    else:
        # The team considers each factor at the meeting (§300.324(a)(2)): a draft that
        # printed "Considered: Yes" would record as done what has not happened yet.
        table = Table(
            caption="Special factors (the team considers each at the meeting)",
            columns=("Factor", "Applies (proposed)", "Response"),
            rows=tuple(
                (FACTOR_QUESTIONS[name], yes_no(f.applies), f.response) for name, f in factors
            ),
            widths=(4, 1.9, 5.4),
        )
    blocks: list[Block] = [table]
    plans = {
        "Positive behavior supports": content.behavior_supports,
        "Language needs": content.language_needs,
        "Braille": content.braille,
        "Communication plan": content.communication_plan,
        "Assistive technology": content.assistive_technology_plan,
    }
    for title, plan in plans.items():
        if plan is not None:
            blocks.append(Subheading(title))
            blocks.append(
                Bullets(
                    tuple(
                        f"{PLAN_LABELS.get(name, name)}: {value}"
                        for name, value in plan.model_dump().items()
                        if isinstance(value, str) and value.strip()
                    )
                )
            )
    return blocks + _notes(content)


def _annual_goals(content: SectionContent, view: Rendering) -> list[Block]:
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
                else f"Not yet measured. {goal.baseline}"
                + (
                    f" To be measured by {friendly_date(goal.baseline_due_date)}."
                    if goal.baseline_due_date
                    else ""
                ),
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
                _sources(goal.evidence, view),
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
    if not content.goals:
        return [Paragraph(line) for line in content.render_text().splitlines()] + _notes(content)
    blocks: list[Block] = [goals, parts, objectives]
    for number, goal in enumerate(content.goals, start=1):
        if goal.target_rationale:
            blocks.append(Paragraph(f"Goal {number}, why this target: {goal.target_rationale}"))
    for number, goal in enumerate(content.goals, start=1):
        if goal.progress_note:
            blocks.append(
                Paragraph(f"Goal {number}, progress on the previous IEP: {goal.progress_note}")
            )
    return blocks + _notes(content)


def _progress_reporting(content: SectionContent, _view: Rendering) -> list[Block]:
    assert isinstance(content, ProgressReporting)
    table = Table(
        caption="How progress is measured",
        columns=("Goal", "Method"),
        rows=tuple(
            (
                f"Goal {m.goal_number} ({AREA_LABELS[m.area]})"
                if m.goal_number
                else AREA_LABELS[m.area],
                m.method,
            )
            for m in content.methods
        ),
        widths=(2, 7),
    )
    measured: Block = (
        table
        if table.rows
        else Paragraph("How progress is measured: set with each annual goal, once it is written.")
    )
    return [
        measured,
        Paragraph(f"Schedule: {content.schedule}"),
        Paragraph(f"Reports to parents: {content.reports_to_parents}"),
        *_notes(content),
    ]


def _services(content: SectionContent, _view: Rendering) -> list[Block]:
    assert isinstance(content, Services)
    table = Table(
        caption="Services",
        columns=("Type", "Service", "Provider", "Frequency", "Minutes", "Location", "From", "To"),
        rows=tuple(
            (
                CATEGORY_LABELS[s.category],
                s.description
                + (
                    f" For: {', '.join(SUPPORT_TARGET_LABELS[t] for t in s.serves)}."
                    if s.serves
                    else ""
                ),
                s.provider_role,
                s.frequency,
                # The unit in the cell: the column is too narrow for "minutes each time".
                f"{s.duration_minutes} each time",
                s.location,
                friendly_date(s.start_date),
                friendly_date(s.end_date),
            )
            for s in content.services
        ),
        widths=(1.6, 3.4, 1.6, 1.5, 1, 1.7, 1.5, 1.5),
    )
    blocks: list[Block] = []
    if content.transfer_statement:
        blocks.append(Paragraph(content.transfer_statement))
    if content.services:
        blocks.append(table)
    return blocks + _notes(content)


def _accommodations(content: SectionContent, _view: Rendering) -> list[Block]:
    assert isinstance(content, Accommodations)
    if not content.classroom:
        return [
            Paragraph(content.empty_classroom_line()),
            *_participation(content),
            *_notes(content),
        ]
    table = Table(
        caption="Accommodations",
        columns=("Accommodation", "Where", "Need addressed"),
        rows=tuple(
            (a.description, SETTING_LABELS[a.setting], a.need_addressed or "")
            for a in content.classroom
        ),
        widths=(5, 1.8, 3.5),
    )
    return [table, *_participation(content), *_notes(content)]


def _participation(content: Accommodations) -> list[Block]:
    participation = content.assessment_participation
    blocks: list[Block] = [
        Subheading("Participation in state and district assessments"),
        Paragraph(PARTICIPATION_LABELS[participation.mode]),
    ]
    if participation.mode == "not_applicable" and participation.not_applicable_reason:
        blocks.append(Paragraph(participation.not_applicable_reason))
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
    return blocks


def _transition(content: SectionContent, view: Rendering) -> list[Block]:
    assert isinstance(content, Transition)
    if not content.applies or not content.transition_services:
        return _prose(content, view)
    notes = f"Team notes: {content.team_notes}" if content.team_notes else None
    blocks: list[Block] = [
        Paragraph(line)
        for line in content.render_text().splitlines()
        if not line.startswith("Service:") and line != notes
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
    return blocks + _notes(content)


SectionRenderer = Callable[[SectionContent, Rendering], list[Block]]

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
    section_type: str, content: dict[str, Any], text: str, view: Rendering
) -> tuple[Block, ...]:
    """The section as blocks; content that no longer parses reads as its stored prose."""
    try:
        parsed = parse_section_content(section_type, content)
    except InvalidInput:
        return tuple(Paragraph(line) for line in text.splitlines() if line.strip())
    renderer = RENDERERS.get(section_type, _prose)
    return tuple(renderer(parsed, view))
