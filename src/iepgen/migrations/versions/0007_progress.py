"""progress: data points per goal of an IEP, and the team's plan per goal and report period

Revision ID: 0007_progress
Revises: 0006_caseload
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import iepgen.db.base

revision: str = "0007_progress"
down_revision: str | None = "0006_caseload"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, iepgen.db.base.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "progress_points",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("iep_id", sa.String(length=36), nullable=False),
        sa.Column("goal_number", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=36), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["iep_id"], ["ieps.id"], name=op.f("fk_progress_points_iep_id_ieps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entered_by"],
            ["users.id"],
            name=op.f("fk_progress_points_entered_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_points")),
    )
    op.create_index(
        "ix_progress_points_iep_goal_date",
        "progress_points",
        ["iep_id", "goal_number", "measured_on"],
        unique=False,
    )
    op.create_table(
        "progress_plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("iep_id", sa.String(length=36), nullable=False),
        sa.Column("goal_number", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        _when("updated_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["iep_id"], ["ieps.id"], name=op.f("fk_progress_plans_iep_id_ieps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_progress_plans_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_plans")),
        sa.UniqueConstraint(
            "iep_id",
            "goal_number",
            "period",
            name=op.f("uq_progress_plans_iep_id_goal_number_period"),
        ),
    )
    op.create_index(op.f("ix_progress_plans_iep_id"), "progress_plans", ["iep_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_progress_plans_iep_id"), table_name="progress_plans")
    op.drop_table("progress_plans")
    op.drop_index("ix_progress_points_iep_goal_date", table_name="progress_points")
    op.drop_table("progress_points")
