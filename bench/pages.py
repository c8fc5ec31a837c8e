"""Web pages benchmark: every page of the web UI rendered server-side, with a 60-student caseload.

    python -m bench.pages [--students 60] [--rounds 20]

A fresh SQLite database gets a caseload of corpus students (each with its assessments and
an offline draft IEP stored as the pipeline stores it), one IEP with a second version and
a teacher, and one queued job. A signed-in teacher and a signed-in admin then request every
page inside the app (ASGI, no network), each page `--rounds` times across the caseload's
students, and the table shows p50, p95 and worst beside the 100 ms target. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from bench.report import nearest_rank
from rich.console import Console
from rich.table import Table
from tests.conftest import make_settings
from tests.corpus.students import ACADEMIC_YEAR, ALL_CASES, MEETING
from tests.databases import SQLiteTemplate
from tests.factories import Caller, complete_student_body, make_user

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database, create_database
from iepgen.generation.compliance import check_iep
from iepgen.generation.inputs import build_context
from iepgen.generation.offline import draft_iep
from iepgen.ieps.service import SectionDraft, create_iep
from iepgen.templates.builtin import IDEA_STANDARD_ID
from iepgen.templates.service import ensure_builtin_templates, get_template

TARGET_MS = 100.0
PASSWORD = "bench-password-1"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
MISSING_ID = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class Caseload:
    """What the pages are asked about: every student, their assessment and IEP ids."""

    students: list[str]
    assessments: dict[str, str]
    ieps: dict[str, str]
    job_id: str


def _p95(values: list[float]) -> float:
    return nearest_rank(values, 0.95)


@dataclass(frozen=True)
class Timing:
    page: str
    samples_ms: list[float]
    # CPU this process spent per request (app and in-process client): close to the wall
    # time on an idle machine; this one is shared, so wall times swing with others' load.
    cpu_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return _p95(self.samples_ms)

    @property
    def cpu_p95(self) -> float:
        return _p95(self.cpu_ms)

    @property
    def worst(self) -> float:
        return max(self.samples_ms)


# Each page: a name, who asks (teacher, admin or nobody) and its path for the n-th student.
Path_ = Callable[[Caseload, int], str]


def _student(c: Caseload, n: int) -> str:
    return c.students[n % len(c.students)]


def _with_iep(c: Caseload, n: int) -> str:
    ids = sorted(c.ieps)
    return c.ieps[ids[n % len(ids)]]


def _with_assessment(c: Caseload, n: int) -> tuple[str, str]:
    ids = sorted(c.assessments)
    student = ids[n % len(ids)]
    return student, c.assessments[student]


PAGES: tuple[tuple[str, str, Path_], ...] = (
    ("sign-in", "nobody", lambda c, n: "/signin"),
    ("caseload", "teacher", lambda c, n: "/caseload"),
    ("student", "teacher", lambda c, n: f"/students/{_student(c, n)}"),
    ("student, new", "teacher", lambda c, n: "/students/new"),
    ("student, edit", "teacher", lambda c, n: f"/students/{_student(c, n)}/edit"),
    (
        "assessment, new",
        "teacher",
        lambda c, n: f"/students/{_student(c, n)}/assessments/new",
    ),
    (
        "assessment, edit",
        "teacher",
        lambda c, n: "/students/{}/assessments/{}/edit".format(*_with_assessment(c, n)),
    ),
    ("job", "teacher", lambda c, n: f"/jobs/{c.job_id}"),
    ("IEP", "teacher", lambda c, n: f"/ieps/{_with_iep(c, n)}"),
    (
        "IEP, section edit (goals)",
        "teacher",
        lambda c, n: f"/ieps/{_with_iep(c, n)}/sections/annual_goals/edit",
    ),
    ("IEP, versions", "teacher", lambda c, n: f"/ieps/{_with_iep(c, n)}/versions"),
    ("IEP, teachers", "teacher", lambda c, n: f"/ieps/{_with_iep(c, n)}/teachers"),
    ("password", "teacher", lambda c, n: "/account/password"),
    ("not found", "teacher", lambda c, n: f"/students/{MISSING_ID}"),
    ("admin, queue", "admin", lambda c, n: "/admin"),
    ("admin, users", "admin", lambda c, n: "/admin/users"),
    ("caseload, admin", "admin", lambda c, n: "/caseload"),
)


async def _store_iep(
    database: Database, settings: Settings, student_id: str, created_by: str
) -> str:
    """The offline draft of the student's IEP, stored as the pipeline stores it."""
    async with database.transaction() as session:
        template = await get_template(session, IDEA_STANDARD_ID)
        context = await build_context(
            session,
            settings=settings,
            student_id=student_id,
            academic_year=ACADEMIC_YEAR,
            template=template,
            meeting_date=MEETING,
        )
        sections = draft_iep(context)
        titles = {s["section_type"]: s["title"] for s in template.sections}
        iep = await create_iep(
            session,
            student_id=student_id,
            template_id=IDEA_STANDARD_ID,
            academic_year=ACADEMIC_YEAR,
            sections=[
                SectionDraft(
                    kind, titles[kind], s.model_dump(mode="json"), s.render_text(), "offline"
                )
                for kind, s in sections.items()
            ],
            compliance=check_iep(sections, context).as_dict(),
            created_by=created_by,
            source_job_id=None,
            generated_with={"provider": "offline", "model": "iepgen-offline-2"},
            dates=context.dates,
        )
        return iep.id


