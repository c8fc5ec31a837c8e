"""When a job that failed transiently runs again: exponential growth, full jitter, a cap.

How many attempts a job gets is the job's own `max_attempts` (`MAX_RETRIES` + 1 when it
was enqueued); this policy only spaces them out. Provider calls have their own retry
policy inside one attempt (`llm/retry.py`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from iepgen.config import Settings


@dataclass(frozen=True)
class Backoff:
    """The delay before a job's next attempt."""

    base_seconds: float
    max_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> Backoff:
        return cls(base_seconds=settings.retry_base_seconds, max_seconds=settings.retry_max_seconds)

    def ceiling(self, attempt: int) -> float:
        """The largest delay after failed attempt number `attempt` (1-based): base·2ⁿ⁻¹, capped."""
        exponent = max(0, attempt - 1)
        # 2.0 ** 1024 overflows a float; any sane cap is reached long before 60 doublings.
        if exponent >= 60:
            return self.max_seconds
        return min(self.max_seconds, self.base_seconds * 2.0**exponent)

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Full jitter: uniform in [0, ceiling], so retrying workers spread out instead of herd."""
        draw = rng.random() if rng is not None else random.random()
        return draw * self.ceiling(attempt)
