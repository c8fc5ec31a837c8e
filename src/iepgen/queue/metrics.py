"""Prometheus metrics the worker observes as jobs end. Labels: job type and outcome only."""

from __future__ import annotations

from typing import Final

from prometheus_client import Histogram

JOB_DURATION: Final = Histogram(
    "iepgen_job_duration_seconds",
    "Wall time of one job attempt in a worker, from claim to its final write, by outcome.",
    ["job_type", "outcome"],
    buckets=(0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600),
)


def observe_job(job_type: str, outcome: str, seconds: float) -> None:
    """Record one attempt that ended `completed`, `failed`, `cancelled`, `retry` or `snoozed`."""
    JOB_DURATION.labels(job_type=job_type, outcome=outcome).observe(max(0.0, seconds))
