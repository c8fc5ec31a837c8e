"""Moments as a person at the school reads them: in the school's time zone, never UTC.

Stored times are UTC (api.md); a teacher who finalizes at 7:44 pm must read that day's
date and 7:44 PM, so every document and page converts with `SCHOOL_TIMEZONE`.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from iepgen.sections.base import friendly_date


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def school_moment(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(_zone(zone))


def school_datetime(moment: datetime, zone: str) -> str:
    """`October 14, 2025, 7:44 PM EDT` in the school's time zone."""
    local = school_moment(moment, zone)
    hour = local.hour % 12 or 12
    return (
        f"{friendly_date(local.date())}, {hour}:{local.minute:02d} "
        f"{'AM' if local.hour < 12 else 'PM'} {local.tzname()}"
    )
