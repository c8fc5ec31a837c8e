"""Students on a case manager's caseload (FERPA-protected records)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class Student(Base):
    __tablename__ = "students"
    # The caseload and its due-date query: one case manager's students still on the caseload.
    __table_args__ = (Index("ix_students_caseload", "case_manager_id", "archived_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_manager_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date]
    grade_level: Mapped[str] = mapped_column(String(2))
    school: Mapped[str | None] = mapped_column(String(200))
    student_number: Mapped[str | None] = mapped_column(String(64))
    disability_category: Mapped[str] = mapped_column(String(40))
    secondary_disabilities: Mapped[list[str]] = mapped_column(default=list)
    primary_language: Mapped[str | None] = mapped_column(String(64))
    english_learner: Mapped[bool] = mapped_column(default=False)
    alternate_assessment: Mapped[bool] = mapped_column(default=False)
    parent_guardian_names: Mapped[list[str]] = mapped_column(default=list)
    strengths: Mapped[str | None] = mapped_column(Text)
    interests: Mapped[str | None] = mapped_column(Text)
    parent_concerns: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # The structured parts of the record (students/record_parts.py), stored as JSON; null
    # means "not recorded".
    communication: Mapped[dict[str, Any] | None]
    vision: Mapped[dict[str, Any] | None]
    behavior: Mapped[dict[str, Any] | None]
    english_learning: Mapped[dict[str, Any] | None]
    transfer: Mapped[dict[str, Any] | None]
    postsecondary_aspirations: Mapped[dict[str, Any] | None]
    extended_school_year: Mapped[dict[str, Any] | None]
    student_input: Mapped[str | None] = mapped_column(Text)
    health_plan: Mapped[str | None] = mapped_column(Text)
    document_language: Mapped[str | None] = mapped_column(String(64))
    percent_in_general_education: Mapped[int | None]
    last_evaluation_on: Mapped[date | None]
    reevaluation_due_on: Mapped[date | None]
    invited_to_meeting_on: Mapped[date | None]
    transfer_of_rights_informed_on: Mapped[date | None]
    # Archived: kept read-only as a legal record (a final IEP exists), purged after retention.
    archived_at: Mapped[datetime | None]
    archived_by: Mapped[str | None] = mapped_column(String(36))
    # What the case manager's calendar feed calls the student instead of their name.
    calendar_alias: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
