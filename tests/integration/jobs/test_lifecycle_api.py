"""A job's life over HTTP with the queue's real worker in this process: long-poll, SSE,
cancel, retry, and who may see what."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.jobs.watch import JobWatch
from tests.conftest import make_settings
from tests.factories import Caller, create_student, make_user
from tests.integration.jobs.support import (
    ScriptedHandler,
    failing_handler,
    iep_request,
    registry_of,
    running_worker,
    submit,
    wait_for_status,
)


async def _submitted_job(client: httpx.AsyncClient, caller: Caller, **overrides: Any) -> str:
    student_id = await create_student(client, caller)
    response = await submit(client, caller, iep_request(student_id, **overrides))
    assert response.status_code == 202, response.text
    job_id: str = response.json()["id"]
    return job_id


async def test_long_poll_wakes_when_the_job_finishes(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    handler = ScriptedHandler()
    async with running_worker(app, settings, registry_of(iep_generation=handler)):
        job_id = await _submitted_job(client, teacher)
        await asyncio.wait_for(handler.started.wait(), 10)
        loop = asyncio.get_running_loop()
        started = loop.time()
        poll = asyncio.create_task(
            client.get(f"/api/v1/jobs/{job_id}/poll?timeout_seconds=60", headers=teacher.headers)
        )
        await asyncio.sleep(0.3)
        assert not poll.done(), "the poll answered before the job finished"
        handler.release.set()
        response = await asyncio.wait_for(poll, 30)
        waited = loop.time() - started
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed" and body["result"]["llm_calls"] == 3
    assert body["progress"] == {"completed_sections": 3, "total_sections": 3}
    assert body["started_at"] is not None and body["completed_at"] is not None
    assert waited < 30, "the poll ran to its timeout instead of waking"


async def test_poll_returns_the_job_when_the_timeout_passes(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    job_id = await _submitted_job(client, teacher)
    url = f"/api/v1/jobs/{job_id}/poll"
    waited = await client.get(url, params={"timeout_seconds": 0.2}, headers=teacher.headers)
    assert waited.status_code == 200 and waited.json()["status"] == "pending"
    at_once = await client.get(url, params={"timeout_seconds": 0}, headers=teacher.headers)
    assert at_once.status_code == 200 and at_once.json()["id"] == job_id
    for bad in ("-1", "301", "nan", "inf", "soon", "1e9"):
        response = await client.get(url, params={"timeout_seconds": bad}, headers=teacher.headers)
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"] == ["query", "timeout_seconds"]


async def test_cancel_pending_running_and_finished_jobs(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    pending_id = await _submitted_job(client, teacher)
    cancelled = await client.patch(f"/api/v1/jobs/{pending_id}/cancel", headers=teacher.headers)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancel_requested"]
    again = await client.patch(f"/api/v1/jobs/{pending_id}/cancel", headers=teacher.headers)
    assert again.status_code == 409

    handler = ScriptedHandler()  # never released: only a cancel ends it
    async with running_worker(app, settings, registry_of(iep_generation=handler)):
        running_id = await _submitted_job(client, teacher, academic_year="2024-2025")
        await asyncio.wait_for(handler.started.wait(), 10)
        response = await client.patch(f"/api/v1/jobs/{running_id}/cancel", headers=teacher.headers)
        assert response.status_code == 202
        assert response.json()["status"] == "processing" and response.json()["cancel_requested"]
        polled = await client.get(
            f"/api/v1/jobs/{running_id}/poll?timeout_seconds=10", headers=teacher.headers
        )
    assert polled.json()["status"] == "cancelled"
    assert polled.json()["result"] is None


async def test_retry_submits_a_failed_job_again(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    async with running_worker(app, settings, registry_of(iep_generation=failing_handler)):
        job_id = await _submitted_job(client, teacher)
        failed = await wait_for_status(client, teacher, job_id, "failed")
    assert failed["error"] == {
        "type": "invalid_input",
        "message": "The student's record has no grade level.",
    }
    retried = await client.post(f"/api/v1/jobs/{job_id}/retry", headers=teacher.headers)
    assert retried.status_code == 202, retried.text
    body = retried.json()
    assert body["id"] != job_id and body["retry_of"] == job_id and body["status"] == "pending"
    assert retried.headers["location"] == f"/api/v1/jobs/{body['id']}"
    # While the retry is queued, retrying the original again answers with that same job.
    twice = await client.post(f"/api/v1/jobs/{job_id}/retry", headers=teacher.headers)
    assert twice.status_code == 200 and twice.json()["id"] == body["id"]
    not_finished = await client.post(f"/api/v1/jobs/{body['id']}/retry", headers=teacher.headers)
    assert not_finished.status_code == 409


def _events(stream: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in stream.split("\n\n"):
        lines = dict(
            line.split(": ", 1) for line in block.splitlines() if line.startswith(("event", "data"))
        )
        if "event" in lines:
            events.append((lines["event"], orjson.loads(lines["data"])))
    return events


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, sse_keepalive_seconds=0.1)


async def test_event_stream_reports_progress_and_ends_with_the_final_state(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    teacher = await make_user(database)
    handler = ScriptedHandler(steps=3, step_seconds=0.15)
    async with running_worker(app, settings, registry_of(iep_generation=handler)):
        job_id = await _submitted_job(client, teacher)
        stream = asyncio.create_task(
            client.get(f"/api/v1/jobs/{job_id}/events", headers=teacher.headers)
        )
        await asyncio.wait_for(handler.started.wait(), 10)
        await asyncio.sleep(0.6)  # idle long enough for keep-alive comments
        handler.release.set()
        response = await asyncio.wait_for(stream, 30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert ": keep-alive" in response.text
    events = _events(response.text)
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "status" and kinds.count("progress") >= 2
    final_kind, final = events[-1]
    assert final_kind == "status" and final["status"] == "completed"
    assert final["progress"] == {"completed_sections": 3, "total_sections": 3}
    seen = [(body["status"], tuple(body["progress"].values())) for _, body in events]
    assert seen == sorted(set(seen), key=seen.index), "an unchanged state was sent twice"
    # A finished job's stream is its final state alone.
    done = await client.get(f"/api/v1/jobs/{job_id}/events", headers=teacher.headers)
    assert [kind for kind, _ in _events(done.text)] == ["status"]


async def test_event_stream_stops_when_the_client_disconnects(
    app: FastAPI, client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    job_id = await _submitted_job(client, teacher)
    gone = asyncio.Event()
    sent: list[dict[str, Any]] = []
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": f"/api/v1/jobs/{job_id}/events",
        "raw_path": f"/api/v1/jobs/{job_id}/events".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"authorization", f"Bearer {teacher.token}".encode()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "state": {},
    }
    call = asyncio.create_task(app(scope, receive, send))
    watch: JobWatch | None = None
    for _ in range(200):
        watch = getattr(app.state, "job_watch", None)
        if watch is not None and watch.waiting:
            break
        await asyncio.sleep(0.02)
    assert watch is not None and watch.waiting == 1 and not call.done()
    gone.set()
    await asyncio.wait_for(call, 5)
    assert watch.waiting == 0
    assert sent[0]["status"] == 200 and b"event: status" in sent[1]["body"]


async def test_jobs_of_other_users_are_404_and_admins_see_all(
    client: httpx.AsyncClient, database: Database
) -> None:
    owner, stranger, admin = (
        await make_user(database),
        await make_user(database),
        await make_user(database, "admin"),
    )
    job_id = await _submitted_job(client, owner)
    for method, path in (
        ("GET", ""),
        ("GET", "/poll?timeout_seconds=0"),
        ("GET", "/events"),
        ("PATCH", "/cancel"),
        ("POST", "/retry"),
    ):
        for target in (job_id, "not-a-uuid", "00000000-0000-4000-8000-000000000000"):
            response = await client.request(
                method, f"/api/v1/jobs/{target}{path}", headers=stranger.headers
            )
            assert response.status_code == 404, (method, path, target)
            assert response.json() == {"detail": "Job not found."}
    assert (await client.get(f"/api/v1/jobs/{job_id}", headers=admin.headers)).status_code == 200
    assert (await client.get(f"/api/v1/jobs/{job_id}")).status_code == 401
    mine = (await client.get("/api/v1/jobs", headers=stranger.headers)).json()
    assert mine == {"items": [], "total": 0, "limit": 50, "offset": 0}
    everyone = (await client.get("/api/v1/jobs", headers=admin.headers)).json()
    assert [item["id"] for item in everyone["items"]] == [job_id]


async def test_listing_is_newest_first_filtered_and_validated(
    client: httpx.AsyncClient, database: Database
) -> None:
    teacher = await make_user(database)
    student_id = await create_student(client, teacher)
    ids = []
    for year in ("2022-2023", "2023-2024", "2024-2025"):
        response = await submit(client, teacher, iep_request(student_id, academic_year=year))
        ids.append(response.json()["id"])
    await client.patch(f"/api/v1/jobs/{ids[0]}/cancel", headers=teacher.headers)
    listed = (await client.get("/api/v1/jobs", headers=teacher.headers)).json()
    assert [item["id"] for item in listed["items"]] == ids[::-1] and listed["total"] == 3
    page = (await client.get("/api/v1/jobs?limit=1&offset=1", headers=teacher.headers)).json()
    assert [item["id"] for item in page["items"]] == [ids[1]] and page["total"] == 3
    cancelled = await client.get(
        "/api/v1/jobs?status=cancelled&job_type=iep_generation", headers=teacher.headers
    )
    assert [item["id"] for item in cancelled.json()["items"]] == [ids[0]]
    for query in ("status=done", "job_type=essay", "limit=0", "limit=201", "offset=-1"):
        response = await client.get(f"/api/v1/jobs?{query}", headers=teacher.headers)
        assert response.status_code == 422, query
