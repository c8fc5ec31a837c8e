"""webui: autosaved section edits, one per person and section, until saved or discarded

Revision ID: 0008_webui
Revises: 0007_progress
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import iepgen.db.base

revision: str = "0008_webui"
down_revision: str | None = "0007_progress"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "iep_section_edit_drafts",
        sa.Column("iep_id", sa.String(length=36), nullable=False),
        sa.Column("section_type", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("form", _JSON, nullable=False),
        sa.Column("saved_at", iepgen.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["iep_id"],
            ["ieps.id"],
            name=op.f("fk_iep_section_edit_drafts_iep_id_ieps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_iep_section_edit_drafts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "iep_id", "section_type", "user_id", name=op.f("pk_iep_section_edit_drafts")
        ),
    )


def downgrade() -> None:
    op.drop_table("iep_section_edit_drafts")
