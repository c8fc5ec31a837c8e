"""Factories for fictional users, students and assessments (no real student data, ever)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.generation.compliance import check_iep
from iepgen.generation.inputs import build_context
from iepgen.ieps.service import SectionDraft, create_iep
from iepgen.models import Assessment, AuditEntry, Student
from iepgen.sections import parse_section_content
from iepgen.templates.builtin import IDEA_STANDARD_ID
from iepgen.templates.service import get_template
from iepgen.users.service import create_user
from tests.unit.sections.examples import ASSESSMENT_ID as EXAMPLE_ASSESSMENT_ID
from tests.unit.sections.examples import VALID_CONTENT


@dataclass(frozen=True)
class Caller:
    """A signed-in user as a test sees them: id, token and ready-made headers."""

    id: str
    username: str
    role: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


_counter = 0


async def make_user(database: Database, role: str = "teacher", **kw: Any) -> Caller:
    global _counter
    _counter += 1
    username = kw.pop("username", f"{role}{_counter}")
    async with database.transaction() as session:
        user, token = await create_user(session, username=username, role=role, **kw)
    return Caller(id=user.id, username=username, role=role, token=token)


def student_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "first_name": "Avery",
        "last_name": "Quill",
        "date_of_birth": (date.today() - timedelta(days=365 * 12 + 40)).isoformat(),
        "grade_level": "6",
        "school": "Harbor View Middle School",
        "student_number": "T-0001",
        "disability_category": "specific_learning_disability",
        "secondary_disabilities": [],
        "primary_language": "English",
        "english_learner": False,
        "strengths": "Curious; strong oral vocabulary.",
        "interests": "Robotics",
        "parent_concerns": "Falls behind in reading assignments.",
    }
    body.update(overrides)
    return body


def assessment_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "DIBELS 8 Oral Reading Fluency",
        "area": "reading",
        "administered_on": (date.today() - timedelta(days=20)).isoformat(),
        "score": 61,
        "score_type": "words_correct_per_minute",
        "percentile": 9,
        "summary": "Read 61 words correct per minute on grade-6 passages (benchmark 120).",
        "evaluator": "Reading specialist",
    }
    body.update(overrides)
    return body


async def create_student(client: httpx.AsyncClient, caller: Caller, **overrides: Any) -> str:
    response = await client.post(
        "/api/v1/students", json=student_body(**overrides), headers=caller.headers
    )
    assert response.status_code == 201, response.text
    student_id: str = response.json()["id"]
    return student_id


# A fictional grade-8 student whose records support tests/unit/sections/examples.py's
# 2025-2026 IEP content exactly (the compliance checker passes it with no findings).
IEP_YEAR = "2025-2026"


async def add_iep_student(database: Database, case_manager_id: str) -> tuple[str, str]:
    """A student and the reading assessment the example IEP cites: (student_id, assessment_id)."""
    async with database.transaction() as session:
        student = Student(
            case_manager_id=case_manager_id,
            first_name="Maya",
            last_name="Lopez",
            date_of_birth=date(2011, 4, 17),
            grade_level="8",
            school="Lincoln Middle School",
            disability_category="specific_learning_disability",
            secondary_disabilities=["speech_language_impairment"],
            primary_language="Spanish",
            english_learner=True,
        )
        session.add(student)
        await session.flush()
        assessment = Assessment(
            student_id=student.id,
            name="Woodcock-Johnson IV Tests of Achievement",
            area="reading",
            administered_on=date(2025, 9, 15),
            score=78,
            score_type="standard_score",
            percentile=7,
            summary="Reading fluency 52 words correct per minute on grade-5 passages "
            "(grade-8 norm 150).",
        )
        session.add(assessment)
        await session.flush()
        return student.id, assessment.id


def example_iep_content(assessment_id: str) -> dict[str, dict[str, Any]]:
    """The example content of every section, citing `assessment_id` (a fresh deep copy)."""
    text = json.dumps(VALID_CONTENT).replace(EXAMPLE_ASSESSMENT_ID, assessment_id)
    content: dict[str, dict[str, Any]] = json.loads(text)
    return content


async def add_iep(
    database: Database,
    settings: Settings,
    student_id: str,
    content: dict[str, dict[str, Any]],
    *,
    created_by: str | None = None,
) -> str:
    """Store an IEP the way the pipeline does: parsed sections, real compliance, version 1."""
    async with database.transaction() as session:
        parsed = {kind: parse_section_content(kind, body) for kind, body in content.items()}
        template = await get_template(session, IDEA_STANDARD_ID)
        titles = {s["section_type"]: s["title"] for s in template.sections}
        context = await build_context(
            session,
            settings=settings,
            student_id=student_id,
            academic_year=IEP_YEAR,
            template=template,
        )
        iep = await create_iep(
            session,
            student_id=student_id,
            template_id=IDEA_STANDARD_ID,
            academic_year=IEP_YEAR,
            sections=[
                SectionDraft(
                    section_type=kind,
                    title=titles[kind],
                    content=section.model_dump(mode="json"),
                    text=section.render_text(),
                    generated_by="offline",
                )
                for kind, section in parsed.items()
            ],
            compliance=check_iep(parsed, context).as_dict(),
            created_by=created_by,
            source_job_id=None,
            generated_with={"provider": "offline", "model": "offline-drafter"},
            dates=context.dates,
        )
        return iep.id


async def count_rows(database: Database, model: type[Any], **where: Any) -> int:
    """How many rows of `model` match `where` (column=value)."""
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    async with database.read() as session:
        total: int = (await session.execute(query)).scalar_one()
    return total


async def audit_actions(database: Database, student_id: str) -> list[str]:
    """The audit actions recorded about a student, oldest first."""
    async with database.read() as session:
        rows = await session.execute(
            select(AuditEntry.action)
            .where(AuditEntry.student_id == student_id)
            .order_by(AuditEntry.id)
        )
        return list(rows.scalars())


async def review_all_sections(
    client: httpx.AsyncClient, iep_id: str, headers: dict[str, str]
) -> None:
    """Mark every section of the IEP reviewed, as a person must before finalizing."""
    body = (await client.get(f"/api/v1/ieps/{iep_id}", headers=headers)).json()
    for section in body["sections"]:
        response = await client.post(
            f"/api/v1/ieps/{iep_id}/sections/{section['section_type']}/review", headers=headers
        )
        assert response.status_code == 200, response.text


def complete_student_body(**overrides: Any) -> dict[str, Any]:
    """A fictional 16-year-old with every field of the record filled in (the API's body).

    A DeafBlind student who signs, reads braille, transferred from another state and is
    learning English: every part of the record is in use, every free text is distinct, so
    a page can be checked for each one.
    """

    def days_ago(days: int) -> str:
        return (date.today() - timedelta(days=days)).isoformat()

    body = student_body(
        first_name="Lena",
        last_name="Okafor",
        date_of_birth=(date.today() - timedelta(days=365 * 16 + 30)).isoformat(),
        grade_level="10",
        school="Juniper Ridge High School",
        student_number="T-4471",
        disability_category="deaf_blindness",
        secondary_disabilities=["speech_language_impairment"],
        primary_language="Spanish",
        english_learner=True,
        alternate_assessment=True,
        parent_guardian_names=["Grace Okafor", "Samuel Okafor"],
        strengths="Remembers routes after one walk-through; patient with new tools.",
        interests="Swimming, audiobooks about space",
        parent_concerns="Wants her to travel to school on her own by next year.",
        notes="Prefers the front-left seat, away from the window glare.",
        document_language="Spanish",
        communication={
            "language": "American Sign Language",
            "mode": "combined",
            "uses_interpreter": True,
            "hears_speech": False,
            "hearing_technology": "Bilateral cochlear implants, not used at school",
            "aac_device": "Braille note-taker with speech output",
            "notes": "Tactile signing when the room is dim.",
        },
        vision={
            "functional_vision": "functionally_blind",
            "learning_media": ["braille", "auditory"],
            "braille_codes": ["ueb", "nemeth"],
            "learning_media_assessment_on": days_ago(120),
            "braille_not_appropriate": False,
            "orientation_and_mobility": "Uses a long cane; travels the school on her own.",
        },
        behavior={
            "target_behavior": "Pushes materials off the desk",
            "antecedents": "New tasks given without a tactile preview.",
            "hypothesized_function": "escape",
            "replacement_behavior": "Signs BREAK and takes a two-minute break",
            "functional_behavior_assessment_on": days_ago(90),
            "behavior_plan_on": days_ago(60),
            "removals_this_year_days": 2,
        },
        english_learning={
            "proficiency_level": "WIDA composite 2.4 (emerging)",
            "proficiency_test": "WIDA Alternate ACCESS",
            "tested_on": days_ago(200),
            "el_services": "Designated English language development, 30 minutes daily",
        },
        transfer={
            "kind": "out_of_state",
            "previous_district": "Cedar Ridge Unified",
            "previous_iep_on": days_ago(300),
            "previous_services": "Braille instruction 5 hours a week; interpreter all day.",
            "records_received": True,
            "records_requested_on": days_ago(30),
            "enrolled_on": days_ago(35),
        },
        postsecondary_aspirations={
            "education_training": "Study massage therapy at the community college.",
            "employment": "Work at a spa.",
            "independent_living": "Share an apartment with a friend.",
            "course_of_study": "Standard diploma with the health-sciences pathway.",
        },
        extended_school_year={
            "regression_recoupment": "significant",
            "emerging_skills": "Reading contracted braille words",
            "summary": "Lost 12 braille words over winter break; regained them in 6 weeks.",
        },
        student_input="I want to read faster and get a job.",
        health_plan="Seizure action plan on file with the school nurse.",
        percent_in_general_education=45,
        last_evaluation_on=days_ago(400),
        reevaluation_due_on=(date.today() + timedelta(days=700)).isoformat(),
        invited_to_meeting_on=days_ago(10),
        transfer_of_rights_informed_on=days_ago(5),
    )
    body.update(overrides)
    return body
