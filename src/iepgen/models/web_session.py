"""Signed-in web sessions, held on the server so sign-out and deactivation really end them.

The browser's cookie carries a random session secret; only its SHA-256 is stored here, so
a copy of this table lets nobody sign in. A session ends when its user signs out, is
deactivated or changes password, after `SESSION_IDLE_MINUTES` without a request, or at
its absolute expiry, whichever comes first.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base, new_id, utcnow


class WebSessionRecord(Base):
    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_user", "user_id", "ended_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    # signed_out | deactivated | password_changed | idle | expired | revoked
    ended_reason: Mapped[str | None] = mapped_column(String(32))
