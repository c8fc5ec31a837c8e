"""The durable job table (docs/queue.md); the name `iep_generation_jobs` is what operators query."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class JobStatus(StrEnum):
    """Where a job is in its life (docs/queue.md "Life of a job")."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    ARCHIVED = "archived"


# A job still to run or running: at most one per dedupe key.
ACTIVE_STATUSES: Final = (JobStatus.PENDING, JobStatus.PROCESSING)
# What a worker (or a cancel) ends a job with; cleanup archives these.
FINISHED_STATUSES: Final = (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)
# Nothing more will happen to the job: long-poll and event streams end here.
FINAL_STATUSES: Final = (*FINISHED_STATUSES, JobStatus.ARCHIVED)
# A failed or cancelled job may be submitted again.
RETRYABLE_STATUSES: Final = (JobStatus.FAILED, JobStatus.CANCELLED)


class Job(Base):
    __tablename__ = "iep_generation_jobs"
    __table_args__ = (
        # Claim order: highest priority, then oldest, among runnable pending jobs. The
        # index's own order matches the claim's ORDER BY, so a claim reads only what it takes.
        Index(
            "ix_jobs_pending_claim",
            text("priority DESC"),
            "created_at",
            "run_after",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_jobs_lease", "status", "lease_expires_at"),
        Index("ix_jobs_created_by", "created_by", "created_at"),
        Index("ix_jobs_finished", "status", "completed_at"),
        # One active job per dedupe key: enforced by the database, not by a read-then-insert.
        Index(
            "uq_jobs_active_dedupe_key",
            "dedupe_key",
            unique=True,
            sqlite_where=text("status IN ('pending', 'processing')"),
            postgresql_where=text("status IN ('pending', 'processing')"),
        ),
        UniqueConstraint("created_by", "idempotency_key"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    job_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    priority: Mapped[int] = mapped_column(default=5)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=4)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    progress_completed: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None]
    error: Mapped[dict[str, Any] | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    snoozes: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retry_of: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
