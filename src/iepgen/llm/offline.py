"""The offline drafter as a first-class provider: no network, deterministic, always there."""

from __future__ import annotations

from typing import Final

import structlog
from pydantic import BaseModel, ValidationError

from iepgen.errors import InvalidOutput, ProviderRejected
from iepgen.generation.offline import DRAFTERS, draft_section
from iepgen.generation.provider import SectionRequest, SectionResult, Usage

log = structlog.get_logger("iepgen.llm.offline")

# Bump when the drafter's wording or rules change: it is part of `model`, so cached and
# stored results say which drafter wrote them.
OFFLINE_VERSION: Final = "2"
OFFLINE_MODEL: Final = f"iepgen-offline-{OFFLINE_VERSION}"


class OfflineProvider:
    """Drafts every section from the student's data, a goal bank and the template."""

    name = "offline"
    model = OFFLINE_MODEL

    def __init__(self, *, generated_by: str = "offline") -> None:
        # "offline (fallback)" when standing in for an LLM whose circuit is open.
        self.generated_by = generated_by

    async def generate_section(self, request: SectionRequest) -> SectionResult:
        if request.section_type not in DRAFTERS:
            raise ProviderRejected(
                f"The offline drafter cannot write a '{request.section_type}' section."
            )
        try:
            drafted = draft_section(request.section_type, request.context, request.decisions)
            # The caller's schema is the contract, even if it is not the registry's.
            content: BaseModel = drafted
            if not isinstance(drafted, request.schema):
                content = request.schema.model_validate(drafted.model_dump(mode="json"))
        except ValidationError as exc:
            log.warning(
                "offline.section_invalid",
                section_type=request.section_type,
                student_id=request.context.student.id,
                errors=exc.error_count(),
            )
            raise InvalidOutput(
                f"The offline drafter could not fill the '{request.section_type}' section "
                "from this student's record; check the student's details."
            ) from exc
        return SectionResult(
            content=content,
            usage=Usage(),
            provider=self.name,
            model=self.model,
            generated_by=self.generated_by,
        )
