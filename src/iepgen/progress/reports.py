"""Progress reports of an IEP and the overview on its page: read from the stored data,
judged by the rule in trend.py, with the team's plan per goal and period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import storable_text
from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.ieps import repository as iep_rows
from iepgen.models import IEP, IEPSection, ProgressPlan, ProgressPoint
from iepgen.sections import ProgressReporting, parse_section_content
from iepgen.users.service import Actor

from . import repository
from .goals import MonitoredGoal, monitored_goals
from .periods import ReportingPeriod, Schedule, reporting_schedule
from .report import GoalReport, ProgressReport, goal_report, progress_report
from .schemas import GoalReportOut, PeriodOut, ProgressReportOut
from .service import NOT_FINAL, monitored_iep

MAX_PLAN = 4000
NO_SCHEDULE = "not stated"


def schedule_of(iep: IEP, sections: list[IEPSection]) -> Schedule:
    """The reporting periods the IEP's progress reporting section states."""
    section = next((s for s in sections if s.section_type == "progress_reporting"), None)
    words = NO_SCHEDULE
    if section is not None:
        try:
            content = parse_section_content("progress_reporting", section.content)
        except InvalidInput:
            content = None
        if isinstance(content, ProgressReporting):
            words = content.schedule
    return reporting_schedule(words, iep.start_date, iep.end_date, iep.meeting_date)


def points_by_goal(points: list[ProgressPoint]) -> dict[int, list[tuple[date, float]]]:
    grouped: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for point in points:
        grouped[point.goal_number].append((point.measured_on, point.value))
    return grouped


@dataclass(frozen=True)
class GoalOverview:
    """One goal on the IEP page: its data so far and how the current period stands."""

    goal: MonitoredGoal
    count: int
    latest: tuple[date, float] | None
    current: GoalReport | None


async def overview(session: AsyncSession, iep: IEP, *, today: date) -> list[GoalOverview]:
    """Every goal of an IEP the caller already may see (the page records its own audit)."""
    sections = await iep_rows.sections_at(session, iep.id, iep.version)
    goals = monitored_goals(iep, sections)
    grouped = points_by_goal(await repository.points_of(session, iep.id)) if goals else {}
    period = schedule_of(iep, sections).current(today)
    found = []
    for goal in goals:
        points = grouped.get(goal.number, [])
        found.append(
            GoalOverview(
                goal=goal,
                count=len(points),
                latest=max(points) if points else None,
                current=goal_report(goal, period, points) if period else None,
            )
        )
    return found


async def read_report(
    session: AsyncSession, actor: Actor, iep_id: str, period_number: int | None, *, today: date
) -> tuple[IEP, ProgressReport]:
    """The progress report of one period (default: the one holding today)."""
    monitored = await monitored_iep(session, actor, iep_id)
    iep = monitored.iep
    sections = await iep_rows.sections_at(session, iep.id, iep.version)
    schedule = schedule_of(iep, sections)
    if not schedule.periods:
        raise NotFound("This IEP has no start and end dates, so it has no reporting periods.")
    period = schedule.period(period_number) if period_number else schedule.current(today)
    if period is None:
        raise NotFound(
            f"This IEP has no reporting period {period_number}: its periods are numbered "
            f"1 to {len(schedule.periods)}."
        )
    points = points_by_goal(await repository.points_of(session, iep.id))
    plans = {
        plan.goal_number: plan.plan
        for plan in await repository.plans_of(session, iep.id)
        if plan.period == period.number
    }
    await record(
        session,
        actor,
        "progress.report_read",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"period": period.number},
    )
    return iep, progress_report(schedule, period, monitored.goals, points, plans)


async def save_plans(
    session: AsyncSession, actor: Actor, iep_id: str, period_number: int, plans: dict[int, str]
) -> None:
    """Store what the team plans to change, per goal, for one period (blank clears it)."""
    monitored = await monitored_iep(session, actor, iep_id, lock=True)
    iep = monitored.iep
    if iep.status != "final":
        raise Conflict(NOT_FINAL)
    sections = await iep_rows.sections_at(session, iep.id, iep.version)
    if schedule_of(iep, sections).period(period_number) is None:
        raise NotFound(f"This IEP has no reporting period {period_number}.")
    known = {goal.number for goal in monitored.goals}
    for number, text in plans.items():
        if number not in known:
            raise InvalidInput(
                f"Plans: this IEP has no goal {number} (its goals are numbered 1 to {len(known)}).",
                field=("plans", number),
            )
        try:
            text = storable_text(text).strip()
        except ValueError as exc:
            raise InvalidInput(
                f"Plan for goal {number}: {exc}", field=(f"plan_{number}",)
            ) from None
        if len(text) > MAX_PLAN:
            raise InvalidInput(
                f"Plan for goal {number}: at most {MAX_PLAN} characters.",
                field=(f"plan_{number}",),
            )
        existing = await repository.plan_for(session, iep.id, number, period_number)
        if existing is None and text:
            session.add(
                ProgressPlan(
                    iep_id=iep.id,
                    goal_number=number,
                    period=period_number,
                    plan=text,
                    updated_by=actor.id or None,
                    updated_at=utcnow(),
                )
            )
        elif existing is not None and text:
            existing.plan = text
            existing.updated_by = actor.id or None
            existing.updated_at = utcnow()
        elif existing is not None:
            await session.delete(existing)
    await session.flush()
    await record(
        session,
        actor,
        "progress.plans_saved",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"period": period_number, "goals": sorted(plans)},
    )


@dataclass(frozen=True)
class GoalData:
    """A goal with every point and who entered each (for documents)."""

    goal: MonitoredGoal
    points: list[ProgressPoint]
    names: dict[str, str]

    def pairs(self) -> list[tuple[date, float]]:
        return [(point.measured_on, point.value) for point in self.points]


async def goal_data(session: AsyncSession, iep: IEP) -> list[GoalData]:
    """Every goal of an IEP the caller already may see, with its points, oldest first."""
    sections = await iep_rows.sections_at(session, iep.id, iep.version)
    goals = monitored_goals(iep, sections)
    if not goals:
        return []
    points = await repository.points_of(session, iep.id)
    names = await iep_rows.user_names(session, {p.entered_by for p in points if p.entered_by})
    grouped: dict[int, list[ProgressPoint]] = defaultdict(list)
    for point in points:
        grouped[point.goal_number].append(point)
    return [GoalData(goal, grouped.get(goal.number, []), names) for goal in goals]


def report_out(iep: IEP, report: ProgressReport) -> ProgressReportOut:
    def period_out(period: ReportingPeriod) -> PeriodOut:
        return PeriodOut(number=period.number, start=period.start, end=period.end)

    return ProgressReportOut(
        iep_id=iep.id,
        period=period_out(report.period),
        periods=[period_out(p) for p in report.schedule.periods],
        schedule=report.schedule.stated,
        schedule_understood=report.schedule.understood,
        goals=[
            GoalReportOut(
                goal=g.goal.number,
                label=g.goal.label,
                standing=g.standing.value,
                standing_label=g.standing_label,
                what_the_data_show=g.what_the_data_show,
                points_in_period=len(g.points),
                plan=g.plan,
            )
            for g in report.goals
        ],
    )
