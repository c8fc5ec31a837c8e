"""The worker registry: who is alive, where, and what each is running."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, utcnow


class WorkerRecord(Base):
    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    concurrency: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|stopping|stopped
    in_flight: Mapped[list[str]] = mapped_column(default=list)
    jobs_completed: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    stopped_at: Mapped[datetime | None]
