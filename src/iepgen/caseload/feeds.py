"""Calendar feeds: a per-user secret URL a calendar app polls for the caseload's due dates.

A calendar app cannot send a bearer token, so the token rides in the URL; it is random
(256 bits), shown once, stored only as its hash, and revocable. A feed whose user is
deactivated answers like an unknown one. The events carry no student name (calendar.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.api.fields import canonical_uuid
from iepgen.audit.service import record
from iepgen.db.base import utcnow
from iepgen.errors import Conflict, NotFound
from iepgen.models import CalendarFeed, User
from iepgen.users.security import hash_token
from iepgen.users.service import Actor

log = structlog.get_logger("iepgen.caseload")

FEED_NOT_FOUND = "Calendar feed not found."
# A user keeps a handful of feeds (one per calendar app); more is a sign of a leak or a loop.
MAX_LIVE_FEEDS: Final = 10
# A feed's last use is written at most this often: calendar apps poll every few minutes.
LAST_USE_INTERVAL: Final = timedelta(minutes=15)
FEED_PREFIX: Final = "ical_"


@dataclass(frozen=True)
class NewFeed:
    feed: CalendarFeed
    token: str  # shown once; only its hash is kept


def feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


async def create_feed(session: AsyncSession, actor: Actor, label: str | None) -> NewFeed:
    live = await list_feeds(session, actor)
    if len(live) >= MAX_LIVE_FEEDS:
        raise Conflict(
            f"You already have {MAX_LIVE_FEEDS} calendar feeds; revoke one you no longer use first."
        )
    token = FEED_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=actor.id, token_hash=hash_token(token), label=label)
    session.add(feed)
    await session.flush()
    await record(
        session, actor, "calendar_feed.create", entity_type="calendar_feed", entity_id=feed.id
    )
    log.info("calendar_feed.created", feed_id=feed.id, user_id=actor.id)
    return NewFeed(feed, token)


async def list_feeds(session: AsyncSession, actor: Actor) -> list[CalendarFeed]:
    """The caller's own feeds that still work, newest first (an admin's too: feeds are personal)."""
    rows = await session.scalars(
        select(CalendarFeed)
        .where(CalendarFeed.user_id == actor.id, CalendarFeed.revoked_at.is_(None))
        .order_by(CalendarFeed.created_at.desc(), CalendarFeed.id)
    )
    return list(rows)


async def revoke_feed(session: AsyncSession, actor: Actor, feed_id: str) -> CalendarFeed:
    canonical = canonical_uuid(feed_id)
    feed = await session.get(CalendarFeed, canonical) if canonical else None
    if feed is None or feed.user_id != actor.id or feed.revoked_at is not None:
        raise NotFound(FEED_NOT_FOUND)
    feed.revoked_at = utcnow()
    await session.flush()
    await record(
        session, actor, "calendar_feed.revoke", entity_type="calendar_feed", entity_id=feed.id
    )
    log.info("calendar_feed.revoked", feed_id=feed.id, user_id=actor.id)
    return feed


async def holder_of_feed(session: AsyncSession, token: str, *, now: datetime) -> Actor | None:
    """The active user a live feed token belongs to; None for anything else."""
    if not token.startswith(FEED_PREFIX) or len(token) > 100:
        return None
    row = (
        await session.execute(
            select(CalendarFeed, User)
            .join(User, User.id == CalendarFeed.user_id)
            .where(CalendarFeed.token_hash == hash_token(token), CalendarFeed.revoked_at.is_(None))
        )
    ).one_or_none()
    if row is None:
        return None
    feed, user = row
    if not user.is_active:
        return None
    if feed.last_used_at is None or now - feed.last_used_at > LAST_USE_INTERVAL:
        feed.last_used_at = now
        await session.flush()
    return Actor.of(user)
