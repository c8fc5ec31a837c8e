"""The provider fails 30% of calls at random (503 from the fake Gemini server, real SDK):
every job ends completed (retries, backoff, the circuit) or failed with a clear message;
none is stuck, none leaves a half-written IEP.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.models import IEP
from tests.factories import make_user
from tests.fakes import gemini_server as gemini_fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.model_answers import AnswerBook, offline_answers
from tests.fakes.scripted_server import Reply
from tests.faults.harness import (
    add_caseload,
    all_final,
    eventually,
    ieps_per_job,
    jobs_by_id,
    statuses,
    submit_iep_jobs,
)
from tests.integration.llm.conftest import gemini_settings
from tests.integration.queue.conftest import running_worker
from tests.wiring import handlers_for

pytestmark = [pytest.mark.slow, pytest.mark.faults]

JOBS, FAILURE_RATE = 6, 0.3


class FlakyResponder:
    """Answers 503 to a seeded 30% of calls, else what the model would write."""

    def __init__(self, answer: Any, seed: int) -> None:
        self.answer = answer
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.failed = self.answered = 0

    def __call__(self, payload: Any) -> Reply:
        with self.lock:
            fail = self.random.random() < FAILURE_RATE
            self.failed += fail
            self.answered += not fail
        return gemini_fake.server_error(503) if fail else self.answer(payload)


@pytest.fixture
def gemini() -> Iterator[FakeGeminiServer]:
    server = FakeGeminiServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_a_provider_failing_30_percent_of_calls_leaves_no_job_stuck(
    database: Database, settings: Settings, gemini: FakeGeminiServer
) -> None:
    flaky = gemini_settings(
        settings.database_url,
        gemini,
        llm_max_retries=2,
        # Above any run of failures a 30% rate makes here: this test is about retries and
        # backoff (the circuit has its own tests), and an open circuit snoozes whole jobs.
        circuit_failure_threshold=10,
        circuit_reset_seconds=0.5,
        retry_base_seconds=0.05,
        retry_max_seconds=0.2,
        llm_cache_enabled=False,
    )
    teacher = await make_user(database)
    students = await add_caseload(database, teacher.id, JOBS)
    book = AnswerBook()
    for student_id in students:
        answers, assessment_ids = await offline_answers(database, flaky, student_id)
        book.add(answers, assessment_ids)
    responder = FlakyResponder(book.responder(gemini_fake.prompt_text, gemini_fake.success), 7)
    gemini.responder = responder
    job_ids = await submit_iep_jobs(database, teacher.id, students, JOBS)

    async with (
        handlers_for(flaky, database) as handlers,
        running_worker(database, flaky, handlers, concurrency=4),
    ):
        assert await eventually(lambda: all_final(database, job_ids), within=120)

    assert responder.failed >= 0.2 * (responder.failed + responder.answered)
    counts = await statuses(database, job_ids)
    assert set(counts) <= {"completed", "failed"} and counts.get("completed", 0) >= JOBS // 2
    jobs = await jobs_by_id(database, job_ids)
    completed = [job.id for job in jobs.values() if job.status == "completed"]
    assert await ieps_per_job(database) == dict.fromkeys(completed, 1)
    for job in jobs.values():
        if job.status == "failed":
            error = job.error or {}
            assert error.get("type") and len(str(error.get("message", ""))) > 20, error
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(IEP)) == len(completed)
