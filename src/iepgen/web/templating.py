"""Jinja2 templates for the pages, with the filters they share (dates, labels)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse

from iepgen.export.clock import school_datetime
from iepgen.ieps.notices import drafter_name
from iepgen.sections import AREA_LABELS
from iepgen.sections.base import friendly_date
from iepgen.sections.vocabulary import DISABILITY_LABELS, grade_label

TEMPLATE_DIR: Final = Path(__file__).parent / "templates"
STATIC_DIR: Final = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))


@pass_context
def _when(context: Context, value: datetime | None) -> str:
    """A stored (UTC) moment as the school reads it: its date and clock, in SCHOOL_TIMEZONE."""
    if value is None:
        return ""
    request = context.get("request")
    settings = getattr(getattr(getattr(request, "app", None), "state", None), "settings", None)
    zone = settings.school_timezone if settings is not None else "UTC"
    return school_datetime(value, zone)


def school_time(request: Request, value: datetime) -> str:
    """A moment as the school reads it, outside a template (for a script's answer)."""
    settings = getattr(request.app.state, "settings", None)
    zone = settings.school_timezone if settings is not None else "UTC"
    return school_datetime(value, zone)


def _day(value: date | None) -> str:
    return friendly_date(value) if value is not None else ""


def _ordinal(value: float) -> str:
    """A percentile as people say it: 1st, 22nd, 58th, 4.5th."""
    if value != int(value):
        return f"{value:g}th"
    number = int(value)
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _grade(value: str) -> str:
    label = grade_label(value)
    return label[:1].upper() + label[1:]


templates.env.filters.update(
    when=_when,
    day=_day,
    grade=_grade,
    ordinal=_ordinal,
    disability=lambda value: DISABILITY_LABELS.get(value, value),
    area=lambda value: AREA_LABELS.get(value, value),
    kind=lambda value: type(value).__name__,
    lower_first=lambda value: str(value)[:1].lower() + str(value)[1:],
    capitalize_first=lambda value: str(value)[:1].upper() + str(value)[1:],
    drafter=lambda provider, model=None: drafter_name(str(provider), model),
)


def render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render `template` with the page context (actor, CSRF token) the base layout needs."""
    page = getattr(request.state, "page", None)
    values = {"page": page, **context}
    response = templates.TemplateResponse(request, template, values, status_code=status_code)
    if page is not None and page.new_session is not None:
        page.commit_session(response)
    return response
