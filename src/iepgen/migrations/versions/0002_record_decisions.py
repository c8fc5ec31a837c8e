"""richer student record, IEP dates and decisions, section review

Revision ID: 0002_record_decisions
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import iepgen.db.base

revision: str = "0002_record_decisions"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STUDENT_JSON_PARTS = (
    "communication",
    "vision",
    "behavior",
    "english_learning",
    "transfer",
    "postsecondary_aspirations",
    "extended_school_year",
)
STUDENT_DATES = (
    "last_evaluation_on",
    "reevaluation_due_on",
    "invited_to_meeting_on",
    "transfer_of_rights_informed_on",
)
IEP_DATES = ("meeting_date", "start_date", "end_date", "annual_review_due", "reevaluation_due")


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("students", schema=None) as batch_op:
        for name in STUDENT_JSON_PARTS:
            batch_op.add_column(sa.Column(name, _json(), nullable=True))
        batch_op.add_column(sa.Column("student_input", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("health_plan", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("document_language", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("percent_in_general_education", sa.Integer(), nullable=True))
        for name in STUDENT_DATES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))

    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finding", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("subscores", _json(), nullable=False, server_default=sa.text("'[]'"))
        )

    with op.batch_alter_table("ieps", schema=None) as batch_op:
        for name in IEP_DATES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("decisions", _json(), nullable=False, server_default=sa.text("'{}'"))
        )

    with op.batch_alter_table("iep_sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_by", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("reviewed_at", iepgen.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_iep_sections_reviewed_by_users"),
            "users",
            ["reviewed_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("iep_sections", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_iep_sections_reviewed_by_users"), type_="foreignkey"
        )
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")
    with op.batch_alter_table("ieps", schema=None) as batch_op:
        batch_op.drop_column("decisions")
        for name in reversed(IEP_DATES):
            batch_op.drop_column(name)
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("subscores")
        batch_op.drop_column("finding")
    with op.batch_alter_table("students", schema=None) as batch_op:
        for name in reversed(STUDENT_DATES):
            batch_op.drop_column(name)
        batch_op.drop_column("percent_in_general_education")
        batch_op.drop_column("document_language")
        batch_op.drop_column("health_plan")
        batch_op.drop_column("student_input")
        for name in reversed(STUDENT_JSON_PARTS):
            batch_op.drop_column(name)
