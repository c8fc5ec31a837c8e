"""Retry policy for one call: transient failures retried with full-jitter backoff.

The only retry layer: both SDKs are built with their own retries off. A 429 that says
how long to wait (`RetryInfo.retryDelay`, `Retry-After`) is waited out as asked, unless
that is longer than `max_seconds`: then the job snoozes rather than hold a worker slot.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import structlog
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from iepgen.config import Settings
from iepgen.errors import ProviderTransientError, ProviderUnavailable
from iepgen.llm.failures import TransientCallError

T = TypeVar("T")
log = structlog.get_logger(__name__)

Sleep = Callable[[float], Awaitable[None]]
OnRetry = Callable[[int, TransientCallError, float], None]


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    base_seconds: float
    max_seconds: float
    provider_label: str = "The AI service"

    @classmethod
    def from_settings(cls, settings: Settings, provider_label: str) -> RetryPolicy:
        return cls(
            max_retries=settings.llm_max_retries,
            base_seconds=settings.llm_retry_base_seconds,
            max_seconds=settings.llm_retry_max_seconds,
            provider_label=provider_label,
        )

    def should_retry(self, error: BaseException) -> bool:
        """Transient, and not asking for a wait longer than we hold a slot for."""
        if not isinstance(error, TransientCallError):
            return False
        asked = error.retry_after_seconds
        return asked is None or asked <= self.max_seconds

    def delay(self, failed_attempts: int, error: TransientCallError, rng: random.Random) -> float:
        """The wait before the next attempt: what the provider asked for, else full jitter."""
        if error.retry_after_seconds is not None:
            return error.retry_after_seconds
        ceiling = min(self.max_seconds, self.base_seconds * 2 ** (failed_attempts - 1))
        return rng.uniform(0, ceiling)

    async def run(
        self,
        attempt: Callable[[], Awaitable[T]],
        *,
        sleep: Sleep = asyncio.sleep,
        on_retry: OnRetry | None = None,
        rng: random.Random | None = None,
    ) -> T:
        """Run `attempt` until it succeeds, fails terminally, or retries run out."""
        generator = rng or random.Random()

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            assert isinstance(error, TransientCallError)
            chosen = self.delay(state.attempt_number, error, generator)
            if on_retry is not None:
                on_retry(state.attempt_number, error, chosen)
            log.info(
                "llm.retry",
                attempt=state.attempt_number,
                reason=error.reason,
                status=error.status,
                delay_seconds=round(chosen, 3),
            )
            return chosen

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries + 1),
            retry=retry_if_exception(self.should_retry),
            wait=wait,
            sleep=sleep,
            reraise=True,
        )

        async def one_attempt() -> T:
            # tenacity awaits only what it sees as a coroutine function, not any callable.
            return await attempt()

        try:
            return await retrying(one_attempt)
        except TransientCallError as error:
            raise self.give_up(error) from error

    def give_up(self, error: TransientCallError) -> ProviderUnavailable | ProviderTransientError:
        """What the job sees once retries are spent: throttling snoozes, faults retry later."""
        if error.reason == "rate_limited":
            wait = error.retry_after_seconds or self.max_seconds
            return ProviderUnavailable(
                f"{self.provider_label} is busy (rate limited); the draft will continue "
                "automatically in a moment.",
                retry_after_seconds=wait,
            )
        tries = self.max_retries + 1
        counted = f"{tries} {'try' if tries == 1 else 'tries'}"
        return ProviderTransientError(
            f"{self.provider_label} did not answer after {counted} "
            f"({error.reason.replace('_', ' ')}); the draft will be retried automatically."
        )
