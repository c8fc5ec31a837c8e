"""Rate limits and concurrency held across processes through the database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from iepgen.db import Database
from iepgen.errors import ProviderUnavailable
from iepgen.llm.rate_limiter import RateLimiter, RateLimits
from tests.fakes import gemini_server as fake
from tests.fakes.gemini_server import API_KEY, FakeGeminiServer
from tests.fakes.student_context import profile_answer
from tests.integration.llm.conftest import FAST
from tests.integration.llm.rate_limit_worker import WARM_UP

pytestmark = pytest.mark.both_databases

REPO = Path(__file__).resolve().parents[3]


def limits(**overrides: float) -> RateLimits:
    values: dict[str, float] = {
        "requests_per_window": 1000,
        "tokens_per_window": 10_000_000,
        "window_seconds": 1.0,
        "max_concurrency": 20,
        "max_wait_seconds": 5.0,
        "lease_seconds": 30.0,
    }
    values.update(overrides)
    return RateLimits(**values)  # type: ignore[arg-type]


def most_in_any_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(
        (sum(1 for t in ordered[i:] if t < start + window) for i, start in enumerate(ordered)),
        default=0,
    )


async def test_requests_are_paced_under_the_limit_in_every_sliding_window(
    database: Database,
) -> None:
    limiter = RateLimiter(database, "gemini", limits(requests_per_window=5))
    started: list[float] = []

    async def call() -> None:
        async with limiter.slot(10):
            started.append(time.time())

    await asyncio.gather(*(call() for _ in range(8)))

    assert len(started) == 8
    assert most_in_any_window(started, 1.0) <= 5


async def test_tokens_per_window_pace_calls_by_their_size(database: Database) -> None:
    limiter = RateLimiter(database, "gemini", limits(tokens_per_window=1000))
    started: list[float] = []

    async def call() -> None:
        async with limiter.slot(300) as slot:
            started.append(time.time())
            slot.actual_tokens = 300

    await asyncio.gather(*(call() for _ in range(5)))

    # GCRA charges a call as it starts: at most one call's tokens over the budget.
    assert most_in_any_window(started, 1.0) * 300 <= 1000 + 300


async def test_concurrent_calls_are_capped_across_processes(database: Database) -> None:
    processes = [
        RateLimiter(database, "gemini", limits(max_concurrency=2), holder=f"p{i}") for i in range(2)
    ]
    in_flight = 0
    most = 0

    async def call(limiter: RateLimiter) -> None:
        nonlocal in_flight, most
        async with limiter.slot(10):
            in_flight += 1
            most = max(most, in_flight)
            await asyncio.sleep(0.15)
            in_flight -= 1

    await asyncio.gather(*(call(processes[i % 2]) for i in range(8)))
    assert most == 2


async def test_slots_held_by_a_dead_process_are_freed_when_their_lease_expires(
    database: Database,
) -> None:
    dead = RateLimiter(database, "gemini", limits(max_concurrency=1, lease_seconds=0.4))
    reserved, _, _ = await dead._try_reserve(10, time.time())  # and never released
    if reserved is None:  # the very first call only creates the provider's row
        reserved, _, _ = await dead._try_reserve(10, time.time())
    assert reserved is not None

    alive = RateLimiter(database, "gemini", limits(max_concurrency=1, lease_seconds=10))
    async with alive.slot(10):
        pass


async def test_a_provider_imposed_pause_snoozes_instead_of_waiting(database: Database) -> None:
    limiter = RateLimiter(database, "gemini", limits())
    async with limiter.slot(10):
        pass
    await limiter.penalize(60)
    with pytest.raises(ProviderUnavailable) as raised:
        async with limiter.slot(10):
            pass
    assert 55 < raised.value.retry_after_seconds <= 60


@pytest.mark.slow
def test_two_worker_processes_share_the_rate_limit(database_url: str, tmp_path: Path) -> None:
    """Two OS processes, one database: the fake server never sees more than the limit."""
    limit, window = 6, 2.0
    server = FakeGeminiServer()
    server.rate_limit = (limit, window)
    server.responder = lambda _payload: fake.success(profile_answer())
    server.rate_exempt = lambda payload: WARM_UP in fake.prompt_text(payload or {})
    server.start()
    try:
        settings = {
            **FAST,
            "environment": "test",
            "database_url": database_url,
            "llm_provider": "gemini",
            "gemini_api_key": API_KEY,
            "gemini_base_url": server.url,
            "llm_requests_per_minute": limit,
            "llm_rate_window_seconds": window,
            "llm_max_concurrency": 4,
        }
        env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "PYTHONPATH": str(REPO)}
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.integration.llm.rate_limit_worker",
                    orjson.dumps(settings).decode(),
                    str(tmp_path),
                    "6",
                ],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("ready-*"))) < 2:
            assert time.monotonic() < deadline, "workers did not start"
            assert all(w.poll() is None for w in workers), workers[0].stderr
            time.sleep(0.05)
        (tmp_path / "go").touch()
        summaries = []
        for worker in workers:
            out, err = worker.communicate(timeout=90)
            assert worker.returncode == 0, err.decode()[-2000:]
            summaries.append(orjson.loads(out.decode().strip().splitlines()[-1]))
    finally:
        server.stop()

    assert all(s["outcomes"] == ["ok"] * 6 for s in summaries), summaries
    measured = [r for r in server.requests if WARM_UP not in fake.prompt_text(r.json())]
    accepted = [r.received_at for r in measured if r.status == 200]
    assert len(accepted) == 12
    assert server.rejected_by_limit == 0
    assert most_in_any_window(accepted, window) <= limit
