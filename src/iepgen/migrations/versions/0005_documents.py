"""documents: the IEP meeting record (time, place, contact, participants), the
general-education teachers who carry out an IEP and their receipts of its summary

Revision ID: 0005_documents
Revises: 0003_security
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import iepgen.db.base

revision: str = "0005_documents"
down_revision: str | None = "0004_models"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _when(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, iepgen.db.base.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "iep_meetings",
        sa.Column("iep_id", sa.String(length=36), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=True),
        sa.Column("end_time", sa.String(length=5), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("remote_access", sa.Text(), nullable=True),
        sa.Column("invitation_sent_on", sa.Date(), nullable=True),
        sa.Column("contact", _JSON, nullable=True),
        sa.Column("participants", _JSON, nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        _when("updated_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["iep_id"], ["ieps.id"], name=op.f("fk_iep_meetings_iep_id_ieps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_iep_meetings_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("iep_id", name=op.f("pk_iep_meetings")),
    )
    op.create_table(
        "iep_teachers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("iep_id", sa.String(length=36), nullable=False),
        sa.Column("teacher_name", sa.String(length=100), nullable=False),
        sa.Column("class_name", sa.String(length=200), nullable=False),
        sa.Column("areas", _JSON, nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["iep_id"], ["ieps.id"], name=op.f("fk_iep_teachers_iep_id_ieps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_iep_teachers_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iep_teachers")),
    )
    op.create_index(op.f("ix_iep_teachers_iep_id"), "iep_teachers", ["iep_id"], unique=False)
    op.create_table(
        "iep_teacher_receipts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("iep_id", sa.String(length=36), nullable=False),
        sa.Column("iep_version", sa.Integer(), nullable=False),
        sa.Column("iep_status", sa.String(length=8), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        _when("recorded_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["iep_teachers.id"],
            name=op.f("fk_iep_teacher_receipts_teacher_id_iep_teachers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["iep_id"],
            ["ieps.id"],
            name=op.f("fk_iep_teacher_receipts_iep_id_ieps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_iep_teacher_receipts_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iep_teacher_receipts")),
    )
    op.create_index(
        op.f("ix_iep_teacher_receipts_teacher_id"),
        "iep_teacher_receipts",
        ["teacher_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_iep_teacher_receipts_iep_id"), "iep_teacher_receipts", ["iep_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_iep_teacher_receipts_iep_id"), table_name="iep_teacher_receipts")
    op.drop_index(op.f("ix_iep_teacher_receipts_teacher_id"), table_name="iep_teacher_receipts")
    op.drop_table("iep_teacher_receipts")
    op.drop_index(op.f("ix_iep_teachers_iep_id"), table_name="iep_teachers")
    op.drop_table("iep_teachers")
    op.drop_table("iep_meetings")
