"""Caseload benchmark: the dashboard a case manager opens every morning, and its query plan.

    python -m bench.caseload [--rounds 30]

A district in one database: the measured case manager's 60 students, each with three
years of IEPs (full sections and version history, some final, some amended, this year's
a draft for a few, due dates spread so some are overdue and some due soon), beside 150
other case managers' caseloads of the same size (their IEP rows without sections), so the
planner sees tables of a district's size. On SQLite and on PostgreSQL, time `GET
/caseload` (the page, signed in through the web form) and `GET /api/v1/caseload/events`
server-side (ASGI, no network), and print the plans (EXPLAIN) of the two statements the
due dates are read with. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from bench.report import nearest_rank
from rich.console import Console
from rich.table import Table
from sqlalchemy import insert, text
from tests.conftest import make_settings
from tests.databases import PostgresDatabase, SQLiteTemplate
from tests.factories import example_iep_content, make_user

from iepgen.app import create_app
from iepgen.caseload.repository import caseload_students, due_date_query
from iepgen.db import Database, create_database
from iepgen.db.base import new_id
from iepgen.generation.compliance import check_iep
from iepgen.generation.inputs import build_context
from iepgen.ieps.service import SectionDraft, create_iep
from iepgen.models import IEP, Assessment, IEPVersion, Student
from iepgen.sections import parse_section_content
from iepgen.sections.dates import IEPDates
from iepgen.templates.builtin import IDEA_STANDARD_ID
from iepgen.templates.service import ensure_builtin_templates, get_template

TARGET_MS = 100.0
STUDENTS = 60
OTHER_CASE_MANAGERS = 150
PASSWORD = "Bench-Caseload-4417"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
# Index names as the plans print them (ours, unique constraints', SQLite's own).
INDEX_NAME = re.compile(r"\b((?:ix|uq)_\w+|sqlite_autoindex_\w+)")
FIRST = ("Ava", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jae", "Kit", "Lea")
LAST = ("Abbott", "Baker", "Chen", "Diaz", "Evans", "Ford", "Gill", "Hale", "Ibarra", "Joshi")
GRADES = ("K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")
REQUESTS = (
    ("GET /caseload", "/caseload"),
    ("GET /caseload, due soon by date", "/caseload?due=due_soon&sort=next_due"),
    ("GET /api/v1/caseload/events, a year", "/api/v1/caseload/events?limit=200"),
)


@dataclass
class Result:
    database: str
    samples_ms: dict[str, list[float]] = field(default_factory=dict)
    cpu_ms: dict[str, list[float]] = field(default_factory=dict)
    plans: dict[str, list[str]] = field(default_factory=dict)

    def p(self, name: str, cut: float) -> float:
        return nearest_rank(self.samples_ms[name], cut)


def _student_row(case_manager_id: str, n: int, today: date) -> dict[str, Any]:
    age = 6 + n % 13
    born = today - timedelta(days=365 * age + (n * 37) % 365)
    return {
        "id": new_id(),
        "case_manager_id": case_manager_id,
        "first_name": FIRST[n % len(FIRST)],
        "last_name": f"{LAST[n % len(LAST)]}-{n}",
        "date_of_birth": born,
        "grade_level": GRADES[min(age - 6, len(GRADES) - 1)],
        "school": "Lincoln Middle School",
        "disability_category": "specific_learning_disability",
        "last_evaluation_on": today - timedelta(days=(n * 53) % 1100),
    }


def _meetings(n: int, today: date) -> list[date]:
    """Three yearly meetings, the latest between 11 months and 1 month ago (some reviews are
    overdue, some due within the month, most later in the year)."""
    latest = today - timedelta(days=30 + (n * 29) % 340)
    return [latest - timedelta(days=365 * back) for back in (2, 1, 0)]


async def _populate(database: Database, settings: Any, teacher_id: str) -> None:
    today = settings.school_today()
    others = [await make_user(database, "teacher") for _ in range(OTHER_CASE_MANAGERS)]
    async with database.transaction() as session:
        mine = [_student_row(teacher_id, n, today) for n in range(STUDENTS)]
        await session.execute(insert(Student), mine)
        theirs = [_student_row(o.id, n, today) for o in others for n in range(STUDENTS)]
        await session.execute(insert(Student), theirs)
        await session.execute(
            insert(IEP),
            [
                {
                    "student_id": s["id"],
                    "template_id": IDEA_STANDARD_ID,
                    "academic_year": f"{m.year}-{m.year + 1}",
                    "status": "final",
                    "meeting_date": m,
                    "start_date": m,
                    "end_date": IEPDates.from_meeting(m).end,
                    "annual_review_due": IEPDates.from_meeting(m).annual_review_due,
                }
                for n, s in enumerate(theirs)
                for m in _meetings(n, today)
            ],
        )
        # One real IEP's sections and compliance, reused for every IEP of the
        # measured caseload: the page reads what a real one stores.
        assessment = Assessment(
            student_id=mine[0]["id"],
            name="Woodcock-Johnson IV Tests of Achievement",
            area="reading",
            administered_on=today - timedelta(days=60),
            score=78,
            summary="Reading fluency 52 words correct per minute on grade-5 passages.",
        )
        session.add(assessment)
        await session.flush()
        template = await get_template(session, IDEA_STANDARD_ID)
        titles = {s["section_type"]: s["title"] for s in template.sections}
        content = example_iep_content(assessment.id)
        parsed = {kind: parse_section_content(kind, body) for kind, body in content.items()}
        context = await build_context(
            session,
            settings=settings,
            student_id=mine[0]["id"],
            academic_year="2025-2026",
            template=template,
        )
        compliance = check_iep(parsed, context).as_dict()
        sections = [
            SectionDraft(kind, titles[kind], s.model_dump(mode="json"), s.render_text(), "offline")
            for kind, s in parsed.items()
        ]
        for n, student in enumerate(mine):
            for year, meeting in enumerate(_meetings(n, today)):
                dates = IEPDates.from_meeting(meeting)
                iep = await create_iep(
                    session,
                    student_id=student["id"],
                    template_id=IDEA_STANDARD_ID,
                    academic_year=f"{meeting.year}-{meeting.year + 1}",
                    sections=sections,
                    compliance=compliance,
                    created_by=teacher_id,
                    source_job_id=None,
                    generated_with={"provider": "offline"},
                    dates=dates,
                )
                current = year == 2
                if current and n % 7 == 0:
                    continue  # this year's IEP is still a draft
                iep.status = "final"
                session.add(
                    IEPVersion(iep_id=iep.id, version=2, change="finalized", compliance=compliance)
                )
                iep.version = 2
                if current and n % 5 == 0:
                    session.add(
                        IEPVersion(
                            iep_id=iep.id,
                            version=3,
                            change="amended",
                            note="Counseling added.",
                            amended_on=meeting + timedelta(days=40),
                            compliance=compliance,
                        )
                    )
            await session.flush()


async def _sign_in(client: httpx.AsyncClient, username: str) -> None:
    form = await client.get("/signin")
    match = TOKEN.search(form.text)
    assert match
    response = await client.post(
        "/signin", data={"username": username, "password": PASSWORD, "csrf_token": match[1]}
    )
    if response.status_code != 303:
        raise RuntimeError(f"sign-in answered {response.status_code}")


async def _plans(database: Database, teacher_id: str, dialect: str) -> dict[str, list[str]]:
    explain = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
    plans: dict[str, list[str]] = {}
    async with database.transaction() as session:
        await session.execute(text("ANALYZE"))
    async with database.read() as session:
        bind = session.get_bind()
        students = caseload_students(teacher_id, include_archived=False)
        for name, statement in (
            ("caseload students", students),
            ("their IEPs (due-date query)", due_date_query(students)),
        ):
            compiled = statement.compile(
                dialect=bind.dialect, compile_kwargs={"literal_binds": True}
            )
            rows = await session.execute(text(explain + str(compiled)))
            plans[name] = [str(row[-1]) for row in rows]
    return plans


async def _measure(url: str, dialect: str, rounds: int) -> Result:
    settings = make_settings(url)
    database = create_database(settings)
    async with database.transaction() as session:
        await ensure_builtin_templates(session)
    teacher = await make_user(database, "teacher", password=PASSWORD)
    await _populate(database, settings, teacher.id)
    result = Result(dialect)
    app = create_app(settings, database)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await _sign_in(client, teacher.username)
            for name, path in REQUESTS:
                headers = teacher.headers if path.startswith("/api/") else {}
                for _ in range(3):  # warm template and statement caches
                    await client.get(path, headers=headers)
                result.samples_ms[name], result.cpu_ms[name] = [], []
                for _ in range(rounds):
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = await client.get(path, headers=headers)
                    result.samples_ms[name].append((time.perf_counter() - started) * 1000)
                    result.cpu_ms[name].append((time.process_time() - cpu_started) * 1000)
                    if response.status_code != 200:
                        raise RuntimeError(f"{name}: HTTP {response.status_code}")
    result.plans = await _plans(database, teacher.id, dialect)
    await database.dispose()
    return result


def run(rounds: int = 30) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="iepgen-bench-caseload-") as folder:
        # Migrating runs its own event loop: before ours starts.
        url = SQLiteTemplate(Path(folder)).fresh_copy(Path(folder) / "bench.db")
        results.append(asyncio.run(_measure(url, "sqlite", rounds)))
    postgres = PostgresDatabase()
    postgres.create()
    try:
        results.append(asyncio.run(_measure(postgres.url, "postgresql", rounds)))
    finally:
        postgres.drop()
    return results


def table(results: list[Result], rounds: int) -> Table:
    out = Table(
        title=f"Caseload: {STUDENTS} students x 3 years of IEPs, {rounds} rounds, server-side (ms)"
    )
    for column in ("database", "request", "p50", "p95", "worst", "CPU p50", "target"):
        out.add_column(column, justify="left" if column in ("database", "request") else "right")
    for result in results:
        for name, _ in REQUESTS:
            out.add_row(
                result.database,
                name,
                f"{result.p(name, 0.5):.1f}",
                f"{result.p(name, 0.95):.1f}",
                f"{max(result.samples_ms[name]):.1f}",
                f"{statistics.median(result.cpu_ms[name]):.1f}",
                f"{TARGET_MS:.0f}",
            )
    return out


def plan_text(results: list[Result]) -> str:
    lines = []
    for result in results:
        for name, plan in result.plans.items():
            lines.append(f"{result.database}: {name}")
            lines += [f"    {line}" for line in plan]
    return "\n".join(lines)


def index_summary(results: list[Result]) -> list[str]:
    """Which indexes each plan reads through, by database (for the report's notes)."""
    found = []
    for result in results:
        for name, plan in result.plans.items():
            names = sorted(set(re.findall(INDEX_NAME, "\n".join(plan))))
            found.append(f"{result.database} {name}: {', '.join(names) or 'no index'}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    results = run(args.rounds)
    console = Console(width=140)
    console.print(table(results, args.rounds))
    console.print(plan_text(results), markup=False, highlight=False)


if __name__ == "__main__":
    main()
