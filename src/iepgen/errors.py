"""One exception tree for the whole service, mapped to HTTP in one place (api/errors.py)."""

from __future__ import annotations


class IepgenError(Exception):
    """Base of every error iepgen raises on purpose. `message` is safe to show a user."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(IepgenError):
    """Unknown id, or an id that belongs to someone else (never reveal which)."""

    status_code = 404


class Forbidden(IepgenError):
    status_code = 403


class Unauthorized(IepgenError):
    status_code = 401


class Conflict(IepgenError):
    """The request is valid but the record's state forbids it (e.g. editing a final IEP)."""

    status_code = 409


class PreconditionFailed(IepgenError):
    """An `If-Match` (or a form's base version) names a version that is no longer current."""

    status_code = 412


class InvalidInput(IepgenError):
    """Input that passed the schema but breaks a rule; `field` names what to fix.

    A check that finds several problems at once raises the first with the rest as `also`,
    so the caller can show all of them in one round.
    """

    status_code = 422

    def __init__(
        self,
        message: str,
        *,
        field: tuple[str | int, ...] = (),
        also: tuple[InvalidInput, ...] = (),
    ) -> None:
        super().__init__(message)
        self.field = field
        self.also = also

    @property
    def problems(self) -> tuple[InvalidInput, ...]:
        """This problem and every other one found with it."""
        return (self, *self.also)

    @classmethod
    def of(cls, problems: list[InvalidInput]) -> InvalidInput:
        """One error carrying every problem in `problems` (at least one)."""
        first, *rest = problems
        return cls(first.message, field=first.field, also=tuple(rest))


class RateLimited(IepgenError):
    status_code = 429

    def __init__(self, message: str, *, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ProviderError(IepgenError):
    """A generation provider could not produce a section. Messages are for teachers."""

    status_code = 502


class ProviderRejected(ProviderError):
    """Terminal: blocked content, bad API key, unknown model, daily quota spent. No retry."""


class ProviderUnavailable(ProviderError):
    """Transient: the circuit is open or the limiter says wait; try again at `retry_at`."""

    def __init__(self, message: str, *, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ProviderTransientError(ProviderError):
    """A call failed after its retries (5xx, timeouts): the job may be retried later."""


class InvalidOutput(ProviderError):
    """The provider's output did not validate, even after the repair request."""
