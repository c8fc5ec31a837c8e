"""The limiter's numbers, derived from settings."""

from __future__ import annotations

import pytest

from iepgen.config import Settings
from iepgen.llm.rate_limiter import RateLimits


def settings(**values: object) -> Settings:
    return Settings.model_validate({"environment": "test", **values})


def test_requests_are_paced_a_little_under_the_limit() -> None:
    limits = RateLimits.from_settings(settings(llm_requests_per_minute=120))
    # 2% headroom on a minute: 120 requests spread over 61.2 s, never 121 in any minute.
    assert limits.request_interval == pytest.approx(61.2 / 120)
    short = RateLimits.from_settings(
        settings(llm_requests_per_minute=6, llm_rate_window_seconds=2.0)
    )
    assert short.request_interval == pytest.approx(2.25 / 6)  # at least 0.25 s of slack


def test_a_full_pipeline_waits_in_process_rather_than_snoozing() -> None:
    limits = RateLimits.from_settings(
        settings(llm_requests_per_minute=30, llm_max_concurrency=16, llm_limiter_max_wait_seconds=5)
    )
    assert limits.acceptable_wait == pytest.approx(16 * 61.2 / 30)


def test_a_lease_outlives_the_longest_wait_and_call() -> None:
    limits = RateLimits.from_settings(
        settings(llm_requests_per_minute=10, llm_max_concurrency=64, llm_timeout_seconds=60)
    )
    assert limits.lease_seconds > limits.acceptable_wait + 60 + 5
