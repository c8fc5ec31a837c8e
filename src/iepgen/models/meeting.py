"""The meeting record of an IEP, and the general-education teachers given its summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class IEPMeeting(Base):
    """One per IEP: time, place, the family's contact and the participants (JSON list)."""

    __tablename__ = "iep_meetings"

    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"), primary_key=True)
    start_time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM", school time zone
    end_time: Mapped[str | None] = mapped_column(String(5))
    location: Mapped[str | None] = mapped_column(Text)
    remote_access: Mapped[str | None] = mapped_column(Text)
    invitation_sent_on: Mapped[date | None]
    contact: Mapped[dict[str, Any] | None]
    participants: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class IEPTeacher(Base):
    """A general-education teacher who carries out the IEP in their class (§300.323(d))."""

    __tablename__ = "iep_teachers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"), index=True)
    teacher_name: Mapped[str] = mapped_column(String(100))
    class_name: Mapped[str] = mapped_column(String(200))
    # The areas of need their class touches: which goals the summary shows them.
    areas: Mapped[list[str]] = mapped_column(default=list)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IEPTeacherReceipt(Base):
    """That a teacher received the summary of one version of the IEP, and when."""

    __tablename__ = "iep_teacher_receipts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    teacher_id: Mapped[str] = mapped_column(
        ForeignKey("iep_teachers.id", ondelete="CASCADE"), index=True
    )
    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"), index=True)
    iep_version: Mapped[int]
    iep_status: Mapped[str] = mapped_column(String(8))
    received_on: Mapped[date]
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
