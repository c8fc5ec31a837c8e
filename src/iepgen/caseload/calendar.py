"""The caseload's events as an iCalendar (RFC 5545) document, written with `icalendar`.

What leaves the building here is read by calendar apps and their sync services, so each
event says what is due and for whom only by the case manager's alias or the student's
initials: no name, no birth date, no reasoning (a "turns 16 on …" line would give the
birth date away). All-day events, because these are dates, not appointments.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from iepgen.caseload.due_dates import EventKind, Urgency
from iepgen.caseload.service import Event, calendar_label

PRODUCT_ID: Final = "-//iepgen//Caseload due dates//EN"

DESCRIPTIONS: Final[dict[EventKind, str]] = {
    EventKind.ANNUAL_REVIEW: "The IEP in effect ends: hold the annual review meeting by this date.",
    EventKind.REEVALUATION: "The three-year reevaluation is due by this date.",
    EventKind.TRANSITION_PLAN: "The IEP written by this date must hold a transition plan.",
    EventKind.TRANSFER_OF_RIGHTS: "Inform the student and family of the rights that transfer "
    "at the age of majority, and record the date.",
    EventKind.PROGRESS_REPORT: "Send the progress report on the IEP's goals home.",
    EventKind.ESY_DECISION: "The team decides whether extended school year services are needed.",
}


def event_uid(event: Event) -> str:
    """Stable across fetches (so apps update, not duplicate), and revealing nothing."""
    due = event.due
    key = f"{due.kind}|{due.student_id}|{due.iep_id or ''}|{due.due_on.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@iepgen"


def summary(event: Event) -> str:
    prefix = "OVERDUE: " if event.urgency is Urgency.OVERDUE else ""
    return f"{prefix}{event.due.label}: {calendar_label(event.student)}"


def calendar_document(events: Sequence[Event], *, now: datetime, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event_uid(event))
        entry.add("dtstamp", now)
        entry.add("dtstart", event.due.due_on)
        entry.add("dtend", event.due.due_on + timedelta(days=1))
        entry.add("summary", summary(event))
        entry.add("description", DESCRIPTIONS[event.due.kind])
        entry.add("categories", [event.due.kind.value])
        entry.add("transp", "TRANSPARENT")
        calendar.add_component(entry)
    document: bytes = calendar.to_ical()
    return document
