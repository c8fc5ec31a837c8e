"""Progress monitoring of a final IEP: data points per goal, and the team's plan per report."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class ProgressPoint(Base):
    """One measurement of one goal, in the goal's own unit (`annual_goals` measure).

    Goals are named by their 1-based number in the IEP's annual goals, as the progress
    reporting section names them; a final IEP's goals no longer change, so the number is
    stable for the year the data cover.
    """

    __tablename__ = "progress_points"
    __table_args__ = (
        Index("ix_progress_points_iep_goal_date", "iep_id", "goal_number", "measured_on"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"))
    goal_number: Mapped[int]
    measured_on: Mapped[date]
    value: Mapped[float]
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "web", "api" or "csv": how the point arrived (an import can be told from typing).
    source: Mapped[str] = mapped_column(String(8), default="api")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProgressPlan(Base):
    """What the team plans to change for one goal, written on one period's progress report."""

    __tablename__ = "progress_plans"
    __table_args__ = (UniqueConstraint("iep_id", "goal_number", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"), index=True)
    goal_number: Mapped[int]
    period: Mapped[int]  # 1-based reporting period of the IEP year
    plan: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
