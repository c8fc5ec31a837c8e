"""Factories for fictional users, students and assessments (no real student data, ever)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from iepgen.db import Database
from iepgen.users.service import create_user


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
