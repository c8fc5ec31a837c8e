"""A small, fully fictional world for the security and fuzz suites: two teachers, an admin.

Each teacher owns a student with an assessment, a stored IEP, a completed generation job
(run by the real worker and offline drafter, so its IEP carries `source_job_id`) and a
cancelled job, plus disposable records that destructive calls (DELETE, finalize) may use.
Built with its own engine and disposed before tests talk to the app, so an app under test
can open the database on whatever event loop it runs on.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field, replace

import httpx
from sqlalchemy import update

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.models import User
from iepgen.templates.service import ensure_builtin_templates
from iepgen.users.security import hash_password
from tests.factories import (
    Caller,
    add_iep,
    add_iep_student,
    example_iep_content,
    make_user,
)
from tests.integration.jobs.support import iep_request, running_worker, submit
from tests.wiring import offline_handlers

# Every world user signs in to the web UI with this (fictional) password.
PASSWORD = "Lantern-Meadow-2291"


@dataclass(frozen=True)
class Records:
    """The ids one teacher owns; `spare_*` and `doomed_*` are for calls that freeze or
    destroy a record (finalize, cancel, retry, DELETE), so the main ones stay usable."""

    student_id: str
    assessment_id: str
    iep_id: str
    job_id: str
    cancelled_job_id: str
    spare_student_id: str
    spare_assessment_id: str
    spare_iep_id: str
    doomed_student_id: str
    # A general-education teacher given the IEP at a glance (teacher_copies).
    teacher_id: str = ""

    def ids(self) -> dict[str, str]:
        """Path parameter name -> a real id of that kind."""
        return {
            "student_id": self.student_id,
            "assessment_id": self.assessment_id,
            "iep_id": self.iep_id,
            "job_id": self.job_id,
            "teacher_id": self.teacher_id,
        }

    def spare_ids(self) -> dict[str, str]:
        return {
            "student_id": self.spare_student_id,
            "assessment_id": self.spare_assessment_id,
            "iep_id": self.spare_iep_id,
            "job_id": self.cancelled_job_id,
        }


@dataclass(frozen=True)
class World:
    admin: Caller
    teacher: Caller
    other_teacher: Caller
    records: dict[str, Records] = field(default_factory=dict)

    @property
    def mine(self) -> Records:
        return self.records[self.teacher.id]

    @property
    def theirs(self) -> Records:
        return self.records[self.other_teacher.id]


async def _records_for(
    database: Database, settings: Settings, client: httpx.AsyncClient, teacher: Caller
) -> Records:
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    content = example_iep_content(assessment_id)
    iep_id = await add_iep(database, settings, student_id, content, created_by=teacher.id)
    spare_student_id, spare_assessment_id = await add_iep_student(database, teacher.id)
    spare_iep_id = await add_iep(
        database, settings, spare_student_id, example_iep_content(spare_assessment_id)
    )
    doomed_student_id, _ = await add_iep_student(database, teacher.id)
    submitted = await submit(client, teacher, iep_request(student_id))
    assert submitted.status_code == 202, submitted.text
    job_id = submitted.json()["id"]
    # The worker drafts it: a completed job whose IEP carries its source_job_id.
    done = await client.get(
        f"/api/v1/jobs/{job_id}/poll", params={"timeout_seconds": 60}, headers=teacher.headers
    )
    assert done.json()["status"] == "completed", done.text
    # A meeting record and a teacher's copy, so their routes have something to refuse.
    meeting = await client.put(
        f"/api/v1/ieps/{iep_id}/meeting",
        json={"start_time": "15:30", "end_time": "16:30", "location": "Room 204"},
        headers=teacher.headers,
    )
    assert meeting.status_code == 200, meeting.text
    added = await client.post(
        f"/api/v1/ieps/{iep_id}/teachers",
        json={"teacher_name": "Sam Rivera", "class_name": "English 8", "areas": ["reading"]},
        headers=teacher.headers,
    )
    assert added.status_code == 201, added.text
    return Records(
        student_id=student_id,
        assessment_id=assessment_id,
        iep_id=iep_id,
        job_id=job_id,
        cancelled_job_id="",  # set once the worker has stopped (see build_world)
        spare_student_id=spare_student_id,
        spare_assessment_id=spare_assessment_id,
        spare_iep_id=spare_iep_id,
        doomed_student_id=doomed_student_id,
        teacher_id=added.json()["id"],
    )


async def _cancelled_job(client: httpx.AsyncClient, teacher: Caller, student_id: str) -> str:
    """A job submitted and cancelled while no worker runs (a real id for retry)."""
    submitted = await submit(client, teacher, iep_request(student_id, academic_year="2026-2027"))
    assert submitted.status_code == 202, submitted.text
    job_id: str = submitted.json()["id"]
    cancelled = await client.patch(f"/api/v1/jobs/{job_id}/cancel", headers=teacher.headers)
    assert cancelled.status_code == 200, cancelled.text
    return job_id


async def build_world(settings: Settings) -> World:
    """Create the world in `settings.database_url` (already migrated) and let go of it."""
    database = create_database(settings)
    try:
        async with database.transaction() as session:
            await ensure_builtin_templates(session)
        admin = await make_user(database, "admin")
        teacher = await make_user(database, "teacher")
        other = await make_user(database, "teacher")
        async with database.transaction() as session:
            await session.execute(
                update(User)
                .where(User.id.in_([admin.id, teacher.id, other.id]))
                .values(password_hash=_password_hash())
            )
        app = create_app(settings, database)
        records: dict[str, Records] = {}
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                async with running_worker(app, settings, offline_handlers()):
                    for caller in (teacher, other):
                        records[caller.id] = await _records_for(database, settings, c, caller)
                for caller in (teacher, other):
                    cancelled = await _cancelled_job(c, caller, records[caller.id].student_id)
                    records[caller.id] = replace(records[caller.id], cancelled_job_id=cancelled)
        return World(admin=admin, teacher=teacher, other_teacher=other, records=records)
    finally:
        await database.dispose()


@functools.cache
def _password_hash() -> str:
    """argon2 is slow on purpose: hash the shared test password once per run."""
    return hash_password(PASSWORD)


def build_world_sync(settings: Settings) -> World:
    """`build_world` from synchronous code (a fixture feeding an app on another loop)."""
    return asyncio.run(build_world(settings))
