"""Failures of one call, as the resilience policies see them, and messages a teacher reads."""

from __future__ import annotations

from typing import Final, Literal

from iepgen.errors import ProviderError, ProviderRejected

TransientReason = Literal["rate_limited", "server_error", "timeout", "connection"]

# The provider did not answer at all or answered with a server fault: these count toward
# opening the circuit. A 429 or a 4xx is an answer: the provider is up.
OUTAGE_REASONS: Final[frozenset[str]] = frozenset({"server_error", "timeout", "connection"})


class TransientCallError(ProviderError):
    """One attempt failed in a way that may pass: 429, 5xx, a timeout, a dropped connection."""

    def __init__(
        self,
        message: str,
        *,
        reason: TransientReason,
        status: int | None = None,
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status
        self.retry_after_seconds = retry_after_seconds

    @property
    def is_outage(self) -> bool:
        return self.reason in OUTAGE_REASONS


def rejected_for_status(
    provider_label: str, status: int, detail: str | None = None
) -> ProviderRejected:
    """A terminal 4xx in words a teacher (or the IT person they forward it to) can act on."""
    if status == 401 or status == 403:
        message = (
            f"{provider_label} refused the API key (HTTP {status}). Ask your administrator "
            "to check the key in the server settings."
        )
    elif status == 404:
        message = (
            f"{provider_label} does not know the configured model (HTTP 404). Ask your "
            "administrator to check the model name in the server settings."
        )
    elif status == 429:
        message = (
            f"The daily quota for {provider_label} is used up. Drafting can continue "
            "tomorrow, or your administrator can raise the quota."
        )
    else:
        message = (
            f"{provider_label} rejected the request (HTTP {status}). Ask your administrator "
            "to check the provider settings."
        )
    if detail:
        # Only the provider's status word (e.g. API_KEY_INVALID): its free-text message
        # may quote the request, which must never reach a log or a job's error.
        message += f" ({detail[:60]})"
    return ProviderRejected(message)


def blocked_content(provider_label: str, reason: str) -> ProviderRejected:
    return ProviderRejected(
        f"{provider_label} declined to draft this section ({reason.lower()} filter). "
        "Review the student's notes and the extra context for wording that could read as "
        "harmful out of context, rephrase it, and submit again, or write this section by hand."
    )
