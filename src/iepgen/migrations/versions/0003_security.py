"""security: server-side web sessions, sign-in counters, token expiry, account lifecycle,
archived students, section proposals, and the student an LLM cache entry came from

Revision ID: 0003_security
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import iepgen.db.base

revision: str = "0003_security"
down_revision: str | None = "0002_record_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXISTING_TOKEN_DAYS = 90
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _when(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, iepgen.db.base.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    # Plain ADD COLUMN on both dialects: SQLite never has to rebuild a referenced table.
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("users", _when("password_changed_at"))
    op.add_column("users", _when("deactivated_at"))
    op.add_column("api_tokens", _when("expires_at"))
    # Tokens issued before expiry existed get the default lifetime from today, not forever.
    tokens = sa.table(
        "api_tokens",
        sa.column("expires_at", iepgen.db.base.UTCDateTime(timezone=True)),
        sa.column("revoked_at", iepgen.db.base.UTCDateTime(timezone=True)),
    )
    op.execute(
        tokens.update()
        .where(tokens.c.expires_at.is_(None), tokens.c.revoked_at.is_(None))
        .values(expires_at=datetime.now(UTC) + timedelta(days=EXISTING_TOKEN_DAYS))
    )
    op.add_column("students", _when("archived_at"))
    op.add_column("students", sa.Column("archived_by", sa.String(length=36), nullable=True))
    op.add_column("llm_cache", sa.Column("student_id", sa.String(length=36), nullable=True))
    op.create_index(op.f("ix_llm_cache_student_id"), "llm_cache", ["student_id"], unique=False)

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        _when("created_at", nullable=False),
        _when("last_seen_at", nullable=False),
        _when("expires_at", nullable=False),
        _when("ended_at"),
        sa.Column("ended_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_web_sessions_secret_hash")),
    )
    op.create_index("ix_web_sessions_user", "web_sessions", ["user_id", "ended_at"], unique=False)

    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        _when("window_started_at", nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )
    op.create_index("ix_sign_in_throttle_user", "sign_in_throttle", ["user_id"], unique=False)
    op.create_index(
        "ix_sign_in_throttle_window", "sign_in_throttle", ["window_started_at"], unique=False
    )

    op.create_table(
        "iep_section_proposals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("iep_id", sa.String(length=36), nullable=False),
        sa.Column("section_type", sa.String(length=40), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("found_version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", _JSON, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("generated_by", sa.String(length=128), nullable=False),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        _when("created_at", nullable=False),
        _when("resolved_at"),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("resolved_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["iep_id"],
            ["ieps.id"],
            name=op.f("fk_iep_section_proposals_iep_id_ieps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_iep_section_proposals_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["users.id"],
            name=op.f("fk_iep_section_proposals_resolved_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iep_section_proposals")),
        sa.UniqueConstraint("job_id", name=op.f("uq_iep_section_proposals_job_id")),
    )
    op.create_index(
        "ix_iep_section_proposals_iep",
        "iep_section_proposals",
        ["iep_id", "resolved_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_iep_section_proposals_iep", table_name="iep_section_proposals")
    op.drop_table("iep_section_proposals")
    op.drop_index("ix_sign_in_throttle_window", table_name="sign_in_throttle")
    op.drop_index("ix_sign_in_throttle_user", table_name="sign_in_throttle")
    op.drop_table("sign_in_throttle")
    op.drop_index("ix_web_sessions_user", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_index(op.f("ix_llm_cache_student_id"), table_name="llm_cache")
    # DROP COLUMN: SQLite 3.35+ and PostgreSQL, without rebuilding referenced tables.
    op.drop_column("llm_cache", "student_id")
    op.drop_column("students", "archived_by")
    op.drop_column("students", "archived_at")
    op.drop_column("api_tokens", "expires_at")
    op.drop_column("users", "deactivated_at")
    op.drop_column("users", "password_changed_at")
    op.drop_column("users", "must_change_password")
