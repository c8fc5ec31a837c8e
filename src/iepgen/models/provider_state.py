"""State that every worker process shares about a provider: circuit breaker and rate windows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, utcnow


class CircuitState(Base):
    __tablename__ = "llm_circuit_state"

    provider: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="closed")  # closed|open|half_open
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    opened_at: Mapped[datetime | None]
    reopen_at: Mapped[datetime | None]
    trial_claimed_by: Mapped[str | None] = mapped_column(String(128))
    trial_claimed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RateWindow(Base):
    """Requests and tokens used by all workers in one provider's current minute window."""

    __tablename__ = "llm_rate_windows"

    provider: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
    requests: Mapped[int] = mapped_column(default=0)
    tokens: Mapped[int] = mapped_column(default=0)
    in_flight: Mapped[int] = mapped_column(default=0)
