"""`build_provider`: the configured provider, wrapped in every resilience policy.

Built once per process (worker start-up, API lifespan) and closed on shutdown with
`close_provider`. Policies share their state through the database, so every process
built from the same settings and database holds the same limits and sees one circuit.
"""

from __future__ import annotations

from iepgen.config import Settings
from iepgen.db import Database
from iepgen.llm.cache import ResponseCache
from iepgen.llm.call_guard import CallGuard
from iepgen.llm.circuit_breaker import CircuitBreaker
from iepgen.llm.completion import CompletionClient
from iepgen.llm.fallback import OfflineFallbackProvider
from iepgen.llm.gemini import LABEL as GEMINI_LABEL
from iepgen.llm.gemini import GeminiClient, GeminiProvider
from iepgen.llm.offline import OfflineProvider
from iepgen.llm.openai_compat import LABEL as OPENAI_LABEL
from iepgen.llm.openai_compat import OpenAICompatibleClient, OpenAICompatibleProvider
from iepgen.llm.output_modes import OutputModeMemory
from iepgen.llm.protocol import Provider
from iepgen.llm.rate_limiter import RateLimiter, RateLimits
from iepgen.llm.retry import RetryPolicy
from iepgen.llm.structured import StructuredOutputProvider


def provider_and_model(settings: Settings) -> tuple[str, str]:
    """What health and job results name: ("gemini", "gemini-3.5-flash"), ("offline", ...)."""
    kind = settings.resolved_provider
    if kind == "gemini":
        return kind, settings.gemini_model
    if kind == "openai":
        return kind, settings.openai_model
    return "offline", "offline"


def build_completion_client(settings: Settings) -> CompletionClient:
    """The bare wire client of the configured LLM provider (no policies): `llm check` uses it."""
    if settings.resolved_provider == "gemini":
        return GeminiClient.from_settings(settings)
    return OpenAICompatibleClient.from_settings(settings)


def build_llm_provider(settings: Settings, database: Database) -> StructuredOutputProvider:
    """Gemini or the OpenAI-compatible provider with retries, breaker, limiter and cache."""
    kind = settings.resolved_provider
    label = GEMINI_LABEL if kind == "gemini" else OPENAI_LABEL
    limits = RateLimits.from_settings(settings)
    guard = CallGuard(
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
    cache = ResponseCache(database) if settings.llm_cache_enabled else None
    provider_class = GeminiProvider if kind == "gemini" else OpenAICompatibleProvider
    client = (
        GeminiClient.from_settings(settings)
        if kind == "gemini"
        else OpenAICompatibleClient.from_settings(settings, memory=OutputModeMemory(database))
    )
    return provider_class(
        client,
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
        label = f"offline (fallback: {provider.name} circuit open)"
        return OfflineFallbackProvider(provider, OfflineProvider(generated_by=label))
    return provider


async def close_provider(provider: Provider) -> None:
    """Close the provider's HTTP clients (every provider built here has `aclose`)."""
    close = getattr(provider, "aclose", None)
    if close is not None:
        await close()
