"""The numbers a worker runs by: slots, poll interval, lease, timeouts, grace, retention."""

from __future__ import annotations

from dataclasses import dataclass

from iepgen.config import Settings


@dataclass(frozen=True)
class WorkerOptions:
    """From settings unless the command line overrides them."""

    concurrency: int
    poll_interval: float
    claim_timeout: float
    job_timeout: float
    shutdown_grace: float
    job_retention_days: int = 30
    archive_retention_days: int = 365
    cancel_check_interval: float = 1.0
    cleanup_interval: float = 3600.0

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        concurrency: int | None = None,
        poll_interval: float | None = None,
        claim_timeout: float | None = None,
    ) -> WorkerOptions:
        return cls(
            concurrency=concurrency or settings.worker_concurrency,
            poll_interval=poll_interval or settings.poll_interval,
            claim_timeout=claim_timeout or settings.claim_timeout,
            job_timeout=settings.job_timeout_seconds,
            shutdown_grace=settings.shutdown_grace_seconds,
            job_retention_days=settings.job_retention_days,
            archive_retention_days=settings.archive_retention_days,
        )

    @property
    def heartbeat_interval(self) -> float:
        """Leases are renewed every quarter of their length."""
        return self.claim_timeout / 4
