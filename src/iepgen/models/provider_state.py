"""State that every worker process shares about a provider: circuit, rate limits, call leases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


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


class RateLimitState(Base):
    """One provider's shared limiter: GCRA arrival times (epoch seconds) and calls in flight.

    `request_tat`/`token_tat` are the "theoretical arrival times" of the generic cell rate
    algorithm: the next request may start at `request_tat`; each one pushes it on by
    window/limit. Plain epoch floats so one UPDATE can do the arithmetic on both dialects.
    """

    __tablename__ = "llm_rate_limits"

    provider: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_tat: Mapped[float] = mapped_column(Float(), default=0.0)
    token_tat: Mapped[float] = mapped_column(Float(), default=0.0)
    in_flight: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CallLease(Base):
    """One call in flight; a lease its holder deletes when done, or cleanup after expiry."""

    __tablename__ = "llm_call_leases"
    __table_args__ = (Index("ix_llm_call_leases_provider_expires", "provider", "expires_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    provider: Mapped[str] = mapped_column(String(64))
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StructuredOutputMemory(Base):
    """The structured-output mode an OpenAI-compatible server took for one model, shared by
    every worker process so each learns a refusal once (`llm/output_modes.py`)."""

    __tablename__ = "llm_structured_output"

    # The server's base URL without credentials, query or fragment.
    server: Mapped[str] = mapped_column(String(255), primary_key=True)
    model: Mapped[str] = mapped_column(String(128), primary_key=True)
    # json_schema_strict | json_schema | json_object | prompt
    mode: Mapped[str] = mapped_column(String(32))
    # Why the modes before it were given up, in our own words (never the server's text).
    refusals: Mapped[list[str]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
