"""Failed web sign-ins per account, counted across every process through the audit log.

Each failure is an audit entry (`user.sign_in_failed`) keyed by a hash of the username
rather than the name itself, so unknown usernames are throttled exactly like real ones and
the log never stores what someone typed. Too many failures in the window refuse further
attempts until the oldest one ages out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.audit.service import record
from iepgen.models import AuditEntry

FAILED_ACTION = "user.sign_in_failed"


def account_key(username: str) -> str:
    """A stable 32-character key for a username (case-insensitive), never the name itself."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class SignInThrottle:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)

    async def seconds_locked(self, session: AsyncSession, username: str, *, now: datetime) -> float:
        """0 when the account may try again, else seconds until the oldest failure expires."""
        recent = (
            select(AuditEntry.at)
            .where(
                AuditEntry.entity_id == account_key(username),
                AuditEntry.action == FAILED_ACTION,
                AuditEntry.at > now - self.window,
            )
            .order_by(AuditEntry.at.desc())
            .limit(self.max_failures)
            .subquery()
        )
        count, oldest = (
            await session.execute(select(func.count(), func.min(recent.c.at)).select_from(recent))
        ).one()
        if count < self.max_failures or oldest is None:
            return 0.0
        wait = float((oldest + self.window - now).total_seconds())
        return max(1.0, min(wait, self.window.total_seconds()))

    async def record_failure(self, session: AsyncSession, username: str) -> None:
        await record(
            session, None, FAILED_ACTION, entity_type="sign_in", entity_id=account_key(username)
        )
