"""The API process's composition root: `create_app()` and the lifespan that wires it.

The lifespan builds the process's components once (`iepgen.components`), the job watch
that long-poll and SSE clients share, and — for `iepgen serve` — the embedded worker;
it closes them in reverse order on shutdown. Routers and the web UI are included here,
so no package below this one imports them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from iepgen import __version__
from iepgen.api.errors import install_error_handlers
from iepgen.api.metrics import router as metrics_router
from iepgen.api.middleware import (
    BodySizeLimitMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
)
from iepgen.api.openapi import install_openapi
from iepgen.api.responses import ORJSONResponse
from iepgen.caseload.router import router as caseload_router
from iepgen.components import open_components
from iepgen.config import Settings, get_settings
from iepgen.db import Database
from iepgen.documents.router import router as documents_router
from iepgen.export.router import router as export_router
from iepgen.generation.provider import Provider
from iepgen.ieps.router import router as ieps_router
from iepgen.jobs.router import router as jobs_router
from iepgen.jobs.watch import JobWatch
from iepgen.meetings.router import router as meetings_router
from iepgen.progress.router import router as progress_router
from iepgen.queue.embedded import EmbeddedWorker
from iepgen.queue.worker import Worker
from iepgen.students.assessments.router import router as assessments_router
from iepgen.students.router import router as students_router
from iepgen.teacher_copies.router import router as teachers_router
from iepgen.templates.router import router as templates_router
from iepgen.templates.service import ensure_builtin_templates
from iepgen.translation.model import build_translator
from iepgen.users.router import router as users_router
from iepgen.web.errors import error_page
from iepgen.web.router import install_web

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
    provider: Provider | None = None,
) -> FastAPI:
    """Build the app. Pass `database` (and `provider`) to share them (tests); else the
    lifespan builds its own and closes them on shutdown.

    `embedded_worker` runs a queue worker inside the server process (`iepgen serve`).
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_components(
            settings, runs_jobs=embedded_worker, database=database, provider=provider
        ) as components:
            async with components.database.transaction() as session:
                await ensure_builtin_templates(session)
            app.state.database = components.database
            app.state.notifier = components.notifier
            # One per process: long-poll and SSE clients share its reads.
            app.state.job_watch = JobWatch(components.database, components.notifier)
            worker = None
            if components.handlers is not None:
                worker = EmbeddedWorker(
                    Worker(
                        components.database,
                        settings,
                        components.handlers,
                        notifier=components.notifier,
                    ),
                    grace_seconds=settings.shutdown_grace_seconds,
                ).start()
            app.state.worker = worker
            # The configured model translates family documents (None: offline, Spanish only).
            translator = build_translator(settings, components.database)
            app.state.translator = translator
            try:
                yield
            finally:
                if worker is not None:
                    await worker.shutdown()
                if translator is not None:
                    await translator.aclose()
                await app.state.job_watch.close()

    app = FastAPI(
        title="iepgen",
        version=__version__,
        description=DESCRIPTION,
        default_response_class=ORJSONResponse,
        lifespan=lifespan,
        debug=settings.debug,
    )
    app.state.settings = settings
    install_error_handlers(app, page=error_page)
    for router in (
        users_router,
        students_router,
        assessments_router,
        templates_router,
        ieps_router,
        jobs_router,
        metrics_router,
        export_router,
        documents_router,
        meetings_router,
        teachers_router,
        caseload_router,
        progress_router,
    ):
        app.include_router(router)
    install_web(app)
    install_openapi(app)
    # Outermost last: request id wraps everything, then headers, then the size limit.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.session_cookie_secure)
    app.add_middleware(RequestIdMiddleware)
    return app
