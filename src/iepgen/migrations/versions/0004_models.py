"""structured-output mode remembered per OpenAI-compatible server and model

Revision ID: 0004_models
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import iepgen.db.base

revision: str = "0004_models"
down_revision: str | None = "0003_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "llm_structured_output",
        sa.Column("server", sa.String(length=255), nullable=False),
        sa.Column("model", sa.String(length=128), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=False),
        sa.Column(
            "refusals",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", iepgen.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("server", "model", name=op.f("pk_llm_structured_output")),
    )


def downgrade() -> None:
    op.drop_table("llm_structured_output")
