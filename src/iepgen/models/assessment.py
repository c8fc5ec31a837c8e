"""Assessment results, the data every present level and baseline must rest on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    student_id: Mapped[str] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(32))
    administered_on: Mapped[date]
    score: Mapped[float | None]
    score_type: Mapped[str | None] = mapped_column(String(40))
    percentile: Mapped[float | None]
    summary: Mapped[str] = mapped_column(Text)
    evaluator: Mapped[str | None] = mapped_column(String(200))
    # The team's explicit reading of the result: need | not_a_need | unclear (null: none).
    finding: Mapped[str | None] = mapped_column(String(16))
    subscores: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
