"""Fictional demo data for `make run`: a teacher, an admin, three students with assessments.

Every name, date and score here is invented for the demo; none describes a real student.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.models import Assessment, Student, User
from iepgen.users.security import hash_password
from iepgen.users.service import create_user, issue_token

DEMO_ACCOUNTS = (
    ("demo.teacher", "teacher", "demo-teacher-1", "Jordan Ellis"),
    ("demo.admin", "admin", "demo-admin-1", "Casey Morgan"),
)


def _years_ago(years: int, month: int, day: int) -> date:
    return date(date.today().year - years, month, day)


def _demo_students() -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    recent = date.today() - timedelta(days=45)
    return [
        (
            {
                "first_name": "Maya",
                "last_name": "Lopez",
                "date_of_birth": _years_ago(13, 4, 17),
                "grade_level": "8",
                "school": "Lincoln Middle School",
                "student_number": "DEMO-10442",
                "disability_category": "specific_learning_disability",
                "secondary_disabilities": ["speech_language_impairment"],
                "primary_language": "Spanish",
                "english_learner": True,
                "parent_guardian_names": ["Rosa Lopez"],
                "strengths": "Strong visual memory; persistent; enjoys science labs.",
                "interests": "Drawing, soccer",
                "parent_concerns": "Reading homework takes hours; wants her in general science.",
                "notes": "Uses a tablet with text-to-speech at home.",
                "english_learning": {
                    "proficiency_level": "WIDA composite 3.2 (developing)",
                    "proficiency_test": "WIDA ACCESS for ELLs",
                    "tested_on": (recent - timedelta(days=240)).isoformat(),
                    "el_services": "English language development, 45 minutes daily",
                },
                "document_language": "Spanish",
                "percent_in_general_education": 85,
                "last_evaluation_on": recent,
                "student_input": "I like science labs. Long reading takes me too long.",
            },
            [
                {
                    "name": "Woodcock-Johnson IV Tests of Achievement",
                    "area": "reading",
                    "administered_on": recent,
                    "score": 78,
                    "score_type": "standard_score",
                    "percentile": 7,
                    "summary": "Reading fluency 52 words correct per minute on grade-5 "
                    "passages (grade-8 norm 150).",
                    "evaluator": "School psychologist",
                    "finding": "need",
                },
                {
                    "name": "Writing sample rubric",
                    "area": "writing",
                    "administered_on": recent,
                    "score": 2,
                    "score_type": "rubric_score",
                    "percentile": None,
                    "summary": "Scored 2 of 6 on the district writing rubric; paragraphs "
                    "lack topic sentences.",
                    "evaluator": "Special education teacher",
                    "finding": "need",
                },
            ],
        ),
        (
            {
                "first_name": "Theo",
                "last_name": "Nakamura",
                "date_of_birth": _years_ago(9, 11, 2),
                "grade_level": "3",
                "school": "Maple Elementary School",
                "student_number": "DEMO-20871",
                "disability_category": "autism",
                "secondary_disabilities": [],
                "primary_language": "English",
                "english_learner": False,
                "parent_guardian_names": ["Ken Nakamura", "Alice Nakamura"],
                "strengths": "Excellent rote memory; loves trains and maps; follows visual "
                "schedules.",
                "interests": "Trains, maps, building blocks",
                "parent_concerns": "Meltdowns at transitions; few friends at recess.",
                "notes": None,
                "behavior": {
                    "target_behavior": "leaves the classroom or shuts down",
                    "antecedents": "an activity ends without warning",
                    "hypothesized_function": "escape",
                    "replacement_behavior": "ask for a break with a break card",
                    "functional_behavior_assessment_on": recent.isoformat(),
                },
                "percent_in_general_education": 90,
                "last_evaluation_on": _years_ago(2, 10, 1),
            },
            [
                {
                    "name": "Functional behaviour assessment",
                    "area": "behavior",
                    "administered_on": recent,
                    "score": 6,
                    "score_type": "incidents_per_week",
                    "percentile": None,
                    "summary": "Averaged 6 elopement or shutdown incidents per week during "
                    "unstructured transitions.",
                    "evaluator": "Board-certified behaviour analyst",
                },
                {
                    "name": "Social skills observation",
                    "area": "social_emotional",
                    "administered_on": recent,
                    "score": 1,
                    "score_type": "peer_initiations_per_recess",
                    "percentile": None,
                    "summary": "Initiated 1 peer interaction per 20-minute recess across "
                    "5 observations.",
                    "evaluator": "School counselor",
                    "finding": "need",
                },
            ],
        ),
        (
            {
                "first_name": "Jordan",
                "last_name": "Whitfield",
                "date_of_birth": _years_ago(16, 2, 9),
                "grade_level": "11",
                "school": "Riverside High School",
                "student_number": "DEMO-30115",
                "disability_category": "other_health_impairment",
                "secondary_disabilities": [],
                "primary_language": "English",
                "english_learner": False,
                "parent_guardian_names": ["Dana Whitfield"],
                "strengths": "Articulate; strong in hands-on tasks; works part-time.",
                "interests": "Auto mechanics, music",
                "parent_concerns": "Missing assignments; wants a plan after graduation.",
                "notes": "ADHD diagnosis; medication managed by family physician.",
                "postsecondary_aspirations": {
                    "education_training": "earn an automotive technology certificate at the "
                    "technical college",
                    "employment": "work as an automotive service technician",
                    "course_of_study": "Standard diploma courses with the automotive "
                    "technology pathway at the career center in grades 11 and 12",
                },
                "invited_to_meeting_on": recent,
                "percent_in_general_education": 92,
                "last_evaluation_on": _years_ago(1, 9, 20),
            },
            [
                {
                    "name": "Curriculum-based measurement, math computation",
                    "area": "math",
                    "administered_on": recent,
                    "score": 14,
                    "score_type": "digits_correct_per_minute",
                    "percentile": 12,
                    "summary": "14 correct digits per minute on grade-9 computation probes.",
                    "evaluator": "Math intervention teacher",
                },
                {
                    "name": "Transition interest inventory",
                    "area": "vocational",
                    "administered_on": recent,
                    "score": None,
                    "score_type": None,
                    "percentile": None,
                    "summary": "Highest interest in mechanical and automotive careers; wants "
                    "a technical college certificate.",
                    "evaluator": "Transition coordinator",
                },
            ],
        ),
    ]


async def seed_demo_data(session: AsyncSession) -> list[tuple[str, str, str, str]]:
    """Create the demo accounts and students if missing; returns (user, role, pw, token)."""
    accounts: list[tuple[str, str, str, str]] = []
    users: dict[str, User] = {}
    for username, role, password, display_name in DEMO_ACCOUNTS:
        user = (
            await session.execute(select(User).where(User.username == username))
        ).scalar_one_or_none()
        if user is None:
            user, token = await create_user(
                session,
                username=username,
                role=role,
                password=password,
                display_name=display_name,
            )
        else:
            user.password_hash = hash_password(password)
            token, _ = await issue_token(session, user, label="seed-demo")
        users[role] = user
        accounts.append((username, role, password, token))

    teacher = users["teacher"]
    for profile, assessments in _demo_students():
        exists = (
            await session.execute(
                select(Student.id).where(Student.student_number == profile["student_number"])
            )
        ).scalar_one_or_none()
        if exists:
            continue
        student = Student(case_manager_id=teacher.id, **profile)
        session.add(student)
        await session.flush()
        for assessment in assessments:
            session.add(Assessment(student_id=student.id, created_by=teacher.id, **assessment))
    await session.flush()
    return accounts
