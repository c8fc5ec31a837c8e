"""What each failure means for its job, in words a teacher can act on."""

from __future__ import annotations

import pytest

from iepgen.errors import (
    Conflict,
    InvalidInput,
    InvalidOutput,
    NotFound,
    ProviderRejected,
    ProviderTransientError,
    ProviderUnavailable,
)
from iepgen.queue.handlers import PermanentJobError, Snooze
from iepgen.queue.outcomes import UNEXPECTED_MESSAGE, classify, final_message, timeout_outcome


def test_snooze_and_an_unavailable_provider_wait_without_failing() -> None:
    snooze = classify(Snooze(12.5, "The provider asked us to wait."))
    assert (snooze.kind, snooze.delay_seconds) == ("snooze", 12.5)
    busy = classify(ProviderUnavailable("The AI service is paused.", retry_after_seconds=30))
    assert (busy.kind, busy.error_type, busy.delay_seconds) == (
        "snooze",
        "provider_unavailable",
        30,
    )


@pytest.mark.parametrize(
    ("exc", "error_type"),
    [
        (PermanentJobError("bad_payload", "The job is missing its student."), "bad_payload"),
        (ProviderRejected("The API key was refused."), "provider_rejected"),
        (InvalidInput("The academic year is not valid."), "invalid_input"),
        (NotFound("The student no longer exists."), "not_found"),
        (InvalidOutput("The draft did not validate."), "invalid_output"),
        (Conflict("The IEP is final."), "conflict"),
    ],
)
def test_permanent_errors_fail_at_once_with_their_message(exc: Exception, error_type: str) -> None:
    outcome = classify(exc)
    assert (outcome.kind, outcome.error_type, outcome.message) == ("fail", error_type, str(exc))


def test_transient_errors_retry() -> None:
    assert classify(ProviderTransientError("The AI service timed out.")).kind == "retry"
    assert classify(TimeoutError()).error_type == "timeout"


def test_an_unexpected_exception_retries_and_never_shows_its_text() -> None:
    outcome = classify(KeyError("Avery Quill"))
    assert (outcome.kind, outcome.error_type) == ("retry", "internal_error")
    assert outcome.message == UNEXPECTED_MESSAGE
    assert "Avery" not in outcome.message and "Traceback" not in outcome.message


def test_final_and_timeout_messages() -> None:
    outcome = classify(ProviderTransientError("The AI service kept failing."))
    assert (
        final_message(outcome, 4)
        == "The AI service kept failing. The job stopped after 4 attempts."
    )
    assert timeout_outcome(600).message.startswith("Generating took longer than the 10-minute")
