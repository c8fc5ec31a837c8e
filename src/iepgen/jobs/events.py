"""`GET /api/v1/jobs/{id}/events`: a job's status and progress as Server-Sent Events.

Wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html):
`event: status` when the status changes, `event: progress` when only the progress does,
each with `data:` the job body as one line of JSON (the same orjson encoding as every
response); a `: keep-alive` comment while nothing happens, so proxies keep the stream open.
The stream starts with the current state and ends after the job's final state.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Final

from starlette.responses import StreamingResponse

from iepgen.api.responses import dumps
from iepgen.jobs.schemas import JobOut
from iepgen.jobs.watch import JobWatch
from iepgen.models import Job
from iepgen.queue import FINAL_STATUSES

KEEPALIVE_COMMENT: Final = b": keep-alive\n\n"
# Tells EventSource clients how long to wait before reconnecting after a drop (ms).
RECONNECT_MILLISECONDS: Final = 3000


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"


def format_event(kind: str, body: JobOut) -> bytes:
    return b"event: " + kind.encode() + b"\ndata: " + dumps(body.model_dump(mode="json")) + b"\n\n"


async def job_events(
    watch: JobWatch, job: Job, *, keepalive_seconds: float
) -> AsyncIterator[bytes]:
    """The stream's bytes: current state, then each change, until the job is final."""
    last = JobOut.of(job)
    yield f"retry: {RECONNECT_MILLISECONDS}\n".encode() + format_event("status", last)
    if last.status in FINAL_STATUSES:
        return
    async for fresh in watch.changes(job, keepalive_seconds=keepalive_seconds):
        if fresh is None:
            yield KEEPALIVE_COMMENT
            continue
        body = JobOut.of(fresh)
        if body.status != last.status:
            yield format_event("status", body)
        elif body.progress != last.progress:
            yield format_event("progress", body)
        last = body


def event_stream_response(
    watch: JobWatch, job: Job, *, keepalive_seconds: float
) -> EventStreamResponse:
    return EventStreamResponse(
        job_events(watch, job, keepalive_seconds=keepalive_seconds),
        # Proxies (nginx) must pass each event on at once rather than buffer the stream.
        headers={"X-Accel-Buffering": "no"},
    )
