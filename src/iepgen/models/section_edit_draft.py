"""A section edit in progress, autosaved so a closed tab or a lost connection loses nothing.

One per person and section: the form as it was last typed, until it is saved as a
version (the draft is then deleted) or discarded. It is never part of the IEP.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, utcnow


class SectionEditDraft(Base):
    __tablename__ = "iep_section_edit_drafts"

    iep_id: Mapped[str] = mapped_column(ForeignKey("ieps.id", ondelete="CASCADE"), primary_key=True)
    section_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # The IEP version the form was opened on: saving the restored edit is checked against it.
    base_version: Mapped[int]
    # {"fields": [[name, value], ...]}: the form's own fields, as posted.
    form: Mapped[dict[str, Any]]
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
