"""Per-user submission limit: over it, 429 with Retry-After; other users are unaffected."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iepgen.app import create_app
from iepgen.config import Settings
from iepgen.db import Database
from tests.integration.jobs.support import iep_request
from tests.security.world import World

pytestmark = pytest.mark.both_databases

LIMIT = 3


def _distinct_request(student_id: str, n: int) -> dict[str, object]:
    # Different context each time, so no submission is a duplicate of another.
    return iep_request(student_id, context=f"Submission number {n}.")


async def test_submissions_over_the_per_user_limit_get_429_with_retry_after(
    settings: Settings, database: Database, world: World
) -> None:
    limited = settings.model_copy(update={"submissions_per_minute": LIMIT})
    app = create_app(limited, database)
    teacher, other = world.teacher, world.other_teacher
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

            async def submit(
                caller_headers: dict[str, str], body: dict[str, object]
            ) -> httpx.Response:
                return await client.post(
                    "/api/v1/jobs/iep-generation", json=body, headers=caller_headers
                )

            # The world already queued two jobs per teacher within this minute (one ran,
            # one was cancelled): they count toward the limit as any submission does.
            answers = await asyncio.gather(
                *(
                    submit(teacher.headers, _distinct_request(world.mine.student_id, n))
                    for n in range(8)
                )
            )
            others = await submit(other.headers, _distinct_request(world.theirs.student_id, 99))
            retried = await client.post(
                f"/api/v1/jobs/{world.mine.cancelled_job_id}/retry", headers=teacher.headers
            )
    codes = sorted(response.status_code for response in answers)
    accepted = LIMIT - 2
    assert codes == [202] * accepted + [429] * (8 - accepted), codes
    for response in answers:
        if response.status_code == 429:
            wait = int(response.headers["retry-after"])
            assert 1 <= wait <= 60
            assert "per minute" in response.json()["detail"]
    # The other teacher had two submissions too: one more fits under their own limit.
    assert others.status_code == 202, others.text
    # A retry is a submission: it is limited the same way.
    assert retried.status_code == 429 and retried.headers["retry-after"].isdigit()
