"""A period's progress report for the family: plain words, each goal's standing, what the
data show, the chart and the period's values, and what the team plans to change."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.config import Settings
from iepgen.documents.context import DocumentContext
from iepgen.documents.service import load_context, render
from iepgen.progress.report import GoalReport, ProgressReport
from iepgen.progress.reports import GoalData, goal_data, read_report
from iepgen.sections import AREA_LABELS
from iepgen.sections.base import friendly_date, sentence
from iepgen.users.service import Actor

from . import pdf
from .assemble import contact_line
from .document import Block, DocumentSection, ExportDocument, Paragraph, Table
from .names import file_name
from .progress_blocks import chart_block
from .service import ExportFile

MEANINGS = (
    "On track: the line that best fits the data is at or past the line from where "
    "{name} started to the goal.",
    "Not on track: that line is short of the goal's line; the team looks at what to change.",
    "Not enough data to tell: fewer than 3 checks in this period, so the report does not guess.",
)


def _goal_section(report_goal: GoalReport, data: GoalData | None) -> DocumentSection:
    goal = report_goal.goal
    blocks: list[Block] = [
        Paragraph(f"The goal: {sentence(goal.goal.statement)}"),
        Paragraph(f"How it is going: {report_goal.standing_label}.", emphasis=True),
        Paragraph(f"What the data show: {report_goal.what_the_data_show}"),
    ]
    if data is not None and data.points:
        blocks.append(chart_block(data))
    if report_goal.points:
        unit = f" ({goal.unit})" if goal.unit else ""
        blocks.append(
            Table(
                caption="The checks in this period",
                columns=("Date", f"Result{unit}"),
                rows=tuple((friendly_date(day), f"{value:g}") for day, value in report_goal.points),
                widths=(2, 2),
            )
        )
    plan = report_goal.plan or "The team has not written a change for this period."
    blocks.append(Paragraph(f"What the team plans to change: {sentence(plan)}"))
    title = f"Goal {goal.number}: {AREA_LABELS[goal.goal.area]}"
    return DocumentSection(f"goal_{goal.number}", title, tuple(blocks))


def build_family_progress_report(
    context: DocumentContext, report: ProgressReport, data: list[GoalData]
) -> ExportDocument:
    name = context.student.first_name
    by_goal = {d.goal.number: d for d in data}
    period = report.period
    meanings = DocumentSection(
        "meanings",
        "What the words mean",
        tuple(Paragraph(line.format(name=name)) for line in MEANINGS),
    )
    return ExportDocument(
        title="Progress report",
        subtitle=(
            f"{name}'s IEP goals, {friendly_date(period.start)} to {friendly_date(period.end)}"
        ),
        facts=(
            ("Student", f"{context.student.first_name} {context.student.last_name}"),
            ("School year", context.iep.academic_year),
            ("Report", f"Period {period.number} of {len(report.schedule.periods)}"),
            ("Questions? Contact", contact_line(context.meeting, context.case_manager_name)),
        ),
        status="final" if context.iep.status == "final" else "draft",
        notice=(
            f"This report tells you how {name} is doing on each IEP goal. It uses only the "
            "checks the school recorded in this period."
        ),
        running_header="Progress report for the family",
        footer_label=f"{name} · progress report, IEP {context.iep.academic_year}",
        sections=(
            *(_goal_section(g, by_goal.get(g.goal.number)) for g in report.goals),
            meanings,
        ),
    )


async def family_progress_report(
    session: AsyncSession, actor: Actor, settings: Settings, iep_id: str, period: int
) -> ExportFile:
    """The PDF of one period's report (audited, like every document of a student)."""
    iep, report = await read_report(session, actor, iep_id, period, today=settings.school_today())
    _, context = await load_context(session, actor, settings, iep.id)
    document = build_family_progress_report(context, report, await goal_data(session, iep))
    content = await render(document, "pdf")
    await record(
        session,
        actor,
        "progress.family_report",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"period": period},
    )
    return ExportFile(
        content,
        pdf.MEDIA_TYPE,
        file_name(context.iep, f"Progress-report-{period}", "pdf", day=report.period.end),
    )
