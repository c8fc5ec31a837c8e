"""Providers for pipeline tests: the offline drafter behind a delay, a recorder, a script."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pydantic import BaseModel

from iepgen.generation.provider import SectionRequest, SectionResult, Usage
from iepgen.llm.offline import OfflineProvider


@dataclass
class RecordingProvider:
    """Answers like the offline drafter after `delay` seconds; records what overlapped."""

    delay: float = 0.0
    name: str = "recording"
    model: str = "recording-1"
    events: list[tuple[str, str]] = field(default_factory=list)
    requests: list[SectionRequest] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    # section_type -> what to answer instead of the draft, given the request.
    script: dict[str, Callable[[SectionRequest], BaseModel | Exception]] = field(
        default_factory=dict
    )
    inner: OfflineProvider = field(default_factory=OfflineProvider)

    async def generate_section(self, request: SectionRequest) -> SectionResult:
        self.requests.append(request)
        self.events.append(("start", request.section_type))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            result = await self.inner.generate_section(request)
            scripted = self.script.get(request.section_type)
            if scripted is not None:
                answer = scripted(request)
                if isinstance(answer, Exception):
                    raise answer
                result = replace(result, content=answer)
            return replace(
                result,
                usage=Usage(llm_calls=1, prompt_tokens=100, output_tokens=50),
                provider=self.name,
                model=self.model,
                generated_by=f"{self.name}:{self.model}",
            )
        finally:
            self.in_flight -= 1
            self.events.append(("end", request.section_type))

    def calls(self, section_type: str) -> list[SectionRequest]:
        return [r for r in self.requests if r.section_type == section_type]
