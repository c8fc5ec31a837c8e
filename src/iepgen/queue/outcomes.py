"""What an exception from a handler means for its job: retry, snooze, or fail for good.

Messages are for the teacher who submitted the job: what happened and what to do, never a
traceback or a student's data (`IepgenError.message` is written to be shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from iepgen.errors import (
    Conflict,
    InvalidInput,
    InvalidOutput,
    NotFound,
    ProviderRejected,
    ProviderTransientError,
    ProviderUnavailable,
    RateLimited,
)
from iepgen.queue.handlers import PermanentJobError, Snooze

OutcomeKind = Literal["retry", "snooze", "fail"]

UNEXPECTED_MESSAGE = (
    "An unexpected error stopped this job. Try again later; if it keeps happening, ask "
    "your administrator to check the worker logs for this job."
)


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    error_type: str
    message: str
    delay_seconds: float = 0.0


def timeout_outcome(limit_seconds: float) -> Outcome:
    minutes = max(1, round(limit_seconds / 60))
    return Outcome(
        "retry",
        "timeout",
        f"Generating took longer than the {minutes}-minute limit for one attempt.",
    )


def classify(exc: BaseException) -> Outcome:
    """Map a handler's exception to the queue's decision (docs/queue.md "Retries")."""
    match exc:
        case Snooze():
            return Outcome("snooze", "snoozed", exc.reason, exc.retry_after_seconds)
        case PermanentJobError():
            return Outcome("fail", exc.error_type, exc.message)
        case ProviderUnavailable() | RateLimited():
            return Outcome("snooze", "provider_unavailable", exc.message, exc.retry_after_seconds)
        case ProviderRejected():
            return Outcome("fail", "provider_rejected", exc.message)
        case InvalidOutput():
            return Outcome("fail", "invalid_output", exc.message)
        case InvalidInput():
            return Outcome("fail", "invalid_input", exc.message)
        case NotFound():
            return Outcome("fail", "not_found", exc.message)
        case Conflict():
            return Outcome("fail", "conflict", exc.message)
        case ProviderTransientError():
            return Outcome("retry", "provider_error", exc.message)
        case TimeoutError():
            return Outcome("retry", "timeout", "A step of this job timed out.")
        case _:
            return Outcome("retry", "internal_error", UNEXPECTED_MESSAGE)


def final_message(outcome: Outcome, attempts: int) -> str:
    """The message of a transient failure once no attempts are left."""
    plural = "attempt" if attempts == 1 else "attempts"
    return f"{outcome.message.rstrip('.')}. The job stopped after {attempts} {plural}."
