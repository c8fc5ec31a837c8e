"""Prometheus metrics for provider calls. Labels are provider names and outcomes only:
never a student, a section's content or a prompt."""

from __future__ import annotations

from typing import Final

from prometheus_client import Counter, Gauge, Histogram

CIRCUIT_STATE_VALUES: Final[dict[str, int]] = {"closed": 0, "half_open": 1, "open": 2}

LLM_CALLS: Final = Counter(
    "iepgen_llm_calls",
    "Provider calls by outcome (success, transient_error, rejected, invalid_output).",
    ["provider", "outcome"],
)
LLM_LATENCY: Final = Histogram(
    "iepgen_llm_call_seconds",
    "Latency of one provider call attempt, in seconds.",
    ["provider"],
    buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120),
)
LLM_TOKENS: Final = Counter(
    "iepgen_llm_tokens",
    "Tokens reported by the provider (prompt, output, cached).",
    ["provider", "kind"],
)
LLM_CACHE_HITS: Final = Counter(
    "iepgen_llm_cache_hits", "Requests answered from the response cache.", ["provider"]
)
LLM_RETRIES: Final = Counter(
    "iepgen_llm_retries", "Attempts retried, by reason.", ["provider", "reason"]
)
LLM_CIRCUIT_STATE: Final = Gauge(
    "iepgen_llm_circuit_state",
    "Circuit breaker state as this process last saw it: 0 closed, 1 half-open, 2 open.",
    ["provider"],
    # Across processes (multiprocess mode): the state most recently seen by any of them.
    multiprocess_mode="mostrecent",
)
LLM_SNOOZES: Final = Counter(
    "iepgen_llm_limiter_snoozes",
    "Calls the rate limiter sent back to the queue to run later.",
    ["provider"],
)


def set_circuit_state(provider: str, state: str) -> None:
    LLM_CIRCUIT_STATE.labels(provider=provider).set(CIRCUIT_STATE_VALUES.get(state, 0))


def record_call(
    provider: str,
    outcome: str,
    seconds: float,
    *,
    prompt: int = 0,
    output: int = 0,
    cached: int = 0,
) -> None:
    LLM_CALLS.labels(provider=provider, outcome=outcome).inc()
    LLM_LATENCY.labels(provider=provider).observe(seconds)
    for kind, count in (("prompt", prompt), ("output", output), ("cached", cached)):
        if count:
            LLM_TOKENS.labels(provider=provider, kind=kind).inc(count)
