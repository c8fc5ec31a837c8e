"""Counters of failed web sign-ins: one row per key and window, never one row per attempt.

A key is a salted HMAC of what it counts (a username together with the source address,
or a source address alone), so the table never holds what someone typed. Rows of an
expired window are reused or deleted, so anonymous failures take bounded space.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from iepgen.db.base import Base


class SignInThrottleRow(Base):
    __tablename__ = "sign_in_throttle"
    __table_args__ = (
        Index("ix_sign_in_throttle_user", "user_id"),
        Index("ix_sign_in_throttle_window", "window_started_at"),
    )

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "account" (user + source) | "source"
    # The account a key counts against, when the username exists (for an admin's unlock).
    user_id: Mapped[str | None] = mapped_column(String(36))
    window_started_at: Mapped[datetime]
    failures: Mapped[int] = mapped_column(default=0)
