"""`iepgen demo`: draft an IEP for a fictional demo student, end to end, as Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.demo_data import seed_demo_data
from iepgen.errors import NotFound
from iepgen.export.service import export_iep
from iepgen.generation.inputs import build_context
from iepgen.generation.pipeline import GenerationOutcome, generate_sections
from iepgen.generation.storing import write_new_iep
from iepgen.llm.factory import build_provider, close_provider
from iepgen.models import Student, Template, User
from iepgen.templates.builtin import IDEA_STANDARD_ID
from iepgen.templates.service import ensure_builtin_templates
from iepgen.users.service import Actor

DEMO_NUMBER_PREFIX = "DEMO-"


@dataclass(frozen=True)
class DemoResult:
    iep_id: str
    student_name: str
    out: Path
    outcome: GenerationOutcome


def current_academic_year(settings: Settings, today: date | None = None) -> str:
    """The academic year `today` (the school's) falls in (e.g. 2026-2027 from 15 August 2026)."""
    today = today or settings.school_today()
    start = date(today.year, settings.iep_year_start_month, settings.iep_year_start_day)
    first = today.year if today >= start else today.year - 1
    return f"{first}-{first + 1}"


async def find_student(session: AsyncSession, wanted: str | None) -> Student | None:
    """A student by id or name ('Maya', 'Maya Lopez'); by default the first demo student."""
    query = select(Student).order_by(Student.student_number, Student.created_at)
    if wanted is None:
        query = query.where(Student.student_number.like(f"{DEMO_NUMBER_PREFIX}%"))
    else:
        words = wanted.strip().lower().split()
        name_match = (
            Student.first_name.ilike(words[0])
            if len(words) == 1
            else (Student.first_name.ilike(words[0]) & Student.last_name.ilike(" ".join(words[1:])))
        )
        query = query.where(or_(Student.id == wanted.strip(), name_match))
    return (await session.execute(query.limit(1))).scalars().first()


async def run_demo(
    database: Database,
    settings: Settings,
    *,
    student: str | None,
    out: Path | None,
    console: Console,
) -> DemoResult:
    """Seed if needed, draft with the configured provider, store, export Markdown to `out`."""
    async with database.transaction() as session:
        await ensure_builtin_templates(session)
        found = await find_student(session, student)
        if found is None and student is None:
            await seed_demo_data(session)
            found = await find_student(session, None)
        if found is None:
            raise NotFound(f"No student matches '{student}'.")
        template = await session.get(Template, IDEA_STANDARD_ID)
        assert template is not None  # ensured above
        year = current_academic_year(settings)
        context = await build_context(
            session, settings=settings, student_id=found.id, academic_year=year, template=template
        )
        titles = {s["section_type"]: s["title"] for s in template.sections}
        case_manager = await session.get(User, found.case_manager_id)
    provider = build_provider(settings, database)
    columns = (
        TextColumn("Drafting sections"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("sections", total=len(titles))

            async def progress(completed: int, total: int) -> None:
                bar.update(task, completed=completed, total=total)

            outcome = await generate_sections(provider, context, list(titles), progress=progress)
    finally:
        await close_provider(provider)
    write = write_new_iep(
        job_id=None,
        created_by=found.case_manager_id,
        student_id=found.id,
        template_id=IDEA_STANDARD_ID,
        academic_year=year,
        titles=titles,
        outcome=outcome,
        provider=provider,
        context=context,
    )
    async with database.transaction() as session:
        stored = await write(session)
    assert case_manager is not None  # a student always has a case manager
    async with database.read() as session:
        # The export records its own access-log entry, after the draft is committed.
        exported = await export_iep(
            session, database, Actor.of(case_manager), settings, stored["iep_id"], "md"
        )
    target = out or Path(exported.filename)
    target.write_bytes(exported.content)
    return DemoResult(stored["iep_id"], found.first_name, target, outcome)


def summary_table(result: DemoResult) -> Table:
    report = result.outcome.report
    table = Table(title=f"Draft IEP for {result.student_name} (demo data)")
    table.add_column("Section")
    table.add_column("Drafted by")
    table.add_column("Findings")
    for section_type, drafted in result.outcome.sections.items():
        findings = [f for f in report.findings if f.section_type == section_type]
        table.add_row(
            section_type,
            drafted.generated_by,
            "; ".join(f"{f.severity}: {f.rule}" for f in findings) or "none",
        )
    return table
