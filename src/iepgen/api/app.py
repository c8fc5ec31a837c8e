"""`create_app()`: builds the API and web UI; engines and workers live in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from iepgen import __version__
from iepgen.api.errors import install_error_handlers
from iepgen.api.middleware import (
    BodySizeLimitMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
)
from iepgen.api.openapi import install_openapi
from iepgen.api.responses import ORJSONResponse
from iepgen.config import Settings, get_settings
from iepgen.db import Database, create_database
from iepgen.queue import JobNotifier
from iepgen.queue.embedded import EmbeddedWorker
from iepgen.templates.service import ensure_builtin_templates
from iepgen.translation.model import build_translator

DESCRIPTION = """
Drafts Individualized Education Programs (IDEA, 34 CFR §300.320) as asynchronous jobs.

Every `/api/v1` endpoint except `GET /api/v1/jobs/health` needs
`Authorization: Bearer <token>` (create one with `iepgen users create NAME --role teacher`).
A teacher sees only the students on their caseload; anything else answers 404.
"""


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    *,
    embedded_worker: bool = False,
) -> FastAPI:
    """Build the app. Pass `database` to share one (tests); else the lifespan makes its own.

    `embedded_worker` runs a queue worker inside the server process (`iepgen serve`).
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = database is None
        db = database or create_database(settings)
        app.state.database = db
        async with db.transaction() as session:
            await ensure_builtin_templates(session)
        # One per process: long-poll and SSE clients (and an embedded worker) wait on it.
        notifier = JobNotifier(db)
        await notifier.start()
        app.state.notifier = notifier
        worker = EmbeddedWorker(db, settings, notifier).start() if embedded_worker else None
        app.state.worker = worker
        # The configured model translates family documents (None: offline, Spanish only).
        translator = build_translator(settings, db)
        app.state.translator = translator
        try:
            yield
        finally:
            if worker is not None:
                await worker.shutdown()
            if translator is not None:
                await translator.aclose()
            await notifier.stop()
            if owned:
                await db.dispose()

    app = FastAPI(
        title="iepgen",
        version=__version__,
        description=DESCRIPTION,
        default_response_class=ORJSONResponse,
        lifespan=lifespan,
        debug=settings.debug,
    )
    app.state.settings = settings
    install_error_handlers(app)
    _include_routers(app)
    install_openapi(app)
    # Outermost last: request id wraps everything, then headers, then the size limit.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.session_cookie_secure)
    app.add_middleware(RequestIdMiddleware)
    return app


def _include_routers(app: FastAPI) -> None:
    from iepgen.api.metrics import router as metrics_router
    from iepgen.documents.router import router as documents_router
    from iepgen.export.router import router as export_router
    from iepgen.ieps.router import router as ieps_router
    from iepgen.jobs.router import router as jobs_router
    from iepgen.meetings.router import router as meetings_router
    from iepgen.students.assessments.router import router as assessments_router
    from iepgen.students.router import router as students_router
    from iepgen.teacher_copies.router import router as teachers_router
    from iepgen.templates.router import router as templates_router
    from iepgen.users.router import router as users_router
    from iepgen.web.router import install_web

    app.include_router(users_router)
    app.include_router(students_router)
    app.include_router(assessments_router)
    app.include_router(templates_router)
    app.include_router(ieps_router)
    app.include_router(jobs_router)
    app.include_router(metrics_router)
    app.include_router(export_router)
    app.include_router(documents_router)
    app.include_router(meetings_router)
    app.include_router(teachers_router)
    install_web(app)
