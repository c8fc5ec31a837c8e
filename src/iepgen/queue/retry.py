"""Backoff for transient failures: exponential growth, full jitter, a cap (a policy object)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from iepgen.config import Settings


@dataclass(frozen=True)
class RetryPolicy:
    """When a job that failed transiently may run again, and whether it may run at all."""

    base_seconds: float
    max_seconds: float
    max_retries: int

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            base_seconds=settings.retry_base_seconds,
            max_seconds=settings.retry_max_seconds,
            max_retries=settings.max_retries,
        )

    @property
    def max_attempts(self) -> int:
        """Attempts a new job gets: the first run plus `max_retries`."""
        return self.max_retries + 1

    def ceiling(self, attempt: int) -> float:
        """The largest delay after failed attempt number `attempt` (1-based): base·2ⁿ⁻¹, capped."""
        exponent = max(0, attempt - 1)
        # 2.0 ** 1024 overflows a float; any sane cap is reached long before 60 doublings.
        if exponent >= 60:
            return self.max_seconds
        return min(self.max_seconds, self.base_seconds * 2.0**exponent)

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Full jitter: uniform in [0, ceiling], so retrying workers spread out instead of herd."""
        draw = rng.random() if rng is not None else random.random()
        return draw * self.ceiling(attempt)

    @staticmethod
    def attempts_left(attempts: int, max_attempts: int) -> bool:
        return attempts < max_attempts
