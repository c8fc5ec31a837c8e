"""`/metrics` with `iepgen worker` processes beside the API: their job metrics reach it
through prometheus-client's multiprocess mode (`PROMETHEUS_MULTIPROC_DIR`)."""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

import httpx
import pytest

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.queue import SELFCHECK_JOB_TYPE
from tests.integration.queue.conftest import add_job, wait_for
from tests.integration.queue.fleet import spawn

IEPGEN = str(Path(sys.executable).parent / "iepgen")
DURATION_COUNT = re.compile(
    r'^iepgen_job_duration_seconds_count\{job_type="queue_selfcheck",outcome="completed"\} '
    r"([0-9.]+)$",
    re.MULTILINE,
)

pytestmark = pytest.mark.slow


async def test_job_metrics_of_worker_processes_reach_the_api(
    database: Database,
    settings: Settings,
    client: httpx.AsyncClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    command = [IEPGEN, "worker", "--workers", "2", "--poll-interval", "0.2"]
    process = spawn(command, settings.database_url, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    try:
        jobs = [await add_job(database, SELFCHECK_JOB_TYPE) for _ in range(4)]
        for job in jobs:
            assert (await wait_for(database, job.id, within=60)).status == "completed"
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output.decode(errors="replace")[-2000:]

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
    merged = (await client.get("/metrics")).text
    found = DURATION_COUNT.search(merged)
    assert found is not None, merged[:2000]
    assert float(found.group(1)) == 4.0  # two processes' files, summed
    # The scrape's own queue gauges are served once, not merged from the files.
    assert merged.count("# TYPE iepgen_jobs gauge") == 1
    assert 'iepgen_jobs{job_type="queue_selfcheck",status="completed"} 4.0' in merged
