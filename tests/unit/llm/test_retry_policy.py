"""The retry policy alone: which failures retry, how long it waits, what it raises at the end."""

from __future__ import annotations

import random

import pytest

from iepgen.errors import ProviderRejected, ProviderTransientError, ProviderUnavailable
from iepgen.llm.failures import TransientCallError
from iepgen.llm.retry import RetryPolicy

POLICY = RetryPolicy(max_retries=3, base_seconds=1.0, max_seconds=30.0)


def server_error() -> TransientCallError:
    return TransientCallError("503", reason="server_error", status=503)


def rate_limited(after: float | None) -> TransientCallError:
    return TransientCallError("429", reason="rate_limited", status=429, retry_after_seconds=after)


class Recorder:
    def __init__(self) -> None:
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def failing(*errors: BaseException, then: str = "ok") -> tuple[list[int], object]:
    calls: list[int] = []

    async def attempt() -> str:
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return then

    return calls, attempt


def test_full_jitter_stays_under_the_exponential_ceiling() -> None:
    rng = random.Random(7)
    for failed in range(1, 8):
        ceiling = min(30.0, 1.0 * 2 ** (failed - 1))
        delays = [POLICY.delay(failed, server_error(), rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        # Full jitter spreads over the whole range, not just near the ceiling.
        assert min(delays) < ceiling * 0.2 and max(delays) > ceiling * 0.8


def test_a_retry_delay_from_the_provider_is_used_as_given() -> None:
    assert POLICY.delay(1, rate_limited(2.5), random.Random()) == 2.5


async def test_transient_failures_retry_then_succeed() -> None:
    recorder = Recorder()
    calls, attempt = failing(server_error(), rate_limited(1.5))
    result = await POLICY.run(attempt, sleep=recorder.sleep, rng=random.Random(1))  # type: ignore[arg-type]
    assert result == "ok"
    assert len(calls) == 3
    assert recorder.sleeps[1] == 1.5
    assert 0 <= recorder.sleeps[0] <= 1.0


async def test_after_max_retries_a_server_fault_is_a_transient_error() -> None:
    recorder = Recorder()
    calls, attempt = failing(*[server_error() for _ in range(10)])
    with pytest.raises(ProviderTransientError, match="did not answer after 4 tries"):
        await POLICY.run(attempt, sleep=recorder.sleep)  # type: ignore[arg-type]
    assert len(calls) == 4 and len(recorder.sleeps) == 3


async def test_after_max_retries_throttling_snoozes_the_job() -> None:
    calls, attempt = failing(*[rate_limited(0.1) for _ in range(10)])
    with pytest.raises(ProviderUnavailable) as raised:
        await POLICY.run(attempt, sleep=Recorder().sleep)  # type: ignore[arg-type]
    assert raised.value.retry_after_seconds == 0.1
    assert len(calls) == 4


async def test_a_wait_longer_than_the_cap_snoozes_instead_of_blocking() -> None:
    recorder = Recorder()
    calls, attempt = failing(rate_limited(45.0))
    with pytest.raises(ProviderUnavailable) as raised:
        await POLICY.run(attempt, sleep=recorder.sleep)  # type: ignore[arg-type]
    assert raised.value.retry_after_seconds == 45.0
    assert len(calls) == 1 and recorder.sleeps == []


async def test_terminal_failures_are_never_retried() -> None:
    calls, attempt = failing(ProviderRejected("bad key"))
    with pytest.raises(ProviderRejected):
        await POLICY.run(attempt, sleep=Recorder().sleep)  # type: ignore[arg-type]
    assert len(calls) == 1


async def test_zero_retries_means_one_attempt() -> None:
    policy = RetryPolicy(max_retries=0, base_seconds=1.0, max_seconds=30.0)
    calls, attempt = failing(server_error())
    with pytest.raises(ProviderTransientError):
        await policy.run(attempt, sleep=Recorder().sleep)  # type: ignore[arg-type]
    assert len(calls) == 1
