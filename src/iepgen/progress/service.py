"""Progress data points of a final IEP: who may read and write them, what each must agree
with (the goal, the IEP's period, today), the CSV import, and the audit of every access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid
from iepgen.audit.service import record
from iepgen.db.base import new_id, utcnow
from iepgen.errors import Conflict, InvalidInput, NotFound
from iepgen.ieps import repository as iep_rows
from iepgen.ieps.service import get_accessible_iep
from iepgen.models import IEP, ProgressPoint
from iepgen.users.service import Actor

from . import repository
from .csv_rows import ImportRules, ReadFile, period_reason, read_progress_csv
from .goals import MonitoredGoal, goal_numbered, monitored_goals
from .schemas import GoalOut, ImportReport, PointIn, PointList, PointOut, RejectedRow

log = structlog.get_logger("iepgen.progress")

NOT_FINAL = (
    "Progress is recorded against a final IEP, and this one is still a draft: finalize it first."
)
POINT_NOT_FOUND = "Data point not found."


@dataclass(frozen=True)
class MonitoredIEP:
    """An IEP the caller may see, with its goals as progress monitoring reads them."""

    iep: IEP
    goals: list[MonitoredGoal]

    def goal(self, number: int) -> MonitoredGoal:
        return goal_numbered(self.goals, number)


async def monitored_iep(
    session: AsyncSession, actor: Actor, iep_id: str, *, lock: bool = False
) -> MonitoredIEP:
    """The IEP (NotFound unless on the caller's caseload) and its goals."""
    iep = await get_accessible_iep(session, actor, iep_id, lock=lock)
    sections = await iep_rows.sections_at(session, iep.id, iep.version)
    return MonitoredIEP(iep, monitored_goals(iep, sections))


def goal_out(goal: MonitoredGoal) -> GoalOut:
    return GoalOut(
        number=goal.number,
        area=goal.goal.area,
        statement=goal.goal.statement,
        unit=goal.unit,
        direction="increase" if goal.increases else "decrease",
        baseline_value=goal.baseline_value,
        target_value=goal.target_value,
        aim_starts_on=goal.start,
        aim_ends_on=goal.end,
    )


def _point_out(actor: Actor, point: ProgressPoint, names: dict[str, str]) -> PointOut:
    return PointOut(
        id=point.id,
        goal=point.goal_number,
        measured_on=point.measured_on,
        value=point.value,
        note=point.note,
        source=point.source,
        entered_by=actor.sees_user_id(point.entered_by),
        entered_by_name=names.get(point.entered_by) if point.entered_by else None,
        created_at=point.created_at,
    )


async def points_out(
    session: AsyncSession, actor: Actor, points: list[ProgressPoint]
) -> list[PointOut]:
    names = await iep_rows.user_names(session, {p.entered_by for p in points if p.entered_by})
    return [_point_out(actor, point, names) for point in points]


async def list_points(
    session: AsyncSession, actor: Actor, iep_id: str, goal: int, *, limit: int, offset: int
) -> PointList:
    """A page of one goal's points, oldest first (a draft IEP simply has none yet)."""
    monitored = await monitored_iep(session, actor, iep_id)
    chosen = monitored.goal(goal)
    points, total = await repository.points_page(
        session, monitored.iep.id, chosen.number, limit=limit, offset=offset
    )
    await record(
        session,
        actor,
        "progress.read",
        student_id=monitored.iep.student_id,
        entity_type="iep",
        entity_id=monitored.iep.id,
        detail={"goal": chosen.number},
    )
    return PointList(
        goal=goal_out(chosen),
        items=await points_out(session, actor, points),
        total=total,
        limit=limit,
        offset=offset,
    )


def _require_final(iep: IEP) -> None:
    if iep.status != "final":
        raise Conflict(NOT_FINAL)


async def add_point(
    session: AsyncSession,
    actor: Actor,
    iep_id: str,
    goal: int,
    body: PointIn,
    *,
    today: date,
    source: str = "api",
) -> PointOut:
    """Store one point; 422 naming the field for a date outside the IEP or in the future."""
    monitored = await monitored_iep(session, actor, iep_id)
    chosen = monitored.goal(goal)
    _require_final(monitored.iep)
    iep = monitored.iep
    reason = period_reason(body.measured_on, iep.start_date, iep.end_date, today)
    if reason is not None:
        raise InvalidInput("Measured on: " + reason[len("date ") :], field=("measured_on",))
    point = ProgressPoint(
        id=new_id(),
        iep_id=iep.id,
        goal_number=chosen.number,
        measured_on=body.measured_on,
        value=float(body.value),
        note=body.note,
        entered_by=actor.id or None,
        source=source,
        created_at=utcnow(),
    )
    repository.add(session, point)
    await session.flush()
    await record(
        session,
        actor,
        "progress.added",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        fields=sorted(body.model_fields_set),
        detail={"goal": chosen.number, "point_id": point.id},
    )
    return (await points_out(session, actor, [point]))[0]


async def delete_point(
    session: AsyncSession, actor: Actor, iep_id: str, goal: int, point_id: str
) -> None:
    """Remove a point entered by mistake (audited: the entry keeps the point's id)."""
    monitored = await monitored_iep(session, actor, iep_id)
    chosen = monitored.goal(goal)
    canonical = canonical_uuid(point_id)
    point = await repository.get_point(session, monitored.iep.id, canonical) if canonical else None
    if point is None or point.goal_number != chosen.number:
        raise NotFound(POINT_NOT_FOUND)
    await repository.delete_point(session, point)
    await record(
        session,
        actor,
        "progress.deleted",
        student_id=monitored.iep.student_id,
        entity_type="iep",
        entity_id=monitored.iep.id,
        detail={"goal": chosen.number, "point_id": point.id},
    )


def _report(read: ReadFile, *, stored: int) -> ImportReport:
    return ImportReport(
        accepted=stored > 0,
        rows=read.rows,
        good_rows=len(read.good),
        stored=stored,
        rejected=[RejectedRow(row=r.line, reason=r.reason) for r in read.rejected],
        file_problem=read.problem,
    )


async def import_csv(
    session: AsyncSession,
    actor: Actor,
    iep_id: str,
    text: str,
    *,
    today: date,
    accept: bool,
    expected_good_rows: int | None = None,
) -> ImportReport:
    """Check every row of a progress CSV; with `accept`, store the good rows in one insert.

    A preview stores nothing. Accepting stores the good rows only: the rejected ones are
    the user's to fix and import again. `expected_good_rows` (what the preview showed)
    guards against a file that changed between preview and accept: then nothing is stored.
    """
    monitored = await monitored_iep(session, actor, iep_id, lock=accept)
    iep = monitored.iep
    if accept:
        _require_final(iep)
    rules = ImportRules(
        iep_id=iep.id,
        goal_numbers=frozenset(g.number for g in monitored.goals),
        start=iep.start_date,
        end=iep.end_date,
        today=today,
        existing=frozenset(await repository.point_keys(session, iep.id)),
    )
    read = read_progress_csv(text, rules)
    stored = 0
    if accept:
        if read.problem:
            raise InvalidInput(read.problem, field=("file",))
        if not read.good:
            raise InvalidInput("The file has no good rows to import.", field=("file",))
        if expected_good_rows is not None and expected_good_rows != len(read.good):
            raise Conflict(
                f"The preview showed {expected_good_rows} good rows, but the file now has "
                f"{len(read.good)}: nothing was imported. Look at the new preview first."
            )
        now = utcnow()
        await repository.add_many(
            session,
            [
                {
                    "id": new_id(),
                    "iep_id": iep.id,
                    "goal_number": row.goal,
                    "measured_on": row.measured_on,
                    "value": row.value,
                    "note": row.note,
                    "entered_by": actor.id or None,
                    "source": "csv",
                    "created_at": now,
                }
                for row in read.good
            ],
        )
        stored = len(read.good)
    await record(
        session,
        actor,
        "progress.imported" if accept else "progress.import_previewed",
        student_id=iep.student_id,
        entity_type="iep",
        entity_id=iep.id,
        detail={"rows": read.rows, "stored": stored, "rejected": len(read.rejected)},
    )
    log.info(
        "progress.import",
        iep_id=iep.id,
        rows=read.rows,
        stored=stored,
        rejected=len(read.rejected),
        accepted=accept,
    )
    return _report(read, stored=stored)


@dataclass(frozen=True)
class GoalProgress:
    """One goal's page: the IEP, the goal and every point, oldest first."""

    iep: IEP
    goal: MonitoredGoal
    goals: list[MonitoredGoal]
    points: list[PointOut]

    def pairs(self) -> list[tuple[date, float]]:
        return [(point.measured_on, point.value) for point in self.points]


async def goal_progress(
    session: AsyncSession, actor: Actor, iep_id: str, goal: int
) -> GoalProgress:
    """Everything the goal's progress page shows (audited as a read of its data)."""
    monitored = await monitored_iep(session, actor, iep_id)
    chosen = monitored.goal(goal)
    points = await repository.points_of(session, monitored.iep.id, chosen.number)
    await record(
        session,
        actor,
        "progress.read",
        student_id=monitored.iep.student_id,
        entity_type="iep",
        entity_id=monitored.iep.id,
        detail={"goal": chosen.number},
    )
    return GoalProgress(
        monitored.iep, chosen, monitored.goals, await points_out(session, actor, points)
    )
