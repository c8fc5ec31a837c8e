"""The durable job queue (spec/queue.md): one SQL table, leased claims, fenced writes.

Callers use `manager` (enqueue, cancel, retry, stats, cleanup) and `notifier` (wake-ups);
job types plug in through `handlers`; `worker` runs them.
"""

from iepgen.queue.handlers import (
    Handler,
    HandlerRegistry,
    JobContext,
    PermanentJobError,
    Snooze,
    WriteOutput,
    build_handler_registry,
)
from iepgen.queue.manager import (
    JobSpec,
    cleanup,
    dedupe_key_for,
    enqueue,
    enqueue_many,
    get_job,
    queue_stats,
    request_cancel,
    retry_job,
)
from iepgen.queue.notifier import JobNotifier, JobSubscription
from iepgen.queue.signals import JobEvent

__all__ = [
    "Handler",
    "HandlerRegistry",
    "JobContext",
    "JobEvent",
    "JobNotifier",
    "JobSpec",
    "JobSubscription",
    "PermanentJobError",
    "Snooze",
    "WriteOutput",
    "build_handler_registry",
    "cleanup",
    "dedupe_key_for",
    "enqueue",
    "enqueue_many",
    "get_job",
    "queue_stats",
    "request_cancel",
    "retry_job",
]
