"""Helpers for the jobs API tests: an in-process worker and scripted stand-in handlers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.queue import HandlerRegistry, JobContext, PermanentJobError, WriteOutput
from iepgen.queue.worker import Worker, WorkerOptions
from tests.factories import Caller

FAST_OPTIONS = WorkerOptions(
    concurrency=4,
    poll_interval=0.2,
    claim_timeout=4.0,
    job_timeout=60.0,
    shutdown_grace=0.5,
    cancel_check_interval=0.2,
)


@contextlib.asynccontextmanager
async def running_worker(
    app: FastAPI, settings: Settings, handlers: HandlerRegistry
) -> AsyncIterator[Worker]:
    """The queue's real worker, in this process, sharing the app's notifier and database."""
    worker = Worker(
        app.state.database,
        settings,
        handlers,
        notifier=app.state.notifier,
        options=FAST_OPTIONS,
    )
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        worker.stop_now()
        await asyncio.wait_for(task, 15)


class ScriptedHandler:
    """Stands in for generation: reports progress step by step, then waits for `release`."""

    def __init__(self, steps: int = 3, step_seconds: float = 0.0) -> None:
        self.steps = steps
        self.step_seconds = step_seconds
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, context: JobContext) -> WriteOutput:
        self.started.set()
        for step in range(self.steps):
            await context.set_progress(step, self.steps)
            await asyncio.sleep(self.step_seconds)
        await self.release.wait()
        await context.set_progress(self.steps, self.steps)

        async def write(session: AsyncSession) -> dict[str, Any]:
            return {"iep_id": None, "llm_calls": self.steps, "provider": "offline"}

        return write


async def failing_handler(context: JobContext) -> WriteOutput:
    raise PermanentJobError("invalid_input", "The student's record has no grade level.")


def registry_of(**handlers: Callable[[JobContext], Any]) -> HandlerRegistry:
    registry = HandlerRegistry()
    for job_type, handler in handlers.items():
        registry.register(job_type, handler)
    return registry


def iep_request(student_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"student_id": student_id, "academic_year": "2025-2026"}
    body.update(overrides)
    return body


async def submit(
    client: httpx.AsyncClient, caller: Caller, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(
        "/api/v1/jobs/iep-generation", json=body, headers={**caller.headers, **headers}
    )


async def wait_for_status(
    client: httpx.AsyncClient, caller: Caller, job_id: str, *statuses: str, within: float = 20
) -> dict[str, Any]:
    """Read the job until it reaches one of `statuses`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        response = await client.get(
            f"/api/v1/jobs/{job_id}",
            headers=caller.headers,
        )
        body: dict[str, Any] = response.json()
        if body["status"] in statuses:
            return body
        if loop.time() > deadline:
            raise AssertionError(f"job {job_id} stayed {body['status']}, wanted {statuses}")
        await asyncio.sleep(0.05)