async def _caseload(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    teacher: Caller,
    students: int,
) -> Caseload:
    """`students` students through the API (the corpus in turn, one complete record), with
    assessments, a stored draft IEP each, an edited IEP with a teacher, and a queued job."""
    headers = teacher.headers
    ids: list[str] = []
    assessments: dict[str, str] = {}
    ieps: dict[str, str] = {}
    for n in range(students):
        case = ALL_CASES[n % len(ALL_CASES)]
        body = complete_student_body() if n == 0 else case.student
        created = await client.post("/api/v1/students", json=body, headers=headers)
        if created.status_code != 201:
            raise RuntimeError(f"student {case.key}: HTTP {created.status_code} {created.text}")
        student_id = created.json()["id"]
        ids.append(student_id)
        for assessment in case.assessments:
            added = await client.post(
                f"/api/v1/students/{student_id}/assessments", json=assessment, headers=headers
            )
            if added.status_code == 201:
                assessments.setdefault(student_id, added.json()["id"])
        ieps[student_id] = await _store_iep(database, settings, student_id, teacher.id)
    # One IEP with history and a general-education teacher, as a used one has.
    first = ieps[ids[1]]
    await client.post(
        f"/api/v1/ieps/{first}/teachers",
        json={"teacher_name": "Ruth Abernathy", "class_name": "Biology 10", "areas": []},
        headers=headers,
    )
    job = await client.post(
        "/api/v1/jobs/iep-generation",
        json={
            "student_id": ids[0],
            "template_id": IDEA_STANDARD_ID,
            "academic_year": ACADEMIC_YEAR,
            "meeting_date": MEETING.isoformat(),
        },
        headers=headers,
    )
    if job.status_code != 202:
        raise RuntimeError(f"queueing a job: HTTP {job.status_code} {job.text}")
    return Caseload(ids, assessments, ieps, job.json()["id"])


async def _signed_in(app: Any, caller: Caller | None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    client = httpx.AsyncClient(transport=transport, base_url="http://bench")
    if caller is not None:
        form = await client.get("/signin")
        token = TOKEN.search(form.text)
        assert token is not None
        signed = await client.post(
            "/signin",
            data={"username": caller.username, "password": PASSWORD, "csrf_token": token[1]},
        )
        if signed.status_code != 303:
            raise RuntimeError(f"signing in {caller.username}: HTTP {signed.status_code}")
    return client


def run(students: int = 60, rounds: int = 20) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix="iepgen-bench-pages-") as folder:
        # Migrating runs its own event loop: before ours starts.
        url = SQLiteTemplate(Path(folder)).fresh_copy(Path(folder) / "bench.db")
        return asyncio.run(_measure(url, students, rounds))


async def _measure(url: str, students: int, rounds: int) -> list[Timing]:
    settings = make_settings(url)
    database = create_database(settings)
    async with database.transaction() as session:
        await ensure_builtin_templates(session)
    teacher = await make_user(database, "teacher", password=PASSWORD, display_name="Jordan Ellis")
    admin = await make_user(database, "admin", password=PASSWORD, display_name="Dana Admin")
    app = create_app(settings, database)
    samples: dict[str, list[float]] = {name: [] for name, _, _ in PAGES}
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in PAGES}
    async with app.router.lifespan_context(app):
        clients = {
            "nobody": await _signed_in(app, None),
            "teacher": await _signed_in(app, teacher),
            "admin": await _signed_in(app, admin),
        }
        try:
            caseload = await _caseload(clients["teacher"], database, settings, teacher, students)
            for _name, who, path in PAGES:  # warm up: templates compiled, caches filled
                await clients[who].get(path(caseload, 0))
            for n in range(rounds):
                for name, who, path in PAGES:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = await clients[who].get(path(caseload, n))
                    samples[name].append((time.perf_counter() - started) * 1000)
                    cpu[name].append((time.process_time() - cpu_started) * 1000)
                    expected = 404 if name == "not found" else 200
                    if response.status_code != expected:
                        raise RuntimeError(f"{name}: HTTP {response.status_code}")
        finally:
            for client in clients.values():
                await client.aclose()
    await database.dispose()
    return [Timing(name, values, cpu[name]) for name, values in samples.items()]


def table(timings: list[Timing], students: int, rounds: int) -> Table:
    out = Table(
        title=f"Web pages: {students}-student caseload, {rounds} requests each, server-side (ms)"
    )
    for column in ("page", "p50", "p95", "worst", "CPU p95", "target", "p95 vs target"):
        out.add_column(column, justify="left" if column == "page" else "right")
    for timing in timings:
        out.add_row(
            timing.page,
            f"{timing.p50:.1f}",
            f"{timing.p95:.1f}",
            f"{timing.worst:.1f}",
            f"{timing.cpu_p95:.1f}",
            f"{TARGET_MS:.0f}",
            f"{timing.p95 / TARGET_MS:.2f}x",
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    from iepgen.logging import configure_logging

    configure_logging("WARNING")
    Console(width=120).print(table(run(args.students, args.rounds), args.students, args.rounds))


if __name__ == "__main__":
    main()
