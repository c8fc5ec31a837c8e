"""Backoff: exponential ceiling, full jitter inside it, a hard cap."""

from __future__ import annotations

import random

import pytest

from iepgen.queue.backoff import Backoff

POLICY = Backoff(base_seconds=2.0, max_seconds=300.0)


def test_ceiling_doubles_from_the_base_and_stops_at_the_cap() -> None:
    assert [POLICY.ceiling(n) for n in range(1, 6)] == [2.0, 4.0, 8.0, 16.0, 32.0]
    assert POLICY.ceiling(9) == 300.0  # 2 * 2**8 = 512, capped
    assert POLICY.ceiling(10_000) == 300.0  # no float overflow


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 8, 50])
def test_delay_is_full_jitter_within_zero_and_the_ceiling(attempt: int) -> None:
    rng = random.Random(attempt)
    delays = [POLICY.delay(attempt, rng) for _ in range(2000)]
    assert all(0.0 <= delay <= POLICY.ceiling(attempt) for delay in delays)
    # Full jitter spreads over the whole range, not a narrow band around the ceiling.
    assert min(delays) < 0.1 * POLICY.ceiling(attempt)
    assert max(delays) > 0.9 * POLICY.ceiling(attempt)


def test_delay_bounds_hold_at_the_extremes() -> None:
    class Fixed(random.Random):
        def __init__(self, value: float) -> None:
            super().__init__()
            self.value = value

        def random(self) -> float:
            return self.value

    assert POLICY.delay(3, Fixed(0.0)) == 0.0
    assert POLICY.delay(3, Fixed(0.999999)) == pytest.approx(8.0, rel=1e-5)
    assert POLICY.delay(40, Fixed(0.999999)) <= 300.0


def test_policy_comes_from_settings() -> None:
    from iepgen.config import Settings

    settings = Settings(retry_base_seconds=0.5, retry_max_seconds=9)
    policy = Backoff.from_settings(settings)
    assert (policy.base_seconds, policy.max_seconds) == (0.5, 9)
