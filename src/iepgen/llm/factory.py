"""`build_provider`: the configured provider, wrapped in every resilience policy.

Built once per process (worker start-up, API lifespan) and closed on shutdown with
`close_provider`. Policies share their state through the database, so every process
built from the same settings and database holds the same limits and sees one circuit.
The SDK adapters are imported only when one is configured: a worker process on the
offline drafter starts without loading google-genai or openai.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.generation.provider import Provider
from iepgen.llm.offline import OfflineProvider

if TYPE_CHECKING:
    from iepgen.llm.call_guard import CallGuard
    from iepgen.llm.completion import CompletionClient
    from iepgen.llm.structured import StructuredOutputProvider


def provider_and_model(settings: Settings) -> tuple[str, str]:
    """What health and job results name: ("gemini", "gemini-3.5-flash"), ("offline", ...)."""
    kind = settings.resolved_provider
    if kind == "gemini":
        return kind, settings.gemini_model
    if kind == "openai":
        return kind, settings.openai_model
    return "offline", "offline"


def build_completion_client(
    settings: Settings, database: Database | None = None
) -> CompletionClient:
    """The bare wire client of the configured LLM provider (no policies): `llm check` uses it.

    With `database`, an OpenAI-compatible client remembers which structured-output mode the
    server accepts (shared by every process, `llm/output_modes.py`).
    """
    if settings.resolved_provider == "gemini":
        from iepgen.llm.gemini import GeminiClient

        return GeminiClient.from_settings(settings)
    from iepgen.llm.openai_compat import OpenAICompatibleClient
    from iepgen.llm.output_modes import OutputModeMemory

    memory = OutputModeMemory(database) if database is not None else None
    return OpenAICompatibleClient.from_settings(settings, memory=memory)


def build_guard(settings: Settings, database: Database) -> CallGuard:
    """The configured provider's call policies: retries, circuit breaker, shared limits."""
    from iepgen.llm.call_guard import CallGuard
    from iepgen.llm.circuit_breaker import CircuitBreaker
    from iepgen.llm.gemini import LABEL as GEMINI_LABEL
    from iepgen.llm.openai_compat import LABEL as OPENAI_LABEL
    from iepgen.llm.rate_limiter import RateLimiter, RateLimits
    from iepgen.llm.retry import RetryPolicy

    kind = settings.resolved_provider
    label = GEMINI_LABEL if kind == "gemini" else OPENAI_LABEL
    limits = RateLimits.from_settings(settings)
    return CallGuard(
        kind,
        retry=RetryPolicy.from_settings(settings, label),
        breaker=CircuitBreaker(
            database,
            kind,
            failure_threshold=settings.circuit_failure_threshold,
            reset_seconds=settings.circuit_reset_seconds,
            trial_lease_seconds=limits.lease_seconds,
            provider_label=label,
        ),
        limiter=RateLimiter(database, kind, limits, provider_label=label),
    )


def build_llm_provider(settings: Settings, database: Database) -> StructuredOutputProvider:
    """Gemini or the OpenAI-compatible provider with retries, breaker, limiter and cache."""
    from iepgen.llm.cache import ResponseCache
    from iepgen.llm.gemini import GeminiProvider
    from iepgen.llm.openai_compat import OpenAICompatibleProvider

    kind = settings.resolved_provider
    guard = build_guard(settings, database)
    cache = ResponseCache(database) if settings.llm_cache_enabled else None
    provider_class = GeminiProvider if kind == "gemini" else OpenAICompatibleProvider
    return provider_class(
        build_completion_client(settings, database),
        settings=settings,
        database=database,
        guard=guard,
        cache=cache,
    )


def build_provider(settings: Settings, database: Database) -> Provider:
    """The provider `settings.resolved_provider` names, ready for the pipeline; with
    `LLM_FALLBACK_TO_OFFLINE` the offline drafter stands in while the circuit is open."""
    if settings.resolved_provider == "offline":
        return OfflineProvider()
    provider = build_llm_provider(settings, database)
    if settings.llm_fallback_to_offline:
        from iepgen.llm.fallback import OfflineFallbackProvider

        label = f"offline (fallback: {provider.name} circuit open)"
        return OfflineFallbackProvider(provider, OfflineProvider(generated_by=label))
    return provider


async def close_provider(provider: Provider) -> None:
    """Close the provider's HTTP clients (every provider built here has `aclose`)."""
    close = getattr(provider, "aclose", None)
    if close is not None:
        await close()
