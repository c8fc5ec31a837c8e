"""IEP templates: which sections a document holds, in order, with per-section instructions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class Template(Base):
    __tablename__ = "templates"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # [{"section_type", "title", "instructions"}] in document order.
    sections: Mapped[list[dict[str, Any]]] = mapped_column()
    builtin: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
