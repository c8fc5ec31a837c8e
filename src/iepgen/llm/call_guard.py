"""One provider call under every resilience policy: circuit breaker, rate limits, retries.

Per attempt: ask the breaker for a permit, hold a limiter slot, make the call, tell the
breaker how it went (only outages count against it), and when the provider asked
everyone to slow down (429 with a delay) push the shared limiter back so no process
starts a call before then. The retry policy wraps the whole attempt.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import structlog

from iepgen.errors import ProviderRejected
from iepgen.llm import metrics
from iepgen.llm.circuit_breaker import CallPermit, CircuitBreaker
from iepgen.llm.completion import Completion, CompletionClient, CompletionRequest
from iepgen.llm.failures import TransientCallError
from iepgen.llm.rate_limiter import CallSlot, RateLimiter
from iepgen.llm.retry import RetryPolicy

log = structlog.get_logger(__name__)


class CallGuard:
    def __init__(
        self,
        provider: str,
        *,
        retry: RetryPolicy,
        breaker: CircuitBreaker | None = None,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.provider = provider
        self.retry = retry
        self.breaker = breaker
        self.limiter = limiter
        self.sleep = sleep
        self._probes: set[asyncio.Future[Completion]] = set()

    @asynccontextmanager
    async def _slot(self, request: CompletionRequest) -> AsyncIterator[CallSlot | None]:
        if self.limiter is None:
            yield None
            return
        async with self.limiter.slot(request.estimated_tokens()) as slot:
            yield slot

    async def call(self, client: CompletionClient, request: CompletionRequest) -> Completion:
        """The completion, or ProviderRejected / ProviderUnavailable / ProviderTransientError."""

        def on_retry(attempt: int, error: TransientCallError, delay: float) -> None:
            metrics.LLM_RETRIES.labels(provider=self.provider, reason=error.reason).inc()

        return await self.retry.run(
            lambda: self._attempt(client, request), sleep=self.sleep, on_retry=on_retry
        )

    async def _attempt(self, client: CompletionClient, request: CompletionRequest) -> Completion:
        permit = await self.breaker.before_call() if self.breaker else None
        if permit is None or not permit.trial:
            return await self._call(client, request, permit)
        # The half-open probe must reach an outcome even if the job that made it is
        # cancelled (say a sibling section failed): its claim would otherwise keep every
        # process waiting until the claim's lease ran out.
        probe = asyncio.ensure_future(self._probe(client, request, permit))
        self._probes.add(probe)
        probe.add_done_callback(self._probe_done)
        return await asyncio.shield(probe)

    async def _probe(
        self, client: CompletionClient, request: CompletionRequest, permit: CallPermit
    ) -> Completion:
        try:
            return await self._call(client, request, permit)
        except (TransientCallError, ProviderRejected):
            raise  # the breaker has its outcome
        except BaseException:
            assert self.breaker is not None
            await self.breaker.release_trial(permit)
            raise

    def _probe_done(self, probe: asyncio.Future[Completion]) -> None:
        self._probes.discard(probe)
        if not probe.cancelled():
            probe.exception()  # retrieved here: the caller that awaited it may be gone

    async def _call(
        self, client: CompletionClient, request: CompletionRequest, permit: CallPermit | None
    ) -> Completion:
        async with self._slot(request) as slot:
            started = time.perf_counter()
            try:
                completion = await client.complete(request)
            except TransientCallError as error:
                metrics.record_call(self.provider, "transient_error", time.perf_counter() - started)
                await self._tell_breaker(permit, outage=error.is_outage)
                if error.retry_after_seconds and self.limiter is not None:
                    await self.limiter.penalize(error.retry_after_seconds)
                log.info(
                    "llm.call.transient",
                    provider=self.provider,
                    reason=error.reason,
                    status=error.status,
                )
                raise
            except ProviderRejected:
                metrics.record_call(self.provider, "rejected", time.perf_counter() - started)
                await self._tell_breaker(permit, outage=False)
                raise
            if slot is not None:
                slot.actual_tokens = completion.total_tokens
        metrics.record_call(
            self.provider,
            "success",
            time.perf_counter() - started,
            prompt=completion.prompt_tokens,
            output=completion.output_tokens,
            cached=completion.cached_tokens,
        )
        await self._tell_breaker(permit, outage=False)
        return completion

    async def _tell_breaker(self, permit: CallPermit | None, *, outage: bool) -> None:
        if self.breaker is None or permit is None:
            return
        if outage:
            await self.breaker.record_failure(permit)
        else:
            await self.breaker.record_success(permit)
