"""The append-only audit log (IDEA §300.614): who touched which record, when, and why.

Entries hold ids and field names only, never content. Database triggers refuse UPDATE and
DELETE on this table (see the initial migration), so the log cannot be rewritten.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_student", "student_id", "at"),
        # Who touched this record (an IEP, a user), and failed sign-ins per account.
        Index("ix_audit_log_entity", "entity_id", "action", "at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        primary_key=True,
        autoincrement=True,
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[str | None] = mapped_column(String(36))  # None: the system (a worker)
    actor_role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))  # e.g. "student.read", "llm.disclosure"
    student_id: Mapped[str | None] = mapped_column(String(36))
    entity_type: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    fields: Mapped[list[str]] = mapped_column(default=list)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
