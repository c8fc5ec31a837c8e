"""IEPs, their versions, and the sections of each version.

Every change (generation, a teacher's edit, a regenerated section) makes a new version
holding a full snapshot of the sections, so any version reads back as it was signed off.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class IEP(Base):
    __tablename__ = "ieps"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    student_id: Mapped[str] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[str] = mapped_column(ForeignKey("templates.id", ondelete="RESTRICT"))
    academic_year: Mapped[str] = mapped_column(String(9))
    status: Mapped[str] = mapped_column(String(8), default="draft")  # "draft" | "final"
    version: Mapped[int] = mapped_column(default=1)
    # The job that created it: unique, so a job that runs twice can never leave two IEPs.
    source_job_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    # The IEP's own period (iep.md "Dates"): it runs from the meeting for one year.
    meeting_date: Mapped[date | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    annual_review_due: Mapped[date | None]
    reevaluation_due: Mapped[date | None]
    compliance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # What the draft decided from the record, each with its evidence and reason.
    decisions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    generated_with: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    finalized_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    finalized_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class IEPVersion(Base):
    __tablename__ = "iep_versions"
    __table_args__ = (UniqueConstraint("iep_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    # generated | edited | regenerated | finalized | amended | restored
    change: Mapped[str] = mapped_column(String(32))
    changed_sections: Mapped[list[str]] = mapped_column(default=list)
    note: Mapped[str | None] = mapped_column(Text)
    compliance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    job_id: Mapped[str | None] = mapped_column(String(36))
    # An amendment's date (the meeting, or the agreement without one: 34 CFR §300.324(a)(4)).
    amended_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IEPSection(Base):
    __tablename__ = "iep_sections"
    __table_args__ = (UniqueConstraint("iep_id", "version", "section_type"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"))
    version: Mapped[int]
    section_type: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict[str, Any]]
    text: Mapped[str] = mapped_column(Text)
    generated_by: Mapped[str] = mapped_column(String(128))  # "offline", "gemini:<model>", "teacher"
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited: Mapped[bool] = mapped_column(default=False)
    # Who confirmed they read this section as it stands (finalizing needs every section).
    reviewed_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]
