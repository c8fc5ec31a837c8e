"""Hard corpus students drafted by the real worker and exported: what a case manager signs.

Each assertion is a decision a reviewer checked on paper: who signs for this student, who
gets the progress reports, what a draft may and may not state as done.
"""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from iepgen.config import Settings
from iepgen.db import Database
from tests.corpus.students import CASES
from tests.factories import make_user
from tests.integration.jobs.support import running_worker, submit
from tests.integration.test_record_and_decisions_api import enter, generation
from tests.wiring import offline_handlers

KEYS = ("graduating_senior", "speech_sounds_only", "preschooler", "deaf_asl_el", "ed_with_fba")


async def _draft_all(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> dict[str, str]:
    """Markdown of each student's drafted IEP, by corpus key."""
    teacher = await make_user(database)
    drafts: dict[str, str] = {}
    async with running_worker(app, settings, offline_handlers()):
        for key in KEYS:
            student_id = await enter(client, teacher, CASES[key])
            submitted = await submit(client, teacher, generation(student_id))
            done = await client.get(
                f"/api/v1/jobs/{submitted.json()['id']}/poll?timeout_seconds=60",
                headers=teacher.headers,
            )
            iep_id = done.json()["result"]["iep_id"]
            exported = await client.get(
                f"/api/v1/ieps/{iep_id}/export?format=md", headers=teacher.headers
            )
            assert exported.status_code == 200, exported.text
            drafts[key] = exported.text
    return drafts


def _signature_rows(markdown: str) -> list[str]:
    table = markdown.split("**IEP team**", 1)[1]
    return [
        line.split("|")[1].strip()
        for line in table.splitlines()
        if line.startswith("| ") and not line.startswith(("| Role", "| ---"))
    ]


async def test_what_the_signed_documents_say_for_hard_students(
    app: FastAPI, client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    drafts = await _draft_all(app, client, database, settings)

    senior = drafts["graduating_senior"]
    # Rights passed before the meeting: the past tense, the adult student signs first and
    # gets the reports.
    assert "turned 18 on" in senior and "passed from the parents" in senior
    assert _signature_rows(senior)[0].startswith("Student (an adult")
    assert "sends Marisol a written report" in senior

    speech = drafts["speech_sounds_only"]
    assert "Special education provider (speech-language pathologist)" in _signature_rows(speech)
    assert "Strengths:" in speech  # asked, since the record holds none

    preschool = _signature_rows(drafts["preschooler"])
    assert "Regular early childhood teacher" in preschool
    assert "General education teacher" not in preschool

    deaf = drafts["deaf_asl_el"]
    assert "Interpreter (Spanish)" in _signature_rows(deaf)
    assert "interpreter will be provided at meetings" in deaf
    assert "joins meetings" not in deaf
    # A draft proposes whether each special factor applies; it does not record them as
    # considered, and it never carries the staff review sheet.
    assert "| Considered |" not in deaf and "Applies (proposed)" in deaf
    assert "Staff review sheet" not in deaf

    behavior = drafts["ed_with_fba"]
    assert "leaves the classroom without permission: how often does this happen now?" in behavior
    for draft in drafts.values():
        assert "teacher1" not in draft  # a login name never prints in an IEP
        assert "with report cards" not in draft
