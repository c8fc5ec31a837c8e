"""The web UI: every page router, and the local static files (no CDN)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from iepgen.web.routes import (
    admin,
    assessments,
    auth,
    caseload,
    edit_drafts,
    iep_lifecycle,
    ieps,
    jobs,
    progress,
    students,
    teachers,
)
from iepgen.web.templating import STATIC_DIR


def install_web(app: FastAPI) -> None:
    """Add the pages and `/static` to `app`."""
    for module in (
        auth,
        caseload,
        students,
        assessments,
        iep_lifecycle,
        ieps,
        edit_drafts,
        jobs,
        admin,
        teachers,
        progress,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
