"""caseload: calendar feeds, a calendar alias per student, amendment dates on IEP versions,
and an index for the caseload's due-date query (a case manager's students still on the
caseload; their IEPs are then read through ix_ieps_student_id)

Revision ID: 0006_caseload
Revises: 0005_documents
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import iepgen.db.base

revision: str = "0006_caseload"
down_revision: str | None = "0005_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, iepgen.db.base.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        _when("created_at", nullable=False),
        _when("last_used_at"),
        _when("revoked_at"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feeds_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_alias", sa.String(length=40), nullable=True))
        batch_op.create_index(
            "ix_students_caseload", ["case_manager_id", "archived_at"], unique=False
        )
    with op.batch_alter_table("iep_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amended_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("iep_versions", schema=None) as batch_op:
        batch_op.drop_column("amended_on")
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.drop_index("ix_students_caseload")
        batch_op.drop_column("calendar_alias")
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_user_id"))
    op.drop_table("calendar_feeds")
