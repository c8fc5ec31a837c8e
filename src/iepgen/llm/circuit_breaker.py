"""Circuit breaker shared by every worker process through `llm_circuit_state`.

closed ──N consecutive outage failures──▶ open ──reset time passes──▶ half_open (one trial)
  ▲                                        ▲                              │
  └──────────── trial succeeds ────────────┼──────── trial fails ─────────┘

Only outages count (5xx, timeouts, dropped connections): a 429 or a 4xx is an answer, so
the provider is up. The half-open trial is claimed by one UPDATE whose WHERE clause only
one process can satisfy; a claim older than `trial_lease_seconds` (its holder died) can be
taken over. While open, callers get `CircuitOpenError` with the time until the trial, and
the queue snoozes the job rather than failing it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

import structlog
from sqlalchemy import and_, case, literal, or_, select, update

from iepgen.db import Database
from iepgen.db.base import UTCDateTime, utcnow
from iepgen.errors import ProviderUnavailable
from iepgen.llm import metrics
from iepgen.llm.shared_rows import insert_if_missing
from iepgen.models import CircuitState

log = structlog.get_logger(__name__)

CLOSED: Final = "closed"
OPEN: Final = "open"
HALF_OPEN: Final = "half_open"


class CircuitOpenError(ProviderUnavailable):
    """The provider's circuit is open: no call is made until the trial time."""


@dataclass(frozen=True)
class CallPermit:
    """Leave to make one call. `trial` when it is the half-open probe; `clean` when the
    circuit was closed with no failures counted (a success then needs no write)."""

    trial: bool
    clean: bool
    token: str | None = None


