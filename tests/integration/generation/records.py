"""Fictional students, assessments and IEPs written straight to the database for tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from iepgen.db import Database
from iepgen.models import IEP, Assessment, IEPSection, Student


async def add_student(database: Database, case_manager_id: str, **overrides: Any) -> str:
    values: dict[str, Any] = {
        "first_name": "Avery",
        "last_name": "Quill",
        "date_of_birth": date(2013, 5, 20),
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
    values.update(overrides)
    async with database.transaction() as session:
        student = Student(case_manager_id=case_manager_id, **values)
        session.add(student)
        await session.flush()
        return student.id


async def add_assessment(database: Database, student_id: str, **overrides: Any) -> str:
    values: dict[str, Any] = {
        "name": "DIBELS 8 Oral Reading Fluency",
        "area": "reading",
        "administered_on": date(2025, 9, 10),
        "score": 61,
        "score_type": "words_correct_per_minute",
        "percentile": 9,
        "summary": "Read 61 words correct per minute on grade-6 passages (benchmark 120).",
        "evaluator": "Reading specialist",
    }
    values.update(overrides)
    async with database.transaction() as session:
        assessment = Assessment(student_id=student_id, **values)
        session.add(assessment)
        await session.flush()
        return assessment.id


async def add_iep(
    database: Database,
    student_id: str,
    academic_year: str,
    sections: dict[str, dict[str, Any]],
    *,
    status: str = "draft",
) -> str:
    """An IEP with one version holding `sections` (content only; text is a placeholder)."""
    async with database.transaction() as session:
        iep = IEP(
            student_id=student_id,
            template_id="idea-standard",
            academic_year=academic_year,
            status=status,
            version=1,
        )
        session.add(iep)
        await session.flush()
        for position, (section_type, content) in enumerate(sections.items()):
            session.add(
                IEPSection(
                    iep_id=iep.id,
                    version=1,
                    section_type=section_type,
                    position=position,
                    title=section_type,
                    content=content,
                    text=f"{section_type} text",
                    generated_by="offline",
                )
            )
        return iep.id
