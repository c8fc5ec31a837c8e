"""`LLM_FALLBACK_TO_OFFLINE`: while the provider's circuit is open, draft with the offline
drafter instead of waiting, and say so in `generated_by`."""

from __future__ import annotations

from dataclasses import replace

import structlog

from iepgen.generation.provider import Provider, SectionRequest, SectionResult
from iepgen.llm.circuit_breaker import CircuitOpenError

log = structlog.get_logger(__name__)


class OfflineFallbackProvider:
    """`primary`, or `offline` for as long as the primary's circuit is open."""

    def __init__(self, primary: Provider, offline: Provider) -> None:
        self.primary = primary
        self.offline = offline
        self.name = primary.name
        self.model = primary.model

    async def aclose(self) -> None:
        for provider in (self.primary, self.offline):
            close = getattr(provider, "aclose", None)
            if close is not None:
                await close()

    async def generate_section(self, request: SectionRequest) -> SectionResult:
        try:
            return await self.primary.generate_section(request)
        except CircuitOpenError:
            log.info(
                "llm.fallback.offline",
                provider=self.primary.name,
                section_type=request.section_type,
            )
            result = await self.offline.generate_section(request)
            return replace(
                result, generated_by=f"offline (fallback: {self.primary.name} circuit open)"
            )
