"""Progress toward the annual goals as document blocks: per goal the chart and its data."""

from __future__ import annotations

from collections.abc import Sequence

from iepgen.progress.chart import goal_chart
from iepgen.progress.reports import GoalData
from iepgen.sections.base import friendly_date, sentence

from .document import Block, ChartLine, DocumentSection, LineChart, Paragraph, Subheading, Table

SECTION_TYPE = "progress_monitoring"
SECTION_TITLE = "Progress toward the annual goals"


def chart_block(data: GoalData) -> LineChart:
    chart = goal_chart(data.goal, data.pairs())
    return LineChart(
        title=chart.title,
        description=chart.description,
        points=chart.points,
        lines=tuple(ChartLine(c.label, c.start, c.end, c.dashed) for c in chart.lines),
        x_labels=chart.x_labels,
        y_labels=chart.y_labels,
    )


def data_table(data: GoalData) -> Table:
    unit = f" ({data.goal.unit})" if data.goal.unit else ""
    return Table(
        caption=f"Data for goal {data.goal.number}",
        columns=("Date", f"Value{unit}", "Note", "Entered by"),
        rows=tuple(
            (
                friendly_date(point.measured_on),
                f"{point.value:g}",
                point.note or "",
                data.names.get(point.entered_by or "", "A former user"),
            )
            for point in data.points
        ),
        widths=(2, 1.5, 4, 2),
    )


def progress_section(goals: Sequence[GoalData]) -> DocumentSection | None:
    """The section, or None when no goal has data yet (a draft, or a new final IEP)."""
    if not any(data.points for data in goals):
        return None
    blocks: list[Block] = []
    for data in goals:
        blocks.append(Subheading(f"{data.goal.label}: {sentence(data.goal.goal.statement)}"))
        if not data.points:
            blocks.append(Paragraph("No data has been recorded yet for this goal."))
            continue
        blocks.append(chart_block(data))
        blocks.append(data_table(data))
    return DocumentSection(SECTION_TYPE, SECTION_TITLE, tuple(blocks))
