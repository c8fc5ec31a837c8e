"""The durable job queue (docs/queue.md): one SQL table, leased claims, fenced writes.

Callers use `manager` (enqueue, find, list, cancel, retry, stats, cleanup) and `notifier`
(wake-ups); job types plug in as the handlers a worker is given; `worker` runs them. The
queue imports nothing above the database: it knows job types only by name.
"""

from iepgen.models.job import (
    ACTIVE_STATUSES,
    FINAL_STATUSES,
    FINISHED_STATUSES,
    RETRYABLE_STATUSES,
    JobStatus,
)
from iepgen.queue.handlers import (
    SELFCHECK_JOB_TYPE,
    Handler,
    HandlerRegistry,
    JobContext,
    PermanentJobError,
    Snooze,
    WriteOutput,
    run_selfcheck_job,
)
from iepgen.queue.manager import (
    JobSpec,
    cleanup,
    dedupe_key_for,
    enqueue,
    enqueue_many,
    find_active,
    find_by_idempotency_key,
    get_job,
    list_jobs,
    lock_submitter,
    nth_newest_since,
    queue_stats,
    raise_pending_priority,
    request_cancel,
    retry_job,
    take_snapshot,
)
from iepgen.queue.notifier import JobNotifier, JobSubscription
from iepgen.queue.signals import JobEvent
from iepgen.queue.stats import QueueSnapshot, result_totals

__all__ = [
    "ACTIVE_STATUSES",
    "FINAL_STATUSES",
    "FINISHED_STATUSES",
    "RETRYABLE_STATUSES",
    "SELFCHECK_JOB_TYPE",
    "Handler",
    "HandlerRegistry",
    "JobContext",
    "JobEvent",
    "JobNotifier",
    "JobSpec",
    "JobStatus",
    "JobSubscription",
    "PermanentJobError",
    "QueueSnapshot",
    "Snooze",
    "WriteOutput",
    "cleanup",
    "dedupe_key_for",
    "enqueue",
    "enqueue_many",
    "find_active",
    "find_by_idempotency_key",
    "get_job",
    "list_jobs",
    "lock_submitter",
    "nth_newest_since",
    "queue_stats",
    "raise_pending_priority",
    "request_cancel",
    "result_totals",
    "retry_job",
    "run_selfcheck_job",
    "take_snapshot",
]
