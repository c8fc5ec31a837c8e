"""A regenerated section that arrived after its IEP changed: kept beside the edit, not over it.

A section job reads the IEP at some version; if a teacher saves a change before the job
finishes, storing the new section would silently undo that work. The draft is kept here
instead, until the teacher accepts it (a new version) or dismisses it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class SectionProposal(Base):
    __tablename__ = "iep_section_proposals"
    __table_args__ = (Index("ix_iep_section_proposals_iep", "iep_id", "resolved_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"))
    section_type: Mapped[str] = mapped_column(String(40))
    # The version the job drafted from, and the one it found when it finished.
    base_version: Mapped[int]
    found_version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict[str, Any]]
    text: Mapped[str] = mapped_column(Text)
    generated_by: Mapped[str] = mapped_column(String(128))
    job_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(16))  # accepted | dismissed
    resolved_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
