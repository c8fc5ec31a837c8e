"""Requests per window, tokens per window and concurrent calls, held across every process.

Rates use GCRA (the generic cell rate algorithm, a leaky bucket kept as one "theoretical
arrival time" per limit) rather than counting per fixed window: a fixed window lets up to
twice the limit through around a window boundary, which a provider counting over a
sliding minute answers with 429s. Each reservation is one atomic UPDATE ... RETURNING on
the provider's row in `llm_rate_limits` (both dialects) that moves both arrival times on
and counts the call in flight, only if the wait it implies is acceptable and a concurrency
slot is free. Calls in flight are also leases in `llm_call_leases`: a process that dies
mid-call leaves a lease that expires and is cleaned up, so the count heals itself.

Each process also holds an asyncio semaphore of the same size, so local callers queue in
memory and only one of them polls the database when every slot is taken elsewhere.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Final

import structlog
from sqlalchemy import Float, case, delete, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.errors import ProviderUnavailable
from iepgen.llm import metrics
from iepgen.llm.shared_rows import insert_if_missing
from iepgen.models import CallLease, RateLimitState

log = structlog.get_logger(__name__)

# Run a hair under the limit: jitter between our send time and the provider's clock
# (a late wake-up, a slow connection) would otherwise put the (limit+1)th request inside
# the provider's window now and then. Pace as if the window were this much longer.
HEADROOM: Final = 0.02
MIN_JITTER_SECONDS: Final = 0.25
POLL_SECONDS: Final = (0.05, 0.25)


def process_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class RateLimits:
    requests_per_window: int
    tokens_per_window: int
    window_seconds: float
    max_concurrency: int
    max_wait_seconds: float
    lease_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        limits = cls(
            requests_per_window=settings.llm_requests_per_minute,
            tokens_per_window=settings.llm_tokens_per_minute,
            window_seconds=settings.llm_rate_window_seconds,
            max_concurrency=settings.llm_max_concurrency,
            max_wait_seconds=settings.llm_limiter_max_wait_seconds,
            lease_seconds=0.0,
        )
        # A live call holds its slot through the wait for its start and the call itself
        # (timeout plus the adapter's 5 s backstop): its lease must outlast both.
        held = limits.acceptable_wait + settings.llm_timeout_seconds + 5
        return replace(limits, lease_seconds=held + 30)

    @property
    def paced_window(self) -> float:
        return self.window_seconds + max(self.window_seconds * HEADROOM, MIN_JITTER_SECONDS)

    @property
    def request_interval(self) -> float:
        return self.paced_window / self.requests_per_window

    @property
    def token_interval(self) -> float:
        return self.paced_window / self.tokens_per_window

    @property
    def acceptable_wait(self) -> float:
        """The longest wait for a slot spent in-process; longer ones snooze the job. At least
        the queue our own concurrency can build, so a full pipeline never snoozes itself."""
        return max(self.max_wait_seconds, self.max_concurrency * self.request_interval)


@dataclass
class CallSlot:
    """One reserved call; the caller reports the real token count once it is known."""

    lease_id: str
    estimated_tokens: int
    actual_tokens: int | None = None


class RateLimiter:
    def __init__(
        self,
        database: Database,
        provider: str,
        limits: RateLimits,
        *,
        holder: str | None = None,
        provider_label: str = "The AI service",
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.database = database
        self.provider = provider
        self.limits = limits
        self.holder = holder or process_holder()
        self.provider_label = provider_label
        self.clock = clock
        self.sleep = sleep
        self._local_slots = asyncio.Semaphore(limits.max_concurrency)
        self._reserving = asyncio.Lock()

    @asynccontextmanager
    async def slot(self, estimated_tokens: int) -> AsyncIterator[CallSlot]:
        """Hold a call slot: waits (briefly) for capacity, else raises ProviderUnavailable."""
        async with self._local_slots:
            async with self._reserving:
                lease_id, start_at = await self._reserve(estimated_tokens)
            call = CallSlot(lease_id=lease_id, estimated_tokens=estimated_tokens)
            try:
                delay = start_at - self.clock()
                if delay > 0:
                    await self.sleep(delay)
                yield call
            finally:
                await self._release(call)

    def _busy(self, retry_after: float) -> ProviderUnavailable:
        metrics.LLM_SNOOZES.labels(provider=self.provider).inc()
        return ProviderUnavailable(
            f"{self.provider_label} is at its request limit; the draft will continue "
            "automatically in a moment.",
            retry_after_seconds=max(retry_after, 0.5),
        )

    async def _reserve(self, tokens: int) -> tuple[str, float]:
        give_up_at = self.clock() + self.limits.lease_seconds
        while True:
            now = self.clock()
            reserved, wait, reason = await self._try_reserve(tokens, now)
            if reserved is not None:
                return reserved
            if reason == "rate":
                log.info("llm.limiter.snooze", provider=self.provider, wait_seconds=round(wait, 2))
                raise self._busy(wait)
            pause = random.uniform(*POLL_SECONDS)
            if self.clock() + pause > give_up_at:
                raise self._busy(self.limits.max_wait_seconds)
            await self.sleep(pause)

    async def _try_reserve(
        self, tokens: int, now: float
    ) -> tuple[tuple[str, float] | None, float, str]:
        """One atomic attempt: ((lease id, start time), 0, "") or (None, wait, reason)."""
        limits = self.limits
        horizon = now + limits.acceptable_wait
        now_value = literal(now, Float())
        state = RateLimitState
        request_base = case((state.request_tat > now_value, state.request_tat), else_=now_value)
        token_base = case((state.token_tat > now_value, state.token_tat), else_=now_value)
        statement = (
            update(state)
            .where(
                state.provider == self.provider,
                state.in_flight < limits.max_concurrency,
                state.request_tat <= horizon,
                state.token_tat <= horizon,
            )
            .values(
                request_tat=request_base + limits.request_interval,
                token_tat=token_base + tokens * limits.token_interval,
                in_flight=state.in_flight + 1,
                updated_at=datetime.fromtimestamp(now, UTC),
            )
            .returning(state.request_tat, state.token_tat)
        )
        async with self.database.transaction() as session:
            row = (await session.execute(statement)).first()
            if row is not None:
                lease_id = str(uuid.uuid4())
                session.add(
                    CallLease(
                        id=lease_id,
                        provider=self.provider,
                        holder=self.holder,
                        expires_at=datetime.fromtimestamp(now + limits.lease_seconds, UTC),
                    )
                )
                start_at = max(
                    row.request_tat - limits.request_interval,
                    row.token_tat - tokens * limits.token_interval,
                    now,
                )
                return (lease_id, start_at), 0.0, ""
            current = (
                await session.execute(
                    select(state.request_tat, state.token_tat, state.in_flight).where(
                        state.provider == self.provider
                    )
                )
            ).first()
            if current is None:
                await insert_if_missing(
                    session,
                    state,
                    {
                        "provider": self.provider,
                        "request_tat": 0.0,
                        "token_tat": 0.0,
                        "in_flight": 0,
                        "updated_at": datetime.fromtimestamp(now, UTC),
                    },
                )
                return None, 0.0, "concurrency"
            if current.in_flight >= limits.max_concurrency:
                await self._expire_leases(session, now)
                return None, 0.0, "concurrency"
            wait = max(current.request_tat, current.token_tat) - now
            if wait <= limits.acceptable_wait:
                # The row moved between the UPDATE and this read (PostgreSQL): try again.
                return None, 0.0, "retry"
            return None, wait, "rate"

    async def _expire_leases(self, session: AsyncSession, now: float) -> None:
        """Leases past their expiry belong to dead processes: free their slots."""
        expired = (
            await session.execute(
                delete(CallLease)
                .where(
                    CallLease.provider == self.provider,
                    CallLease.expires_at < datetime.fromtimestamp(now, UTC),
                )
                .returning(CallLease.id)
            )
        ).all()
        if expired:
            log.warning("llm.limiter.leases_expired", provider=self.provider, count=len(expired))
            await session.execute(
                update(RateLimitState)
                .where(RateLimitState.provider == self.provider)
                .values(
                    in_flight=case(
                        (
                            RateLimitState.in_flight > len(expired),
                            RateLimitState.in_flight - len(expired),
                        ),
                        else_=0,
                    )
                )
            )

    async def _release(self, call: CallSlot) -> None:
        """Free the slot and correct the token reservation by what the call really used."""
        correction = 0.0
        if call.actual_tokens is not None:
            correction = (call.actual_tokens - call.estimated_tokens) * self.limits.token_interval
        try:
            async with self.database.transaction() as session:
                deleted = await session.execute(
                    delete(CallLease).where(CallLease.id == call.lease_id)
                )
                held = bool(getattr(deleted, "rowcount", 0))
                values: dict[str, object] = {"token_tat": RateLimitState.token_tat + correction}
                if held:
                    values["in_flight"] = case(
                        (RateLimitState.in_flight > 0, RateLimitState.in_flight - 1), else_=0
                    )
                await session.execute(
                    update(RateLimitState)
                    .where(RateLimitState.provider == self.provider)
                    .values(**values)
                )
        except Exception:  # the lease expires on its own; never mask the call's outcome
            log.exception("llm.limiter.release_failed", provider=self.provider)

    async def penalize(self, seconds: float) -> None:
        """The provider asked everyone to wait (429 with a delay): no call starts before then."""
        until = self.clock() + seconds
        until_value = literal(until, Float())
        async with self.database.transaction() as session:
            await session.execute(
                update(RateLimitState)
                .where(RateLimitState.provider == self.provider)
                .values(
                    request_tat=case(
                        (RateLimitState.request_tat > until_value, RateLimitState.request_tat),
                        else_=until_value,
                    )
                )
            )
