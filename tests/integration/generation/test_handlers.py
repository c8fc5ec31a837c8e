"""Generation jobs end to end on SQLite and PostgreSQL: stored once, versioned, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from iepgen.components import build_handlers
from iepgen.config import Settings
from iepgen.db import Database
from iepgen.errors import ProviderUnavailable
from iepgen.models import IEP, AuditEntry, IEPSection, IEPVersion
from iepgen.queue import PermanentJobError
from iepgen.templates.builtin import SECTION_TYPES
from tests.factories import make_user
from tests.integration.generation.jobs import claim_and_handle, run_job
from tests.integration.generation.records import add_assessment, add_student
from tests.unit.generation.fakes import RecordingProvider
from tests.wiring import offline_handlers

RESULT_KEYS = {
    "iep_id",
    "version",
    "sections_generated",
    "compliance_passed",
    "llm_calls",
    "prompt_tokens",
    "output_tokens",
    "cache_hits",
    "output_repairs",
    "provider",
    "model",
    "instructions_followed",
    "instructions_not_followed",
}


async def _student(database: Database, **overrides: Any) -> tuple[str, str]:
    teacher = await make_user(database)
    student_id = await add_student(database, teacher.id, **overrides)
    await add_assessment(database, student_id)
    return teacher.id, student_id


async def _drafting_notes(database: Database, iep_id: str) -> Any:
    async with database.read() as session:
        iep = await session.get(IEP, iep_id)
        assert iep is not None
        return iep.generated_with["drafting_instructions"]


def _payload(student: str, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "student_id": student,
        "template_id": "idea-standard",
        "academic_year": "2025-2026",
        "include_previous_ieps": True,
        "include_assessments": True,
        "context": "Keep it short; report progress monthly.",
        "section_notes": {"student_profile": "Family prefers morning meetings."},
    }
    payload.update(overrides)
    return payload


async def test_iep_job_stores_one_compliant_draft(database: Database, settings: Settings) -> None:
    teacher_id, student_id = await _student(database)
    registry = offline_handlers()
    ran = await run_job(
        database, settings, registry, "iep_generation", _payload(student_id), teacher_id
    )

    result = ran.job.result
    assert ran.job.status == "completed" and result is not None
    assert set(result) == RESULT_KEYS | {"sections_failed"}
    assert result["sections_generated"] == len(SECTION_TYPES) and result["sections_failed"] == {}
    assert result["compliance_passed"] is True
    assert (result["provider"], result["model"]) == ("offline", "iepgen-offline-2")
    assert result["llm_calls"] == 0
    # Drafting instructions steer the draft: the offline drafter says which it followed.
    assert (result["instructions_followed"], result["instructions_not_followed"]) == (1, 1)
    drafting = await _drafting_notes(database, result["iep_id"])
    assert drafting == [
        {
            "instruction": "Keep it short;",
            "applied": False,
            "how": drafting[0]["how"],
        },
        {
            "instruction": "report progress monthly.",
            "applied": True,
            "how": "Progress reports: monthly.",
        },
    ]
    assert (ran.job.progress_completed, ran.job.progress_total) == (11, 11)

    async with database.read() as session:
        iep = await session.get(IEP, result["iep_id"])
        assert iep is not None
        assert (iep.source_job_id, iep.version, iep.status) == (ran.job.id, 1, "draft")
        assert iep.compliance["passed"] is True
        assert iep.generated_with["provider"] == "offline"
        sections = (
            (
                await session.execute(
                    select(IEPSection)
                    .where(IEPSection.iep_id == iep.id)
                    .order_by(IEPSection.position)
                )
            )
            .scalars()
            .all()
        )
        assert [s.section_type for s in sections] == list(SECTION_TYPES)
        assert all(s.generated_by == "offline" and s.text.strip() for s in sections)
        profile = sections[0]
        assert profile.content["team_notes"] == "Family prefers morning meetings."
        assert all("Keep it short" not in s.text for s in sections)
        reporting = next(s for s in sections if s.section_type == "progress_reporting")
        assert reporting.content["schedule"] == "Monthly"
        assert (iep.meeting_date, iep.end_date) == (date(2025, 8, 15), date(2026, 8, 14))
        assert iep.decisions["areas"][0]["area"] == "reading"
        audit = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "iep.generate"))
        ).scalar_one()
        assert (audit.student_id, audit.entity_id, audit.actor_id) == (
            student_id,
            iep.id,
            teacher_id,
        )


async def test_running_the_writer_again_leaves_one_iep(
    database: Database, settings: Settings
) -> None:
    teacher_id, student_id = await _student(database)
    ran = await run_job(
        database,
        settings,
        offline_handlers(),
        "iep_generation",
        _payload(student_id),
        teacher_id,
    )
    async with database.transaction() as session:
        again = await ran.write(session)
    assert again["iep_id"] == ran.job.result["iep_id"]
    async with database.read() as session:
        assert (await session.execute(select(func.count()).select_from(IEP))).scalar_one() == 1


async def test_section_job_makes_a_new_version_and_keeps_the_rest(
    database: Database, settings: Settings
) -> None:
    teacher_id, student_id = await _student(database)
    registry = offline_handlers()
    first = await run_job(
        database, settings, registry, "iep_generation", _payload(student_id), teacher_id
    )
    iep_id = first.job.result["iep_id"]
    ran = await run_job(
        database,
        settings,
        registry,
        "section_generation",
        {"iep_id": iep_id, "section_type": "services", "context": "Add an OT consult."},
        teacher_id,
    )
    result = ran.job.result
    assert result is not None
    assert set(result) == RESULT_KEYS | {"section_type"}
    assert (result["iep_id"], result["version"], result["section_type"]) == (
        iep_id,
        2,
        "services",
    )
    async with database.read() as session:
        rows = {
            (s.version, s.section_type): s
            for s in (
                await session.execute(select(IEPSection).where(IEPSection.iep_id == iep_id))
            ).scalars()
        }
        # The instruction steered the regeneration; it is not copied into the IEP.
        assert rows[(2, "services")].content["team_notes"] == ""
        assert result["instructions_not_followed"] == 1
        regenerated = (
            await session.execute(
                select(IEPVersion).where(IEPVersion.iep_id == iep_id, IEPVersion.version == 2)
            )
        ).scalar_one()
        assert regenerated.note is not None
        assert 'Instruction "Add an OT consult.": not followed.' in regenerated.note
        assert rows[(2, "present_levels")].content == rows[(1, "present_levels")].content
        assert len([key for key in rows if key[0] == 2]) == len(SECTION_TYPES)
        version = (
            await session.execute(
                select(IEPVersion).where(IEPVersion.iep_id == iep_id, IEPVersion.version == 2)
            )
        ).scalar_one()
        assert (version.change, version.changed_sections, version.job_id) == (
            "regenerated",
            ["services"],
            ran.job.id,
        )
    # A rerun of the same job's writer stores nothing more.
    async with database.transaction() as session:
        assert (await ran.write(session))["version"] == 2
    async with database.read() as session:
        iep = await session.get(IEP, iep_id)
        assert iep is not None and iep.version == 2


async def test_section_job_on_a_final_iep_fails_for_good(
    database: Database, settings: Settings
) -> None:
    teacher_id, student_id = await _student(database)
    registry = offline_handlers()
    first = await run_job(
        database, settings, registry, "iep_generation", _payload(student_id), teacher_id
    )
    async with database.transaction() as session:
        iep = await session.get(IEP, first.job.result["iep_id"])
        assert iep is not None
        iep.status = "final"
    with pytest.raises(PermanentJobError) as raised:
        await claim_and_handle(
            database,
            settings,
            registry,
            "section_generation",
            {"iep_id": iep.id, "section_type": "esy"},
            teacher_id,
        )
    assert raised.value.error_type == "conflict"
    assert "final" in raised.value.message


@pytest.mark.parametrize(
    ("change", "error_type", "words"),
    [
        ({"student_id": "00000000-0000-0000-0000-000000000000"}, "not_found", "student"),
        ({"template_id": "no-such-template"}, "not_found", "template"),
        ({"academic_year": "2025-2027"}, "invalid_input", "academic_year"),
        ({"student_id": None}, "invalid_input", "student_id"),
    ],
)
async def test_bad_references_fail_for_good_with_a_readable_message(
    database: Database,
    settings: Settings,
    change: dict[str, Any],
    error_type: str,
    words: str,
) -> None:
    teacher_id, student_id = await _student(database)
    with pytest.raises(PermanentJobError) as raised:
        await claim_and_handle(
            database,
            settings,
            offline_handlers(),
            "iep_generation",
            _payload(student_id, **change),
            teacher_id,
        )
    assert raised.value.error_type == error_type
    assert words in raised.value.message


async def test_the_process_provider_is_used_and_accounted(
    database: Database, settings: Settings
) -> None:
    teacher_id, student_id = await _student(
        database,
        date_of_birth=date(2009, 3, 1),
        postsecondary_aspirations={
            "education_training": "earn a welding certificate at the technical college",
            "employment": "work as a welder",
            "course_of_study": "Standard diploma courses with the welding pathway at the "
            "career center",
        },
        invited_to_meeting_on=date(2025, 8, 1),
    )
    await add_assessment(
        database,
        student_id,
        name="Career interest inventory",
        area="vocational",
        score=None,
        score_type=None,
        percentile=None,
        summary="Strongest interest in building and repairing things.",
    )
    provider = RecordingProvider()
    registry = build_handlers(provider)
    ran = await run_job(
        database, settings, registry, "iep_generation", _payload(student_id), teacher_id
    )
    result = ran.job.result
    assert result is not None
    assert (result["llm_calls"], result["prompt_tokens"], result["output_tokens"]) == (
        11,
        1100,
        550,
    )
    assert (result["provider"], result["model"]) == ("recording", "recording-1")
    assert result["compliance_passed"] is True
    assert {r.section_type for r in provider.requests} == set(SECTION_TYPES)


async def test_provider_unavailable_propagates_for_the_queue_to_snooze(
    database: Database, settings: Settings
) -> None:
    teacher_id, student_id = await _student(database)
    provider = RecordingProvider()
    provider.script["present_levels"] = lambda r: ProviderUnavailable(
        "The provider's circuit is open.", retry_after_seconds=30
    )
    registry = build_handlers(provider)
    with pytest.raises(ProviderUnavailable):
        await claim_and_handle(
            database, settings, registry, "iep_generation", _payload(student_id), teacher_id
        )
    async with database.read() as session:
        assert (await session.execute(select(func.count()).select_from(IEP))).scalar_one() == 0
