"""A teacher with one student and a stored IEP (the example content), for export tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from iepgen.config import Settings
from iepgen.db import Database
from tests.factories import Caller, add_iep, add_iep_student, example_iep_content, make_user


@dataclass(frozen=True)
class ExportRecords:
    teacher: Caller
    student_id: str
    iep_id: str

    def url(self, export_format: str) -> str:
        return f"/api/v1/ieps/{self.iep_id}/export?format={export_format}"

    @property
    def code(self) -> str:
        """The document code file names carry: the IEP id's first six characters."""
        return self.iep_id.replace("-", "")[:6]

    @property
    def meeting(self) -> str:
        return f"/api/v1/ieps/{self.iep_id}/meeting"

    def document(self, kind: str, query: str = "") -> str:
        return f"/api/v1/ieps/{self.iep_id}/documents/{kind}{'?' + query if query else ''}"


@pytest.fixture
async def records(database: Database, settings: Settings) -> ExportRecords:
    teacher = await make_user(database, "teacher", display_name="Jordan Ellis")
    student_id, assessment_id = await add_iep_student(database, teacher.id)
    content = example_iep_content(assessment_id)
    iep_id = await add_iep(database, settings, student_id, content, created_by=teacher.id)
    return ExportRecords(teacher, student_id, iep_id)
