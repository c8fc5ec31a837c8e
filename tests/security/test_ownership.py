"""A teacher reaches only their own caseload: another teacher's ids answer 404 everywhere
(never 403: existence is not revealed), admin-only routes answer 403, nothing changes.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests.factories import Caller, assessment_body, example_iep_content
from tests.security.routes import Operation, admin_only, operations
from tests.security.world import Records, World

OWNED_KINDS = {"student_id", "assessment_id", "iep_id", "job_id"}
# Templates are one catalogue every user reads: a template id is not caseload data.
SHARED_KINDS = {"template_id"}
SECTION = "present_levels"
FILLERS = {
    "section_type": SECTION,
    "version": "1",
    "proposal_id": "00000000-0000-4000-8000-000000000000",
    "kind": "family-summary",
    "goal": "1",
    "period": "1",
    "point_id": "00000000-0000-4000-8000-000000000000",
}
QUERIES = {
    "GET /api/v1/ieps/{iep_id}/export": {"format": "md"},
    "GET /api/v1/jobs/{job_id}/poll": {"timeout_seconds": 0},
    "GET /api/v1/ieps/{iep_id}/compare": {"from": 1, "to": 1},
}
# Spec'd admin-only routes; the test also demands every route under these prefixes be admin-only.
ADMIN_PREFIXES = ("/api/v1/jobs/admin/",)
ADMIN_ROUTES = {
    "POST /api/v1/users",
    "POST /api/v1/templates",
    "GET /api/v1/jobs/admin/queue-stats",
    "POST /api/v1/jobs/admin/cleanup",
}


def _body(operation: Operation, records: Records) -> dict[str, Any] | None:
    """A valid body, so a 404 is never hidden behind a 422 (a new route must add one)."""
    if operation.method in ("GET", "DELETE") or operation.route.body_field is None:
        return None
    bodies: dict[str, dict[str, Any]] = {
        "PATCH /api/v1/students/{student_id}": {"school": "Elsewhere Academy"},
        "POST /api/v1/students/{student_id}/assessments": assessment_body(),
        "PATCH /api/v1/students/{student_id}/assessments/{assessment_id}": {"score": 70},
        "PATCH /api/v1/ieps/{iep_id}/sections/{section_type}": {
            "content": example_iep_content(records.assessment_id)[SECTION]
        },
        "POST /api/v1/ieps/{iep_id}/sections/{section_type}/review": {"reviewed": True},
        "PUT /api/v1/ieps/{iep_id}/meeting": {"start_time": "15:30", "end_time": "16:30"},
        "POST /api/v1/ieps/{iep_id}/teachers": {
            "teacher_name": "Sam Rivera",
            "class_name": "English 8",
            "areas": ["reading"],
        },
        "POST /api/v1/ieps/{iep_id}/teachers/{teacher_id}/receipts": {"received_on": "2026-11-30"},
        "PUT /api/v1/students/{student_id}/calendar-alias": {"alias": "Blue folder"},
        "POST /api/v1/students/{student_id}/transfer": {
            "case_manager_id": "00000000-0000-4000-8000-000000000000"
        },
        "POST /api/v1/ieps/{iep_id}/amendments": {
            "reason": "The team added a counseling service.",
            "amended_on": "2026-01-05",
        },
        "POST /api/v1/ieps/{iep_id}/versions/{version}/restore": {"note": "Back to the draft."},
        "PUT /api/v1/ieps/{iep_id}/progress/reports/{period}/plans": {
            "plans": {"1": "More practice."}
        },
        "POST /api/v1/ieps/{iep_id}/goals/{goal}/progress": {
            "measured_on": "2025-11-03",
            "value": 61,
        },
    }
    assert operation.label in bodies, f"add a valid body for {operation.label}"
    return bodies[operation.label]


def _id_bearing(app: FastAPI) -> list[Operation]:
    found = [
        op
        for op in operations(app)
        if OWNED_KINDS & set(op.parameters) and not SHARED_KINDS & set(op.parameters)
    ]
    assert len(found) >= 20
    return found


async def _call(
    client: httpx.AsyncClient, operation: Operation, caller: Caller, records: Records
) -> httpx.Response:
    values = {**FILLERS, **records.ids()}
    return await client.request(
        operation.method,
        operation.url(values),
        params=QUERIES.get(operation.label),
        json=_body(operation, records),
        headers=caller.headers,
    )


async def _snapshot(client: httpx.AsyncClient, owner: Caller, records: Records) -> list[Any]:
    """What the owner sees of their records (to show nobody else changed them)."""
    paths = [
        f"/api/v1/students/{records.student_id}",
        f"/api/v1/students/{records.student_id}/assessments/{records.assessment_id}",
        f"/api/v1/ieps/{records.iep_id}",
        f"/api/v1/jobs/{records.job_id}",
        f"/api/v1/jobs/{records.cancelled_job_id}",
    ]
    snapshot = []
    for path in paths:
        response = await client.get(path, headers=owner.headers)
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        body.pop("updated_at", None)
        snapshot.append(body)
    listed = await client.get("/api/v1/jobs", headers=owner.headers)
    snapshot.append(sorted(job["id"] for job in listed.json()["items"]))
    return snapshot


async def test_another_teacher_s_ids_answer_404_on_every_id_bearing_endpoint(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    intruder, owner, theirs = world.teacher, world.other_teacher, world.theirs
    before = await _snapshot(client, owner, theirs)
    for operation in _id_bearing(app):
        response = await _call(client, operation, intruder, theirs)
        assert response.status_code == 404, (operation.label, response.status_code, response.text)
        assert theirs.student_id not in response.text
    assert await _snapshot(client, owner, theirs) == before
    # The same reads by the owner and by an admin succeed: the ids were real.
    for operation in _id_bearing(app):
        if operation.method == "GET":
            for reader in (owner, world.admin):
                response = await _call(client, operation, reader, theirs)
                assert response.status_code == 200, (operation.label, reader.role)


async def test_ids_inside_bodies_and_filters_are_checked_too(
    client: httpx.AsyncClient, world: World
) -> None:
    intruder, theirs = world.teacher, world.theirs
    calls = [
        (
            "POST",
            "/api/v1/jobs/iep-generation",
            None,
            {"student_id": theirs.student_id, "academic_year": "2025-2026"},
        ),
        (
            "POST",
            "/api/v1/jobs/section-generation",
            None,
            {"iep_id": theirs.iep_id, "section_type": SECTION},
        ),
        ("GET", "/api/v1/ieps", {"student_id": theirs.student_id}, None),
    ]
    for method, path, params, body in calls:
        response = await client.request(
            method, path, params=params, json=body, headers=intruder.headers
        )
        assert response.status_code == 404, (method, path, response.text)
    # Lists show only the caller's own records.
    for path, own in (
        ("/api/v1/students", world.mine.student_id),
        ("/api/v1/jobs", world.mine.job_id),
        ("/api/v1/ieps", world.mine.iep_id),
    ):
        listed = await client.get(path, params={"limit": 200}, headers=intruder.headers)
        ids = {item["id"] for item in listed.json()["items"]}
        assert own in ids, path
        assert not ids & {theirs.student_id, theirs.job_id, theirs.iep_id}, path


async def test_admin_routes_answer_403_to_a_teacher(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    guarded = {op.label: op for op in operations(app) if admin_only(op)}
    assert ADMIN_ROUTES <= set(guarded)
    for op in operations(app):
        if op.path.startswith(ADMIN_PREFIXES) or op.path == "/api/v1/users":
            assert op.label in guarded, f"{op.label} must need an administrator"
    for operation in guarded.values():
        response = await client.request(
            operation.method,
            operation.url({"user_id": world.admin.id}),
            json={},
            headers=world.teacher.headers,
        )
        assert response.status_code == 403, (operation.label, response.text)
    stats = await client.get("/api/v1/jobs/admin/queue-stats", headers=world.admin.headers)
    assert stats.status_code == 200