class CircuitBreaker:
    def __init__(
        self,
        database: Database,
        provider: str,
        *,
        failure_threshold: int,
        reset_seconds: float,
        trial_lease_seconds: float,
        provider_label: str = "The AI service",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.provider = provider
        self.failure_threshold = failure_threshold
        self.reset_seconds = reset_seconds
        self.trial_lease_seconds = trial_lease_seconds
        self.provider_label = provider_label
        self.clock = clock
        self._local_trial: asyncio.Event | None = None

    def _open_error(self, retry_after: float) -> CircuitOpenError:
        return CircuitOpenError(
            f"{self.provider_label} is not answering, so drafting is paused; it will resume "
            "automatically once the service recovers.",
            retry_after_seconds=max(retry_after, 0.5),
        )

    async def before_call(self) -> CallPermit:
        """A permit to call, or CircuitOpenError while the circuit is open.

        While this instance's own trial is in flight, other callers here wait for its
        outcome instead of failing: sections drafted side by side would otherwise give
        up the moment one of them is chosen to probe the provider.
        """
        while True:
            async with self.database.read() as session:
                row = await session.get(CircuitState, self.provider)
                state = (
                    (row.state, row.consecutive_failures, row.reopen_at, row.trial_claimed_at)
                    if row
                    else None
                )
            if state is None or state[0] == CLOSED:
                return CallPermit(trial=False, clean=state is None or state[1] == 0)
            now = self.clock()
            _, _, reopen_at, trial_claimed_at = state
            if state[0] == OPEN and reopen_at is not None and reopen_at > now:
                raise self._open_error((reopen_at - now).total_seconds())
            lease_end = (trial_claimed_at or now) + timedelta(seconds=self.trial_lease_seconds)
            trial_running = state[0] == HALF_OPEN and trial_claimed_at is not None
            if not (trial_running and lease_end > now):
                permit = await self._claim_trial(now)
                if permit is not None:
                    return permit
            if not await self._await_local_trial(lease_end):
                raise self._open_error(min((lease_end - now).total_seconds(), self.reset_seconds))

    async def _await_local_trial(self, until: datetime) -> bool:
        """Wait for this instance's own trial, if one is running; False when there is none."""
        trial = self._local_trial
        if trial is None or trial.is_set():
            return False
        timeout = max((until - self.clock()).total_seconds(), 0.0)
        try:
            await asyncio.wait_for(trial.wait(), timeout=timeout)
        except TimeoutError:
            return False
        return True

    def _trial_over(self, permit: CallPermit) -> None:
        if permit.trial and self._local_trial is not None:
            self._local_trial.set()

    async def _claim_trial(self, now: datetime) -> CallPermit | None:
        token = f"{uuid.uuid4().hex}"
        stale = now - timedelta(seconds=self.trial_lease_seconds)
        async with self.database.transaction() as session:
            claimed = (
                await session.execute(
                    update(CircuitState)
                    .where(
                        CircuitState.provider == self.provider,
                        or_(
                            and_(CircuitState.state == OPEN, CircuitState.reopen_at <= now),
                            and_(
                                CircuitState.state == HALF_OPEN,
                                or_(
                                    CircuitState.trial_claimed_at.is_(None),
                                    CircuitState.trial_claimed_at <= stale,
                                ),
                            ),
                        ),
                    )
                    .values(
                        state=HALF_OPEN,
                        trial_claimed_by=token,
                        trial_claimed_at=now,
                        updated_at=now,
                    )
                    .returning(CircuitState.provider)
                )
            ).first()
        if claimed is None:
            return None  # another caller took the trial (or the circuit just closed)
        self._local_trial = asyncio.Event()
        metrics.set_circuit_state(self.provider, HALF_OPEN)
        log.info("llm.circuit.trial", provider=self.provider)
        return CallPermit(trial=True, clean=False, token=token)

    async def release_trial(self, permit: CallPermit) -> None:
        """A trial that ended without an answer either way: let the next caller probe now."""
        if not permit.trial:
            return
        now = self.clock()
        try:
            async with self.database.transaction() as session:
                await session.execute(
                    update(CircuitState)
                    .where(
                        CircuitState.provider == self.provider,
                        CircuitState.trial_claimed_by == permit.token,
                    )
                    .values(
                        state=OPEN,
                        reopen_at=now,
                        trial_claimed_by=None,
                        trial_claimed_at=None,
                        updated_at=now,
                    )
                )
        finally:
            self._trial_over(permit)

    async def record_success(self, permit: CallPermit) -> None:
        """The provider answered: a closed circuit forgets its failures, a trial closes it."""
        if permit.clean:
            return
        now = self.clock()
        try:
            async with self.database.transaction() as session:
                closed = (
                    await session.execute(
                        update(CircuitState)
                        .where(
                            CircuitState.provider == self.provider,
                            or_(
                                CircuitState.state == CLOSED,
                                and_(
                                    CircuitState.state == HALF_OPEN,
                                    CircuitState.trial_claimed_by == permit.token,
                                ),
                            ),
                        )
                        .values(
                            state=CLOSED,
                            consecutive_failures=0,
                            opened_at=None,
                            reopen_at=None,
                            trial_claimed_by=None,
                            trial_claimed_at=None,
                            updated_at=now,
                        )
                        .returning(CircuitState.provider)
                    )
                ).first()
        finally:
            self._trial_over(permit)
        if closed is not None and permit.trial:
            metrics.set_circuit_state(self.provider, CLOSED)
            log.info("llm.circuit.closed", provider=self.provider)

    async def record_failure(self, permit: CallPermit) -> None:
        """An outage: count it; the Nth in a row (or a failed trial) opens the circuit."""
        now = self.clock()
        reopen = now + timedelta(seconds=self.reset_seconds)
        failures = CircuitState.consecutive_failures + 1
        try:
            async with self.database.transaction() as session:
                await insert_if_missing(
                    session,
                    CircuitState,
                    {
                        "provider": self.provider,
                        "state": CLOSED,
                        "consecutive_failures": 0,
                        "updated_at": now,
                    },
                )
                if permit.trial:
                    opens = CircuitState.trial_claimed_by == permit.token
                    statement = (
                        update(CircuitState)
                        .where(CircuitState.provider == self.provider, opens)
                        .values(
                            state=OPEN,
                            consecutive_failures=failures,
                            opened_at=now,
                            reopen_at=reopen,
                            trial_claimed_by=None,
                            trial_claimed_at=None,
                            updated_at=now,
                        )
                    )
                else:
                    trips = and_(CircuitState.state == CLOSED, failures >= self.failure_threshold)
                    statement = (
                        update(CircuitState)
                        .where(CircuitState.provider == self.provider)
                        .values(
                            consecutive_failures=failures,
                            state=case((trips, OPEN), else_=CircuitState.state),
                            opened_at=case(
                                (trips, literal(now, UTCDateTime())), else_=CircuitState.opened_at
                            ),
                            reopen_at=case(
                                (trips, literal(reopen, UTCDateTime())),
                                else_=CircuitState.reopen_at,
                            ),
                            updated_at=now,
                        )
                    )
                row = (await session.execute(statement.returning(CircuitState.state))).first()
        finally:
            self._trial_over(permit)
        if row is not None and row.state == OPEN:
            metrics.set_circuit_state(self.provider, OPEN)
            log.warning("llm.circuit.open", provider=self.provider, reopen_in=self.reset_seconds)


async def circuit_state(database: Database, provider: str) -> str:
    """`closed`, `open` or `half_open` for health and queue-stats (open past its reset time
    reads as `half_open`: the next call is the trial)."""
    async with database.read() as session:
        row = (
            await session.execute(
                select(CircuitState.state, CircuitState.reopen_at).where(
                    CircuitState.provider == provider
                )
            )
        ).first()
    if row is None:
        return CLOSED
    if row.state == OPEN and row.reopen_at is not None and row.reopen_at <= utcnow():
        return HALF_OPEN
    return str(row.state)
